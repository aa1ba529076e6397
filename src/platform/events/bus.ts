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

/** Embedded mode: every bus on the same database shares one emitter, as every LISTEN hears every NOTIFY. */
const sharedEmitters = new WeakMap<object, EventEmitter>();

export const createEventBus = async (database: Database): Promise<EventBus> => {
  if (!database.listen) {
    const key = database.db as object;
    const shared = sharedEmitters.get(key) ?? new EventEmitter().setMaxListeners(0);
    sharedEmitters.set(key, shared);
    return inProcessBus(shared);
  }
  const local = new EventEmitter().setMaxListeners(0);
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

const inProcessBus = (shared: EventEmitter): EventBus => {
  const mine = new Set<[Topic, (payload: string) => void]>();
  return {
    publish: (topic, payload = "") => {
      queueMicrotask(() => shared.emit(topic, payload));
    },
    subscribe: (topic, listener) => {
      const entry: [Topic, (payload: string) => void] = [topic, listener];
      mine.add(entry);
      shared.on(topic, listener);
      return () => {
        mine.delete(entry);
        shared.off(topic, listener);
      };
    },
    // Only this bus's listeners go: others on the same database keep theirs.
    close: async () => {
      for (const [topic, listener] of mine) shared.off(topic, listener);
      mine.clear();
    },
  };
};
