import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { DEMO_NUMBER } from "../../demo.ts";
import { rows, type Tx } from "../../platform/db/client.ts";
import { describeEachDatabase, truncateAll } from "../../platform/db/testing.ts";
import { claim } from "../../platform/queue/outbox.ts";
import { textMessage } from "../../platform/whatsapp/builders.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { seedDemo } from "../offices/seed-demo.ts";
import { resolveContact } from "./inbound.service.ts";
import { lockConversation } from "./messaging.repo.ts";
import { callbackDataFor, queueMessage } from "./outbound.service.ts";

const CITIZEN = "6281234500001";

describeEachDatabase("outbox sending", (database) => {
  let lontar: RunningLontar;
  let channelId = "";
  let officeId = "";

  const queueIn = async (tx: Tx, body: string, to: string) => {
    const contact = await resolveContact(tx, lontar.keys, officeId, { waId: to });
    const conversation = await lockConversation(tx, { officeId, contactId: contact.id, channelId });
    return queueMessage(tx, lontar.keys, { conversation, recipient: to, body: textMessage({ to, body }) });
  };
  const queue = async (body: string, to = CITIZEN) =>
    database().db.transaction((tx) => queueIn(tx, body, to));
  const wake = () => lontar.app.bus.publish("outbox");
  /** What the fake accepted for one outbox row (its callback data carries the outbox id). */
  const sentFor = (outboxId: number) =>
    lontar.fake.received.flatMap((r) =>
      r.kind === "message" && r.body.biz_opaque_callback_data === callbackDataFor(outboxId) ? [r] : [],
    );
  const messageRow = async (outboxId: number) =>
    (
      await rows<{
        status: string;
        wamid: string | null;
        error_code: number | null;
        needs_template: boolean;
      }>(
        database().db,
        sql`SELECT status, wamid, error_code, needs_template FROM messages WHERE outbox_id = ${outboxId}`,
      )
    )[0]!;
  const outboxRow = async (id: number) =>
    (
      await rows<{ status: string; attempts: number; last_error_code: number | null }>(
        database().db,
        sql`SELECT status, attempts, last_error_code FROM outbox WHERE id = ${id}`,
      )
    )[0]!;

  before(async () => {
    lontar = await startLontar(database(), {
      // The live workers' lease is long: one that ran out during a slow send (a loaded machine) would let a
      // second worker send the same row again. The "dead worker" test claims with its own short lease.
      outbox: { perRecipientIntervalMs: 0, retryBaseMs: 20, leaseMs: 15_000 },
      reconcileDelayMs: 200,
    });
  });
  after(async () => lontar.stop());
  beforeEach(async () => {
    await truncateAll(database());
    const seed = await seedDemo(database(), { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER });
    channelId = seed.channelId;
    officeId = seed.officeId;
    lontar.fake.clearFaults();
    lontar.fake.received.length = 0;
  });

  test("a queued message reaches the Cloud API with its outbox id, and its status climbs to read", async () => {
    const { outboxId } = await queue("Permohonan Anda sudah kami terima.");
    wake();
    await eventually(async () => (await messageRow(outboxId)).status === "read");
    const sent = sentFor(outboxId);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.body.biz_opaque_callback_data, callbackDataFor(outboxId));
    assert.equal(sent[0]!.body.to, `+${CITIZEN}`);
    assert.equal((await messageRow(outboxId)).wamid, sent[0]!.wamid);
    assert.equal((await outboxRow(outboxId)).status, "done");
  });

  test("statuses out of order and repeated never move a message backwards", async () => {
    lontar.fake.injectFault({ kind: "reorder_statuses" });
    const { outboxId } = await queue("urutan");
    wake();
    await eventually(async () => (await messageRow(outboxId)).status === "read");
    await new Promise((r) => setTimeout(r, 200)); // the late "delivered" arrives after "read"
    assert.equal((await messageRow(outboxId)).status, "read");
  });

  test("HTTP 5xx and throttling are retried with backoff until the send succeeds", async () => {
    lontar.fake.injectFault({ kind: "http500" });
    lontar.fake.injectFault({ kind: "throttle", code: 130429 });
    const { outboxId } = await queue("coba lagi");
    wake();
    await eventually(async () => (await outboxRow(outboxId)).status === "done");
    assert.equal((await outboxRow(outboxId)).attempts, 3);
    assert.equal(sentFor(outboxId).length, 1);
  });

  test("131047 marks the message as needing a template, synchronously or by a failed status", async () => {
    lontar.fake.injectFault({ kind: "reengagement" });
    const first = await queue("jendela tertutup");
    wake();
    await eventually(async () => (await outboxRow(first.outboxId)).status === "needs_template");
    assert.deepEqual(await messageRow(first.outboxId), {
      status: "failed",
      wamid: null,
      error_code: 131047,
      needs_template: true,
    });

    lontar.fake.injectFault({ kind: "async_fail", code: 131047 });
    const second = await queue("jendela tertutup (async)");
    wake();
    await eventually(async () => (await messageRow(second.outboxId)).status === "failed");
    const row = await messageRow(second.outboxId);
    assert.equal(row.error_code, 131047);
    assert.equal(row.needs_template, true);
  });

  test("a permanent error (131026, not on WhatsApp) fails at once without retrying", async () => {
    lontar.fake.injectFault({ kind: "undeliverable" });
    const { outboxId } = await queue("tidak terkirim");
    wake();
    await eventually(async () => (await outboxRow(outboxId)).status === "failed");
    assert.deepEqual(await outboxRow(outboxId), { status: "failed", attempts: 1, last_error_code: 131026 });
    assert.equal((await messageRow(outboxId)).error_code, 131026);
  });

  test("a send Meta accepted but never answered is reconciled from the status webhook, not sent twice", async () => {
    lontar.fake.injectFault({ kind: "drop_after_accept" });
    const { outboxId } = await queue("sekali saja");
    wake();
    await eventually(async () => (await outboxRow(outboxId)).status === "done", 10_000);
    assert.equal(sentFor(outboxId).length, 1);
    assert.ok((await messageRow(outboxId)).wamid);
  });

  test("rows claimed by a worker that died are sent by another after the lease expires", async () => {
    // A worker claims the batch and dies before sending anything. Queued and claimed in one transaction so
    // the live worker's poll cannot take a row first.
    const { queued, claimed } = await database().db.transaction(async (tx) => {
      const queued = [];
      for (const i of [1, 2, 3, 4, 5]) queued.push(await queueIn(tx, `pesan ${i}`, `62812345001${i}`));
      // run_at is the application's clock, a moment after this transaction's now(): make them due now.
      await tx.execute(sql`UPDATE outbox SET run_at = now() WHERE status = 'pending'`);
      return { queued, claimed: await claim(tx, { workerId: "dead:0", limit: 10, leaseMs: 2000 }) };
    });
    assert.equal(claimed.length, 5);
    wake();
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(
      queued.flatMap((q) => sentFor(q.outboxId)).length,
      0,
      "nothing is sent while the lease holds",
    );
    await eventually(async () => {
      const done = await Promise.all(queued.map((q) => outboxRow(q.outboxId)));
      return done.every((r) => r.status === "done");
    });
    assert.equal(queued.flatMap((q) => sentFor(q.outboxId)).length, 5);
    for (const q of queued) assert.equal((await outboxRow(q.outboxId)).attempts, 2);
  });

  test("a batch with N messages and M statuses stores exactly N and applies M", async () => {
    lontar.fake.events.removeAllListeners("never"); // keep auto statuses; we add our own batch below
    const sent = await Promise.all([1, 2, 3].map((i) => queue(`status ${i}`, `62812345002${i}`)));
    wake();
    await eventually(async () =>
      (await Promise.all(sent.map((s) => messageRow(s.outboxId)))).every((m) => m.status === "read"),
    );
    await truncateStatuses();
    const wamids = (await Promise.all(sent.map((s) => messageRow(s.outboxId)))).map((m) => m.wamid!);
    const inbound = [1, 2, 3, 4].map((i) =>
      lontar.fake.buildInbound({
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        from: `62812345003${i}`,
        message: { type: "text", body: `m${i}` },
      }),
    );
    const payload = inbound[0]!.payload;
    const value = payload.entry![0]!.changes![0]!.value!;
    for (const extra of inbound.slice(1))
      value.messages!.push(...extra.payload.entry![0]!.changes![0]!.value!.messages!);
    value.statuses = wamids.map(
      (w) => lontar.fake.buildStatus(w, "delivered").entry![0]!.changes![0]!.value!.statuses![0]!,
    );
    assert.deepEqual(await lontar.fake.emitWebhook(payload), [200]);
    // Wait for the whole delivery: its messages are applied first, its statuses after them.
    await eventually(
      async () =>
        (
          await rows<{ n: number }>(
            database().db,
            sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NULL`,
          )
        )[0]!.n === 0,
    );
    const [stored] = await rows<{ n: number }>(
      database().db,
      sql`SELECT count(*)::int AS n FROM messages WHERE direction = 'in'`,
    );
    assert.equal(stored!.n, 4);
    const statuses = await rows<{ status: string }>(
      database().db,
      sql`SELECT status FROM messages WHERE direction = 'out'`,
    );
    assert.deepEqual(
      statuses.map((s) => s.status),
      ["delivered", "delivered", "delivered"],
    );
  });

  const truncateStatuses = async () => {
    // Rewind the three messages to "sent" so the batch's "delivered" statuses are visible as applied.
    await database().db.execute(sql`UPDATE messages SET status = 'sent' WHERE direction = 'out'`);
  };
});
