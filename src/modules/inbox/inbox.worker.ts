import type { Database } from "../../platform/db/client.ts";
import type { EventBus } from "../../platform/events/bus.ts";
import { createNaps } from "../../platform/queue/naps.ts";
import { claimDeliveries } from "./inbox.repo.ts";
import { type InboxDeps, processDelivery } from "./inbox.service.ts";
import type { IngestGate } from "./ingest-gate.ts";

export type InboxProcessor = { stop(): Promise<void>; readonly running: boolean };

/**
 * Applies stored webhook deliveries. Woken right after a delivery is committed; polls as a safety net,
 * which is also how deliveries stored just before a crash get processed after the restart.
 */
export const startInboxProcessor = (
  deps: InboxDeps & {
    database: Database;
    bus: EventBus;
    pollMs?: number;
    leaseMs?: number;
    concurrency?: number;
    gate?: IngestGate;
    onError?: (e: unknown) => void;
    /** Told which offices a processed delivery touched (the desk refreshes their views). */
    onChanged?: (officeId: string) => void;
  },
): InboxProcessor => {
  let stopping = false;
  const { nap, wakeAll, wakeOne } = createNaps();
  const unsubscribe = deps.bus.subscribe("inbox", () => wakeOne());

  const loop = async () => {
    while (!stopping) {
      try {
        await deps.gate?.idle(250);
        const batch = await deps.database.db.transaction((tx) =>
          claimDeliveries(tx, { limit: 5, leaseMs: deps.leaseMs ?? 30_000 }),
        );
        for (const delivery of batch) {
          if (stopping) break;
          await deps.gate?.idle(250);
          const result = await processDelivery(deps, delivery).catch((e) => deps.onError?.(e));
          // Bot replies were queued in those transactions: wake the senders now rather than at their next poll.
          if (result && result.items > 0 && deps.onMessage) deps.bus.publish("outbox");
          for (const office of result?.offices ?? []) deps.onChanged?.(office);
        }
        if (batch.length === 0) await nap(deps.pollMs ?? 2000);
      } catch (error) {
        deps.onError?.(error);
        if (!stopping) await nap(deps.pollMs ?? 2000);
      }
    }
  };
  const running = Promise.all(Array.from({ length: deps.concurrency ?? 2 }, () => loop()));
  return {
    get running() {
      return !stopping;
    },
    async stop() {
      stopping = true;
      unsubscribe();
      wakeAll();
      await running;
    },
  };
};
