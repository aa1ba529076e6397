import assert from "node:assert/strict";
import { test } from "node:test";
import { openPostgres } from "../db/client.ts";
import { describeEachDatabase } from "../db/testing.ts";
import { createEventBus } from "./bus.ts";

describeEachDatabase("event bus", (database) => {
  test("a published wake-up reaches subscribers, across instances on PostgreSQL", async () => {
    const db = database();
    // On PostgreSQL the second bus stands for another instance: its own connections, its own LISTEN.
    const other = db.name === "postgres" ? await openPostgres(db.url!, 2) : db;
    const a = await createEventBus(db);
    const b = await createEventBus(other);
    try {
      const heard = new Promise<string>((resolve) => b.subscribe("outbox", resolve));
      a.publish("outbox", "42");
      assert.equal(
        await Promise.race([heard, new Promise((r) => setTimeout(() => r("timeout"), 5000))]),
        "42",
      );
    } finally {
      await a.close();
      await b.close();
      if (other !== db) await other.close();
    }
  });
});
