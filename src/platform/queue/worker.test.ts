import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { DEMO_NUMBER } from "../../demo.ts";
import { seedDemo } from "../../modules/offices/seed-demo.ts";
import { rows } from "../db/client.ts";
import { describeEachDatabase, truncateAll } from "../db/testing.ts";
import { createEventBus } from "../events/bus.ts";
import { enqueue } from "./outbox.ts";
import { startWorkerPool } from "./worker.ts";

describeEachDatabase("worker pool", (database) => {
  let seed: Awaited<ReturnType<typeof seedDemo>>;
  beforeEach(async () => {
    await truncateAll(database());
    seed = await seedDemo(database(), { phoneNumberId: "100000000000001", ...DEMO_NUMBER });
  });

  test("stop() finishes the row in hand and hands the rest of the batch back at once", async () => {
    for (let i = 0; i < 5; i++) {
      await enqueue(database().db, {
        officeId: seed.officeId,
        channelId: seed.channelId,
        kind: "send",
        // The queue never reads a payload (callers seal it): any token does here.
        payload: { sealed: `job-${i}` },
      });
    }
    const bus = await createEventBus(database());
    let started!: () => void;
    const firstStarted = new Promise<void>((r) => {
      started = r;
    });
    const pool = startWorkerPool({
      database: database(),
      bus,
      workers: 1,
      leaseMs: 60_000,
      batchSize: 10,
      handlers: {
        send: async () => {
          started();
          await new Promise((r) => setTimeout(r, 300));
          return { type: "done" };
        },
        download_media: async () => ({ type: "done" }),
      },
    });
    await firstStarted;
    await pool.stop();
    await bus.close();
    const states = await rows<{ status: string; attempts: number; locked_by: string | null }>(
      database().db,
      sql`SELECT status, attempts, locked_by FROM outbox ORDER BY id`,
    );
    assert.deepEqual(states[0], { status: "done", attempts: 1, locked_by: states[0]!.locked_by });
    assert.deepEqual(
      states.slice(1),
      Array.from({ length: 4 }, () => ({ status: "pending", attempts: 0, locked_by: null })),
      "unstarted rows are pending again, not stuck behind a 60 s lease",
    );
  });

  test("a handler that throws is retried later, and gives up after the maximum attempts", async () => {
    const id = await enqueue(database().db, {
      officeId: seed.officeId,
      channelId: seed.channelId,
      kind: "send",
      payload: { sealed: "job" },
    });
    const bus = await createEventBus(database());
    let calls = 0;
    const pool = startWorkerPool({
      database: database(),
      bus,
      workers: 1,
      leaseMs: 60_000,
      pollMs: 20,
      maxAttempts: 3,
      retryBaseMs: 10,
      handlers: {
        send: async () => {
          calls++;
          throw new Error("boom");
        },
        download_media: async () => ({ type: "done" }),
      },
    });
    const deadline = Date.now() + 10_000;
    let state = "";
    while (Date.now() < deadline) {
      state = (
        await rows<{ status: string }>(database().db, sql`SELECT status FROM outbox WHERE id = ${id}`)
      )[0]!.status;
      if (state === "failed") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await pool.stop();
    await bus.close();
    assert.equal(state, "failed");
    assert.equal(calls, 3);
  });
});
