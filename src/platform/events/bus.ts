import { EventEmitter } from "node:events";
import type { Database } from "../db/client.ts";

/**
 * Wake-ups and live updates. In-process on PGlite (one process owns the database);
 * LISTEN/NOTIFY on PostgreSQL so every instance hears every other.
 */
export type Topic = "outbox" | "inbox" | "desk";

export type EventBus = {
  publish(topic: Topic, payload?: string): void;
  subscribe(topic: Topic, listener: (payload: string) => void): () => void;
  close(): Promise<void>;
};

const CHANNEL_PREFIX = "lontar_";

export const createEventBus = async (database: Database): Promise<EventBus> => {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  if (!database.listen) return inProcessBus(local);
  const unlisteners = await Promise.all(
    (["outbox", "inbox", "desk"] as const).map((topic) =>
      database.listen!(CHANNEL_PREFIX + topic, (payload) => local.emit(topic, payload)),
    ),
  );
  return {
    // NOTIFY reaches this instance too (through its own LISTEN), so no local emit: no double wake-ups.
    publish: (topic, payload = "") => {
      database
        .withSession((s) => s.query("SELECT pg_notify($1, $2)", [CHANNEL_PREFIX + topic, payload]))
        .catch(() => {
          local.emit(topic, payload); // the database is unreachable: at least wake ourselves
        });
    },
    subscribe: (topic, listener) => {
      local.on(topic, listener);
      return () => local.off(topic, listener);
    },
    close: async () => {
      await Promise.all(unlisteners.map((u) => u()));
      local.removeAllListeners();
    },
  };
};

const inProcessBus = (local: EventEmitter): EventBus => ({
  publish: (topic, payload = "") => {
    queueMicrotask(() => local.emit(topic, payload));
  },
  subscribe: (topic, listener) => {
    local.on(topic, listener);
    return () => local.off(topic, listener);
  },
  close: async () => {
    local.removeAllListeners();
  },
});
