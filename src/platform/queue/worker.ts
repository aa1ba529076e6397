import { randomBytes } from "node:crypto";
import type { Database, Tx } from "../db/client.ts";
import type { EventBus } from "../events/bus.ts";
import { createNaps } from "./naps.ts";
import {
  claim,
  complete,
  failPermanently,
  type OutboxKind,
  type OutboxRow,
  releaseClaims,
  retryLater,
} from "./outbox.ts";

/** What a handler decided; `after` runs in the same transaction as the outbox update. */
export type JobResult =
  | { type: "done"; wamid?: string; after?: (tx: Tx) => Promise<void> }
  | {
      type: "retry";
      delayMs: number;
      countAttempt: boolean;
      errorCode?: number;
      error?: string;
      after?: (tx: Tx) => Promise<void>;
    }
  | {
      type: "fail";
      status: "failed" | "needs_template";
      errorCode?: number;
      error: string;
      after?: (tx: Tx) => Promise<void>;
    };

export type JobHandler = (row: OutboxRow) => Promise<JobResult>;

export type WorkerPoolOptions = {
  database: Database;
  bus: EventBus;
  /** A kind without a handler fails its rows permanently. */
  handlers: Partial<Record<OutboxKind, JobHandler>>;
  workers: number;
  leaseMs: number;
  batchSize?: number;
  pollMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  instanceId?: string;
  onError?: (error: unknown, row?: OutboxRow) => void;
};

export type WorkerPool = { stop(): Promise<void>; readonly running: boolean; readonly workerIds: string[] };

/** Exponential backoff with jitter: with a 1 s base, 2 s, 4 s, 8 s … capped at one hour. */
export const backoffMs = (attempts: number, minDelayMs = 0, baseMs = 1000): number => {
  const base = Math.min(3_600_000, baseMs * 2 ** Math.max(1, attempts));
  return Math.max(minDelayMs, Math.round(base * (0.75 + Math.random() * 0.5)));
};

export const startWorkerPool = (o: WorkerPoolOptions): WorkerPool => {
  const instance = o.instanceId ?? randomBytes(4).toString("hex");
  const workerIds = Array.from({ length: o.workers }, (_, i) => `${instance}:${i}`);
  const pollMs = o.pollMs ?? 1000;
  let stopping = false;
  const naps = createNaps();
  const nap = () => naps.nap(pollMs);
  const wakeAll = naps.wakeAll;
  const unsubscribe = o.bus.subscribe("outbox", naps.wakeOne);

  const finish = async (row: OutboxRow, workerId: string, result: JobResult) => {
    const exhausted = result.type === "retry" && result.countAttempt && row.attempts >= (o.maxAttempts ?? 12);
    await o.database.db.transaction(async (tx) => {
      if (result.type === "done") await complete(tx, row.id, workerId, result.wamid);
      else if (result.type === "fail" || exhausted) {
        const error =
          result.type === "fail" ? result.error : `Gave up after ${row.attempts} attempts: ${result.error}`;
        const status = result.type === "fail" ? result.status : "failed";
        await failPermanently(tx, row.id, { workerId, status, errorCode: result.errorCode, error });
      } else await retryLater(tx, row.id, { workerId, ...result });
      await result.after?.(tx);
    });
  };

  const runOne = async (row: OutboxRow, workerId: string) => {
    const handler = o.handlers[row.kind];
    let result: JobResult;
    try {
      result = handler
        ? await handler(row)
        : { type: "fail", status: "failed", error: `No handler for outbox kind "${row.kind}".` };
    } catch (error) {
      o.onError?.(error, row);
      result = retryAfter(row, error);
    }
    try {
      await finish(row, workerId, result);
    } catch (error) {
      // Recording the result failed (its follow-up write threw): retry the row without that write, so it
      // counts towards the maximum attempts and the rest of the batch goes on.
      o.onError?.(error, row);
      await finish(row, workerId, retryAfter(row, error));
    }
  };

  const retryAfter = (row: OutboxRow, error: unknown): JobResult => ({
    type: "retry",
    delayMs: backoffMs(row.attempts, 0, o.retryBaseMs),
    countAttempt: true,
    error: String((error as Error)?.message ?? error).slice(0, 500),
  });

  const loop = async (workerId: string) => {
    while (!stopping) {
      try {
        const batch = await o.database.db.transaction((tx) =>
          claim(tx, { workerId, limit: o.batchSize ?? 10, leaseMs: o.leaseMs }),
        );
        if (batch.length === 0) {
          await nap();
          continue;
        }
        // Rows left unprocessed at stop are released by stop(), not sent after it.
        for (const row of batch) {
          if (stopping) break;
          await runOne(row, workerId).catch((error) => o.onError?.(error, row));
        }
      } catch (error) {
        o.onError?.(error);
        if (!stopping) await nap();
      }
    }
  };

  const loops = workerIds.map((id) => loop(id));
  return {
    workerIds,
    get running() {
      return !stopping;
    },
    async stop() {
      stopping = true;
      unsubscribe();
      wakeAll();
      await Promise.all(loops);
      await releaseClaims(o.database.db, workerIds);
    },
  };
};
