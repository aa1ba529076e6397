/**
 * "Something changed for office X": what the desk's live views listen for. Changes come in bursts (a webhook
 * delivery touches a message, a conversation and an application), so they are gathered for a short window
 * and published once per office; every instance hears them through the bus.
 */
import type { EventBus } from "./bus.ts";

export const ALL_OFFICES = "*";

export type ChangeSignal = {
  changed(officeId: string): void;
  subscribe(listener: (officeId: string) => void): () => void;
};

export const createChangeSignal = (bus: EventBus, windowMs = 150): ChangeSignal => {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const offices = pending.has(ALL_OFFICES) ? [ALL_OFFICES] : [...pending];
    pending.clear();
    for (const office of offices) bus.publish("desk", office);
  };
  return {
    changed(officeId) {
      pending.add(officeId);
      if (!timer) timer = setTimeout(flush, windowMs).unref();
    },
    subscribe: (listener) => bus.subscribe("desk", (payload) => listener(payload || ALL_OFFICES)),
  };
};
