/**
 * Chat contents, the bot's draft answers and raw webhook payloads are sealed at rest (shared/sealed.ts): the raw
 * columns hold no NIK, phone number or name, and every normal path still reads them: the desk's timeline, a
 * replayed delivery, and the bot continuing an application after the app object was restarted.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { InboundMessageInput } from "../../sim/fake/index.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { openBotState } from "../conversations/bot-state.ts";
import { CHILD_NIK } from "../conversations/golden/scripts.ts";
import { newestMessages } from "../desk/conversation.repo.ts";
import { createStaff, signIn } from "../desk/testing.ts";
import { resetDeliveries } from "../inbox/inbox.repo.ts";
import { addChannel } from "../offices/channels.service.ts";
import { isDomainError } from "../shared/domain-error.ts";
import { openedMessages } from "./testing.ts";

const PHONE = "6281339077001";
const NAME = "Yohanes Bria";
const CHILD = "Maria Goreti Bria";
const NIK_DIGITS = CHILD_NIK.replace(/\D/g, "");

describeEachDatabase("sealed at rest: messages, bot state, webhook payloads", (database) => {
  const masterKey = randomBytes(32);
  let lontar: RunningLontar;
  const db = () => database().db;
  const start = () =>
    startLontar(database(), {
      citizen: true,
      masterKey,
      env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
    });
  const settled = () =>
    eventually(async () => {
      const [n] = await rows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NULL`,
      );
      return n!.n === 0;
    });
  const send = async (message: InboundMessageInput, from = PHONE) => {
    await lontar.fake.sendInbound({ phoneNumberId: TEST_PHONE_NUMBER_ID, from, name: NAME, message });
    await settled();
  };
  const tap = (id: string) => send({ type: "button_reply", id, title: id });
  const conversation = async () =>
    (
      await rows<{ id: string; bot_state: unknown; raw: string }>(
        db(),
        sql`SELECT v.id, v.bot_state, v.bot_state::text AS raw FROM conversations v
            JOIN contacts c ON c.id = v.contact_id WHERE c.wa_id = ${PHONE}`,
      )
    )[0]!;
  const assertNoPlaintext = (raw: string, what: string) => {
    for (const secret of [NIK_DIGITS, CHILD_NIK, PHONE, NAME, CHILD])
      assert.ok(!raw.includes(secret), `${what} holds "${secret}" in clear`);
  };

  before(async () => {
    lontar = await start();
  });
  after(() => lontar.stop());

  test("a draft with a NIK is sealed, and the bot continues it after the app object restarts", async () => {
    await send({ type: "text", body: "selamat pagi" });
    await tap("menu.apply");
    await tap("svc.kia");
    await tap("var.usia_5_17");
    await tap("anak");
    await send({ type: "text", body: NAME });
    await send({ type: "text", body: CHILD });
    await send({ type: "text", body: CHILD_NIK });

    const during = await conversation();
    assertNoPlaintext(during.raw, "conversations.bot_state");
    const draft = JSON.stringify(openBotState(lontar.keys, { botState: during.bot_state as never }));
    assert.ok(draft.includes(CHILD), "the opened state holds the answers");
    assert.equal(
      (during.bot_state as { flow: { name: string } }).flow.name,
      "field",
      "timers still see the flow",
    );

    const stored = await rows<{ raw: string }>(
      db(),
      sql`SELECT m.content::text AS raw FROM messages m WHERE m.conversation_id = ${during.id}`,
    );
    assert.ok(stored.length >= 16, "both directions are stored");
    for (const m of stored) assertNoPlaintext(m.raw, "messages.content");
    const payloads = await rows<{ body: string }>(db(), sql`SELECT body FROM webhook_deliveries`);
    for (const p of payloads) assertNoPlaintext(p.body, "webhook_deliveries.body");

    // A new app object on the same database and master key (a deploy, a crash): the application goes on.
    await lontar.stop();
    lontar = await start();
    await send({ type: "text", body: "5371-0101-1020-0007" });
    const resumed = openBotState(lontar.keys, { botState: (await conversation()).bot_state as never });
    assert.equal(resumed?.flow.name, "document", "the bot moved on to the documents");
    assert.ok(JSON.stringify(resumed).includes(CHILD), "with the answers given before the restart");
  });

  test("the desk's timeline shows what the citizen wrote", async () => {
    const { id } = await conversation();
    await db().execute(
      sql`UPDATE conversations SET handover_at = now(), handover_service = 'kia' WHERE id = ${id}`,
    );
    await createStaff(database(), {
      officeId: lontar.officeId,
      username: "sealed.kia",
      role: "operator",
      services: ["kia"],
    });
    const operator = await signIn(lontar.baseUrl, "sealed.kia");
    const page = await operator.get(`/desk/conversations/${id}/timeline`);
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(CHILD));
    assert.match(page.body, /selamat pagi/);
  });

  test("a stored payload for a number added later is replayed from its sealed body", async () => {
    const built = lontar.fake.buildInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: "6281339077002",
      name: "Agustina Nenobais",
      message: { type: "text", body: "Nama saya Agustina Nenobais, NIK 5371014101900002" },
    });
    built.payload.entry![0]!.changes![0]!.value!.metadata!.phone_number_id = "100000000000077";
    const since = new Date(Date.now() - 1000);
    // Status webhooks of earlier messages may still arrive: look for this delivery among the new ones.
    const [{ last }] = (await rows<{ last: number }>(
      db(),
      sql`SELECT coalesce(max(id), 0)::int AS last FROM webhook_deliveries`,
    )) as [{ last: number }];
    await lontar.fake.emitWebhook(built.payload);
    await settled();
    const withProblems = await rows<{ body: string; problem_count: number }>(
      db(),
      sql`SELECT body, problem_count FROM webhook_deliveries WHERE id > ${last} AND problem_count > 0`,
    );
    assert.equal(withProblems.length, 1, "unknown number: kept for replay");
    const delivery = withProblems[0];
    for (const secret of ["Agustina", "5371014101900002", "6281339077002"])
      assert.ok(!delivery!.body.includes(secret), `the raw payload holds "${secret}" in clear`);

    await addChannel(db(), {
      officeSlug: "kota-kupang",
      phoneNumberId: "100000000000077",
      label: "Layanan replay",
      serviceCodes: ["KK"],
    });
    assert.equal(await resetDeliveries(db(), since), 1);
    lontar.app.bus.publish("inbox");
    await settled();
    const replayed = await openedMessages(
      database(),
      lontar.keys,
      sql`direction = 'in' AND conversation_id IN (SELECT v.id FROM conversations v
            JOIN contacts c ON c.id = v.contact_id WHERE c.wa_id = '6281339077002')`,
    );
    assert.deepEqual(
      replayed.map((m) => m.content.body),
      ["Nama saya Agustina Nenobais, NIK 5371014101900002"],
      "the replayed message is stored once, readable",
    );
  });

  test("a tampered message content is refused with a clear error, never shown as plain", async () => {
    const { id } = await conversation();
    await db().execute(sql`
      UPDATE messages SET content = jsonb_build_object('sealed', overlay(content->>'sealed'
        placing CASE WHEN substr(content->>'sealed', 20, 1) = 'A' THEN 'B' ELSE 'A' END from 20 for 1))
      WHERE id = (SELECT id FROM messages WHERE conversation_id = ${id} ORDER BY occurred_at LIMIT 1)`);
    await assert.rejects(newestMessages(db(), lontar.keys, id, 100), (error) => {
      assert.ok(isDomainError(error, "undecryptable"));
      assert.match(error.message, /messages\.content: sealed value does not open/);
      return true;
    });
  });
});
