import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { DEMO_NUMBER } from "../../demo.ts";
import { seedDemo } from "../../modules/offices/seed-demo.ts";
import { describeEachDatabase, truncateAll } from "../db/testing.ts";
import { createSharedBucket } from "./shared-bucket.ts";

describeEachDatabase("shared send bucket", (database) => {
  let channelId: string;
  beforeEach(async () => {
    await truncateAll(database());
    ({ channelId } = await seedDemo(database(), { phoneNumberId: "100000000000001", ...DEMO_NUMBER }));
  });

  /**
   * Instances sending for one number as fast as their buckets let them, for `seconds` of fake time, taking
   * turns; each send goes out once its wait is over. Returns how many went out in all.
   */
  const simulate = async (instances: number, ratePerSecond: number, seconds: number) => {
    await database().db.execute(sql`DELETE FROM send_buckets`); // a new number: a full bucket
    let now = Date.parse("2026-11-28T02:00:00Z");
    const end = now + seconds * 1000;
    const buckets = Array.from({ length: instances }, () =>
      createSharedBucket(database(), channelId, { ratePerSecond, now: () => now }),
    );
    let sent = 0;
    for (let i = 0; ; i++) {
      now += await buckets[i % instances]!.take();
      if (now > end) return sent;
      sent++;
    }
  };

  test("three instances together hold the number's rate (not three times it)", async () => {
    const rate = 80;
    const block = 8;
    const sent = await simulate(3, rate, 20);
    const allowed = rate + rate * 20; // the burst, then the rate
    assert.ok(sent <= allowed + 1, `sent ${sent}, allowed ${allowed}`);
    // Blocks the instances still hold at the end are the only tokens not used.
    assert.ok(sent >= allowed - 3 * block - 1, `sent ${sent}, allowed ${allowed}`);
  });

  test("one instance alone gets the whole rate; a slow rate takes a token at a time", async () => {
    const sent = await simulate(1, 80, 10);
    assert.ok(sent >= 80 + 800 - 8 - 1 && sent <= 80 + 800 + 1, `sent ${sent}`);
    const slow = await simulate(2, 1, 30);
    assert.ok(slow >= 1 + 30 - 2 - 1 && slow <= 1 + 30 + 1, `slow: sent ${slow}`);
  });

  test("a rate of 0 turns the limit off without asking the database", async () => {
    const bucket = createSharedBucket(database(), "00000000-0000-0000-0000-000000000000", {
      ratePerSecond: 0,
    });
    for (let i = 0; i < 1000; i++) assert.equal(await bucket.take(), 0);
  });
});
