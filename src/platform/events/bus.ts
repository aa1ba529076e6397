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
  // NOTIFY reaches this instance too (through its own LISTEN), so no local emit: no double wake-ups.
  const notify = (topic: Topic, payload: string) =>
    database
      .withSession((s) => s.query("SELECT pg_notify($1, $2)", [CHANNEL_PREFIX + topic, payload]))
      .then(
        () => {},
        () => {
          local.emit(topic, payload); // the database is unreachable: at least wake ourselves
        },
      );
  // Wake-ups carry nothing, so a burst of them (500 webhooks a second) needs one NOTIFY in flight and one after.
  const wakeups = new Map<Topic, { again: boolean }>();
  const wake = (topic: Topic) => {
    const pending = wakeups.get(topic);
    if (pending) {
      pending.again = true;
      return;
    }
    const entry = { again: false };
    wakeups.set(topic, entry);
    void notify(topic, "").finally(() => {
      wakeups.delete(topic);
      if (entry.again) wake(topic);
    });
  };
  return {
    publish: (topic, payload = "") => (payload === "" ? wake(topic) : void notify(topic, payload)),
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
