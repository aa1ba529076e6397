import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase, truncateAll } from "../../platform/db/testing.ts";
import { asciiJson, signatureHeader } from "../../platform/whatsapp/signature.ts";
import { batchPayload, type InboundMessageInput } from "../../sim/fake/index.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { openedMessages } from "../messaging/testing.ts";
import { openText, SEALED } from "../shared/sealed.ts";

describeEachDatabase("webhook ingest", (database) => {
  let lontar: RunningLontar;
  const n = async (table: string) =>
    (await rows<{ n: number }>(database().db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${lontar.baseUrl}/webhooks/whatsapp`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const signed = (body: string) => ({
    "x-hub-signature-256": signatureHeader(body, lontar.config.whatsapp.appSecret),
  });
  const processed = () =>
    eventually(
      async () =>
        (await n("webhook_deliveries WHERE processed_at IS NULL")) === 0 &&
        (await n("webhook_deliveries")) > 0,
    );

  before(async () => {
    lontar = await startLontar(database());
  });
  after(async () => lontar.stop());
  beforeEach(async () => {
    await truncateAll(database());
    await startLontarSeed();
  });
  const startLontarSeed = async () => {
    const { seedDemo } = await import("../../modules/offices/seed-demo.ts");
    const { DEMO_NUMBER } = await import("../../demo.ts");
    await seedDemo(database(), { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER });
  };

  test("GET handshake echoes the challenge only for the right verify token", async () => {
    const ok = await fetch(
      `${lontar.baseUrl}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${lontar.config.whatsapp.verifyToken}&hub.challenge=1158201444`,
    );
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), "1158201444");
    const bad = await fetch(
      `${lontar.baseUrl}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    assert.equal(bad.status, 403);
  });

  test("a bad or missing signature is refused with 401 and nothing is stored", async () => {
    const body = asciiJson({ object: "whatsapp_business_account", entry: [] });
    assert.equal((await post(body, { "x-hub-signature-256": `sha256=${"0".repeat(64)}` })).status, 401);
    assert.equal((await post(body)).status, 401);
    assert.equal(
      (await post(body, { "x-hub-signature-256": signatureHeader(body, "another-secret") })).status,
      401,
    );
    assert.equal(await n("webhook_deliveries"), 0);
  });

  test("signed but malformed JSON is 400; a payload over the limit is 413; neither is stored", async () => {
    const broken = '{"object":"whatsapp_business_account",';
    assert.equal((await post(broken, signed(broken))).status, 400);
    const huge = asciiJson({
      object: "whatsapp_business_account",
      pad: "x".repeat(lontar.config.webhook.bodyLimitBytes),
    });
    assert.equal((await post(huge, signed(huge))).status, 413);
    assert.equal(await n("webhook_deliveries"), 0);
  });

  test("every inbound type is parsed into a typed message and kept", async () => {
    const mediaId = lontar.fake.uploadInboundMedia(
      Buffer.from("%PDF-1.4 test"),
      "application/pdf",
      "akta.pdf",
    );
    const inputs = [
      { type: "text", body: "min sy mw bikin akte lahir anak, syaratnya apa ñ" },
      { type: "button_reply", id: "menu.info", title: "Info persyaratan" },
      { type: "list_reply", id: "svc.akta", title: "Akta kelahiran", description: "Anak baru lahir" },
      { type: "template_button", payload: "SURVEY_YES", text: "Ya" },
      { type: "image", mediaId, mimeType: "image/jpeg", caption: "KTP saya" },
      { type: "document", mediaId, mimeType: "application/pdf", filename: "akta.pdf" },
      { type: "audio", mediaId, mimeType: "audio/ogg", voice: true },
      { type: "video", mediaId, mimeType: "video/mp4" },
      { type: "sticker", mediaId, mimeType: "image/webp" },
      { type: "location", latitude: -10.1772, longitude: 123.607, name: "Kantor Dukcapil" },
      {
        type: "contacts",
        contacts: [{ name: { formatted_name: "Yohana" }, phones: [{ phone: "+62 812", wa_id: "62812" }] }],
      },
      { type: "reaction", messageId: "wamid.x", emoji: "👍" },
      { type: "unsupported" },
      { type: "system", systemType: "user_changed_number", body: "changed", newWaId: "6281299990000" },
    ] satisfies InboundMessageInput[];
    for (const message of inputs) {
      await lontar.fake.sendInbound({
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        from: "6281234500001",
        name: "Maria",
        message,
      });
    }
    await processed();
    const stored = await openedMessages(database(), lontar.keys, sql`direction = 'in'`);
    assert.deepEqual(stored.map((m) => m.type).sort(), [
      "audio",
      "button_reply",
      "contacts",
      "document",
      "image",
      "list_reply",
      "location",
      "reaction",
      "sticker",
      "system",
      "template_button",
      "text",
      "unsupported",
      "video",
    ]);
    assert.equal(
      stored.find((m) => m.type === "text")?.content.body,
      "min sy mw bikin akte lahir anak, syaratnya apa ñ",
    );
    assert.equal(await n("webhook_problems"), 0);
  });

  test("a batch of N messages and M statuses stores exactly N and applies M; a triple delivery stores once", async () => {
    const built = Array.from({ length: 7 }, (_, i) =>
      lontar.fake.buildInbound({
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        from: `62812345000${10 + i}`,
        message: { type: "text", body: `pesan ${i}` },
      }),
    );
    const payload = batchPayload(
      built.map((b) => b.payload),
      "values",
    );
    const answers = await lontar.fake.emitWebhook(payload, { duplicates: 2 });
    assert.deepEqual(answers, [200, 200, 200]);
    await processed();
    assert.equal(await n("messages WHERE direction = 'in'"), 7);
    assert.equal(await n("webhook_deliveries"), 3);
    assert.equal(await n("contacts"), 7);
  });

  test("a burst of concurrent webhooks: every 200 is stored, once, and the burst shares INSERTs", async () => {
    const bodies = Array.from({ length: 60 }, (_, i) =>
      asciiJson(
        lontar.fake.buildInbound({
          phoneNumberId: TEST_PHONE_NUMBER_ID,
          from: `6281234501${String(i).padStart(3, "0")}`,
          message: { type: "text", body: `antrean ${i}` },
        }).payload,
      ),
    );
    const statuses = await Promise.all(bodies.map((body) => post(body, signed(body)).then((r) => r.status)));
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.equal(await n("webhook_deliveries"), 60);
    // xmin is the inserting transaction: rows committed together share it.
    assert.ok(
      (await n("(SELECT DISTINCT xmin::text FROM webhook_deliveries) AS t")) < 60,
      "some webhooks of the burst were committed together",
    );
    await processed();
    assert.equal(await n("messages WHERE direction = 'in'"), 60);
  });

  test("a payload for an unknown number is stored and reported, and its neighbours are applied", async () => {
    const known = lontar.fake.buildInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: "6281234500001",
      message: { type: "text", body: "halo" },
    });
    const payload = structuredClone(known.payload);
    const stranger = structuredClone(known.payload.entry![0]!.changes![0]!);
    stranger.value!.metadata!.phone_number_id = "999999999";
    stranger.value!.messages![0]!.id = "wamid.stranger";
    const broken = structuredClone(known.payload.entry![0]!.changes![0]!);
    broken.value!.messages = [{ id: "", timestamp: "x", type: "text" }];
    payload.entry![0]!.changes!.push(stranger, broken);
    assert.deepEqual(await lontar.fake.emitWebhook(payload), [200]);
    await processed();
    assert.equal(await n("messages"), 1);
    const problems = await rows<{ kind: string; item_path: string }>(
      database().db,
      sql`SELECT kind, item_path FROM webhook_problems ORDER BY item_path`,
    );
    assert.deepEqual(problems, [
      { kind: "unknown_channel", item_path: "entry[0].changes[1].messages[0]" },
      { kind: "invalid_item", item_path: "entry[0].changes[2].messages[0]" },
    ]);
    assert.equal(await n("webhook_deliveries WHERE problem_count = 2"), 1);
  });

  test("a sender known only by a business-scoped user id works, and later gains a wa_id on the same contact", async () => {
    await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      userId: "ID.abc123XYZ",
      name: "Yakobus",
      message: { type: "text", body: "halo" },
    });
    await processed();
    await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      userId: "ID.abc123XYZ",
      from: "6281234500099",
      name: "Yakobus",
      message: { type: "text", body: "ini nomor saya" },
    });
    await processed();
    const contacts = await rows<{ wa_id: string | null; user_id: string; profile_name: string }>(
      database().db,
      sql`SELECT wa_id, user_id, profile_name FROM contacts`,
    );
    assert.deepEqual(
      contacts.map((c) => ({
        ...c,
        profile_name: openText(lontar.keys, c.profile_name, SEALED.contactProfileName),
      })),
      [{ wa_id: "6281234500099", user_id: "ID.abc123XYZ", profile_name: "Yakobus" }],
    );
    assert.notEqual(contacts[0]!.profile_name, "Yakobus", "the name is sealed at rest");
    assert.equal(await n("messages"), 2);
  });

  test("messages are routed to the channel of the number that received them", async () => {
    const { addChannel } = await import("../offices/channels.service.ts");
    const kia = await addChannel(database().db, {
      officeSlug: "kota-kupang",
      phoneNumberId: "100000000000002",
      label: "Layanan KIA",
      serviceCodes: ["KIA"],
    });
    const built = lontar.fake.buildInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: "6281234500001",
      message: { type: "text", body: "KIA anak saya" },
    });
    built.payload.entry![0]!.changes![0]!.value!.metadata!.phone_number_id = "100000000000002";
    await lontar.fake.emitWebhook(built.payload);
    await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: "6281234500001",
      message: { type: "text", body: "umum" },
    });
    await processed();
    const routed = await openedMessages(database(), lontar.keys);
    assert.equal(routed.find((m) => m.content.body === "KIA anak saya")?.channel_id, kia.id);
    assert.notEqual(routed.find((m) => m.content.body === "umum")?.channel_id, kia.id);
    assert.equal(await n("conversations"), 2, "one contact, one conversation per number");
  });

  test("/metrics counts webhook requests and items; /readyz reports the database and workers", async () => {
    await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: "6281234500001",
      message: { type: "text", body: "halo" },
    });
    await processed();
    const metrics = await (await fetch(`${lontar.baseUrl}/metrics`)).text();
    assert.match(metrics, /^lontar_webhook_requests_total\{status="200"\} \d+$/m);
    assert.match(metrics, /^lontar_webhook_duration_seconds_bucket\{le="0.05"\} \d+$/m);
    assert.match(metrics, /^lontar_webhook_items_total\{kind="message",outcome="ok"\} \d+$/m);
    assert.match(metrics, /^lontar_outbox_depth \d+$/m);
    assert.match(metrics, /^lontar_outbox_oldest_age_seconds [\d.]+$/m);
    assert.doesNotMatch(metrics, /6281234500001/);
    const ready = await fetch(`${lontar.baseUrl}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { database: true, migrations: true, workers: true, ready: true });
    assert.equal((await fetch(`${lontar.baseUrl}/healthz`)).status, 200);
  });

  test("processed raw payloads older than the retention are purged; unprocessed ones never", async () => {
    const { purgeDeliveries } = await import("./inbox.repo.ts");
    await database().db.execute(sql`
      INSERT INTO webhook_deliveries (body, received_at, processed_at, locked_until) VALUES
        ('{"old":1}', now() - interval '40 days', now() - interval '40 days', NULL),
        ('{"recent":1}', now() - interval '2 days', now() - interval '2 days', NULL),
        ('{"stuck":1}', now() - interval '40 days', NULL, now() + interval '1 hour')`);
    assert.equal(await purgeDeliveries(database().db, 30), 1);
    const left = await rows<{ body: string }>(
      database().db,
      sql`SELECT body FROM webhook_deliveries ORDER BY body`,
    );
    assert.deepEqual(
      left.map((r) => r.body),
      ['{"recent":1}', '{"stuck":1}'],
    );
  });

  test("the 24-hour window is tracked per contact and channel from the latest message time", async () => {
    await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: "6281234500001",
      message: { type: "text", body: "halo" },
    });
    await processed();
    const [conv] = await rows<{ last_inbound_at: Date }>(
      database().db,
      sql`SELECT last_inbound_at FROM conversations`,
    );
    assert.ok(conv && Date.now() - new Date(conv.last_inbound_at).getTime() < 60_000);
  });
});
