/** The desk's chat view over real HTTP: the timeline, replies through the outbox, hand-over, the 24-hour window. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { cannedResponses, templateStatuses } from "../../platform/db/schema/index.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { buttonsMessage, templateMessage, textMessage } from "../../platform/whatsapp/builders.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { openBotState } from "../conversations/bot-state.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import {
  type Chat,
  citizenSays,
  conversationRow,
  outboundOf,
  seedChat,
  storeInbound,
  submitKk,
} from "./conversation.testing.ts";
import { createStaff, type DeskClient, signIn } from "./testing.ts";

const HOUR = 60 * 60 * 1000;
const htmx = { "hx-request": "true" };

describeEachDatabase("desk conversation view", (database) => {
  let lontar: RunningLontar;
  let operator: DeskClient;
  let operatorId = "";
  let phones = 0;
  const newChat = (o: { lastInboundAt?: Date } = {}) =>
    seedChat(lontar, database(), {
      phone: `62813390${String(++phones).padStart(5, "0")}`,
      name: "Maria Ndun",
      ...o,
    });

  before(async () => {
    lontar = await startLontar(database(), {
      citizen: true,
      workers: false,
      env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
    });
    const staff = await createStaff(database(), {
      officeId: lontar.officeId,
      username: "petugas.kk",
      role: "operator",
      services: ["kk"],
    });
    operatorId = staff.id;
    operator = await signIn(lontar.baseUrl, staff.username);
  });
  after(() => lontar.stop());

  const queueOut = (
    chat: Chat,
    body: ReturnType<typeof textMessage>,
    status?: string,
    error?: [number, string],
  ) =>
    database().db.transaction(async (tx) => {
      const { messageId } = await queueMessage(tx, lontar.keys, {
        conversation: { id: chat.conversationId, officeId: lontar.officeId, channelId: lontar.channelId },
        recipient: chat.phone,
        body,
      });
      if (status)
        await tx.execute(sql`UPDATE messages SET status = ${status}, error_code = ${error?.[0] ?? null},
                              error_title = ${error?.[1] ?? null} WHERE id = ${messageId}`);
      return messageId;
    });

  test("the timeline shows the chat as the citizen sees it, with ticks and the reason of a failure", async () => {
    const chat = await newChat();
    const to = chat.phone;
    const photo = randomUUID();
    const pdf = randomUUID();
    await storeInbound(lontar, database(), chat, { kind: "text", body: "Selamat pagi, mau urus KK" });
    await queueOut(
      chat,
      buttonsMessage({
        to,
        body: "Apa yang ingin Anda lakukan?",
        buttons: [
          { id: "menu.apply", title: "Ajukan permohonan" },
          { id: "menu.status", title: "Cek status" },
        ],
      }),
      "read",
    );
    await storeInbound(lontar, database(), chat, {
      kind: "button_reply",
      id: "menu.apply",
      title: "Ajukan permohonan",
    });
    await storeInbound(lontar, database(), chat, { kind: "image", media: { id: "m1" } }, { blobId: photo });
    await storeInbound(
      lontar,
      database(),
      chat,
      { kind: "document", media: { id: "m2" }, filename: "akta-kelahiran.pdf" },
      { blobId: pdf },
    );
    await queueOut(chat, textMessage({ to, body: "Terima kasih, sudah kami terima." }), "delivered");
    await queueOut(chat, textMessage({ to, body: "Pesan yang gagal" }), "failed", [
      131049,
      "Message not delivered",
    ]);
    await queueOut(chat, textMessage({ to, body: "Masih menunggu" }));
    await queueOut(
      chat,
      templateMessage({
        to,
        name: "lontar_siap_diambil",
        language: "id",
        components: [{ type: "body", params: ["Maria", "KK", "KPG-A-2611-00042"] }],
      }),
      "sent",
    );

    const page = await operator.get(`/desk/conversations/${chat.conversationId}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<!doctype html>/, "a deep link is the whole workspace");
    const fragment = await operator.get(`/desk/conversations/${chat.conversationId}/timeline`, htmx);
    assert.equal(fragment.status, 200);
    const html = fragment.body;
    assert.match(html, /hx-trigger="sse:change throttle:1s"/);
    assert.doesNotMatch(html, /id="reply"/, "the refreshing timeline never carries the reply box");
    assert.match(html, /class="bubble in"[^>]*data-type="text">.*Selamat pagi, mau urus KK/s);
    assert.match(html, /Memilih:<\/span> <strong>Ajukan permohonan<\/strong>/);
    assert.match(html, new RegExp(`<img src="/desk/files/${photo}"`));
    assert.match(html, new RegExp(`<a href="/desk/files/${pdf}"[^>]*>akta-kelahiran.pdf</a>`));
    assert.match(html, /Apa yang ingin Anda lakukan\?.*<li>Ajukan permohonan<\/li><li>Cek status<\/li>/s);
    assert.match(html, /Halo Maria, permohonan KK Anda dengan nomor KPG-A-2611-00042 sudah selesai/);
    for (const status of ["read", "delivered", "failed", "queued", "sent"])
      assert.match(html, new RegExp(`data-status="${status}"`), status);
    assert.match(html, /Gagal terkirim\. Alasan: 131049 Message not delivered/);
    assert.match(html, /WITA/);
    assert.ok(html.indexOf("Selamat pagi") < html.indexOf("Masih menunggu"), "oldest first");
  });

  test("the newest 100 messages, and older ones on request", async () => {
    const chat = await newChat();
    const start = Date.now() - 200 * 60_000;
    for (let i = 1; i <= 105; i++)
      await storeInbound(
        lontar,
        database(),
        chat,
        { kind: "text", body: `pesan nomor ${i}.` },
        { at: new Date(start + i * 60_000) },
      );
    const first = await operator.get(`/desk/conversations/${chat.conversationId}/timeline`, htmx);
    assert.doesNotMatch(first.body, /pesan nomor 5\./);
    assert.match(first.body, /pesan nomor 6\./);
    assert.match(first.body, /pesan nomor 105\./);
    assert.match(first.body, /timeline\?limit=200"/, "a link to load older messages");
    const more = await operator.get(`/desk/conversations/${chat.conversationId}/timeline?limit=200`, htmx);
    assert.match(more.body, /pesan nomor 1\./);
    assert.match(
      more.body,
      /hx-get="\/desk\/conversations\/[^"]+\/timeline\?limit=200"/,
      "refreshes keep what was loaded",
    );
    assert.doesNotMatch(more.body, /class="older"/);
  });

  test("a reply is queued through the outbox, the operator holds the chat, and the bot stays quiet", async () => {
    const chat = await newChat();
    const res = await operator.post(
      `/desk/conversations/${chat.conversationId}/reply`,
      { text: "Halo Ibu Maria, saya bantu." },
      { htmx: true },
    );
    assert.equal(res.status, 200);
    assert.match(res.body, /id="reply"/);
    const sent = await outboundOf(lontar, database(), chat);
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.body.text, { body: "Halo Ibu Maria, saya bantu." });
    assert.equal(sent[0]!.recipient, chat.phone);
    assert.equal(sent[0]!.status, "queued");
    assert.equal((await conversationRow(database(), chat)).heldBy, operatorId);

    await citizenSays(lontar, database(), chat, "menu");
    assert.equal(
      (await outboundOf(lontar, database(), chat)).length,
      1,
      "no bot answer while an officer holds the chat",
    );
    const page = await operator.get(`/desk/conversations/${chat.conversationId}`, htmx);
    assert.match(page.body, /Dipegang: petugas\.kk/);
  });

  /** The citizen asks for a person (the bot hands over), and the operator takes the chat. */
  const askForOfficerAndTake = async () => {
    const chat = await newChat();
    await database().db.execute(
      sql`UPDATE conversations SET handover_at = NULL, handover_service = NULL WHERE id = ${chat.conversationId}`,
    );
    await citizenSays(lontar, database(), chat, "PETUGAS");
    const asked = await conversationRow(database(), chat);
    assert.ok(asked.handoverAt, "the bot handed over");
    assert.equal(openBotState(lontar.keys, asked)?.flow.name, "waiting_operator");
    await database().db.execute(
      sql`UPDATE conversations SET handover_service = 'kk' WHERE id = ${chat.conversationId}`,
    );
    const took = await operator.post(`/desk/conversations/${chat.conversationId}/take`, {}, { htmx: true });
    assert.equal(took.status, 200);
    assert.equal((await conversationRow(database(), chat)).heldBy, operatorId);
    return { chat, before: (await outboundOf(lontar, database(), chat)).length };
  };

  test("hand back: the citizen is told, and the bot answers again", async () => {
    const { chat, before } = await askForOfficerAndTake();
    await citizenSays(lontar, database(), chat, "halo?");
    assert.equal((await outboundOf(lontar, database(), chat)).length, before, "silent while held");

    const res = await operator.post(
      `/desk/conversations/${chat.conversationId}/hand-back`,
      {},
      { htmx: true },
    );
    assert.equal(res.status, 200);
    assert.match(res.body, /Chat diserahkan ke bot/);
    const row = await conversationRow(database(), chat);
    assert.equal(row.heldBy, null);
    assert.equal(row.handoverAt, null);
    assert.notEqual(openBotState(lontar.keys, row)?.flow.name, "waiting_operator");
    const told = (await outboundOf(lontar, database(), chat)).slice(before);
    assert.ok(
      told.some((m) => /Percakapan dengan petugas sudah selesai/.test(JSON.stringify(m.body))),
      "the citizen is told the officer has finished",
    );

    await citizenSays(lontar, database(), chat, "menu");
    assert.ok(
      (await outboundOf(lontar, database(), chat)).length > before + told.length,
      "the bot answers again",
    );
  });

  test("close: the chat leaves the queue without a message, and the bot answers the next one", async () => {
    const { chat, before } = await askForOfficerAndTake();
    const queued = await operator.get("/desk?queue=chats");
    assert.match(queued.body, new RegExp(chat.conversationId));
    const res = await operator.post(`/desk/conversations/${chat.conversationId}/close`, {}, { htmx: true });
    assert.equal(res.status, 200);
    const row = await conversationRow(database(), chat);
    assert.equal(row.heldBy, null);
    assert.equal(row.handoverAt, null);
    assert.equal((await outboundOf(lontar, database(), chat)).length, before, "closing sends nothing");
    const queue = await operator.get("/desk?queue=chats");
    assert.doesNotMatch(queue.body, new RegExp(chat.conversationId));
    await citizenSays(lontar, database(), chat, "menu");
    assert.ok((await outboundOf(lontar, database(), chat)).length > before, "the bot answers again");
  });

  test("after 24 hours only approved templates go out", async () => {
    const chat = await newChat({ lastInboundAt: new Date(Date.now() - 25 * HOUR) });
    await database()
      .db.insert(templateStatuses)
      .values([
        { officeId: lontar.officeId, name: "lontar_permohonan_diterima", language: "id", status: "approved" },
        { officeId: lontar.officeId, name: "lontar_permohonan_ditolak", language: "id", status: "submitted" },
      ])
      .onConflictDoNothing();
    const page = await operator.get(`/desk/conversations/${chat.conversationId}`, htmx);
    assert.match(page.body, /Jendela 24 jam tertutup sejak/);
    assert.match(page.body, /hanya template yang disetujui Meta/);
    assert.match(page.body, /data-template="lontar_permohonan_diterima"/);
    assert.doesNotMatch(page.body, /data-template="lontar_permohonan_ditolak"/);
    assert.doesNotMatch(page.body, /<textarea/);
    assert.match(page.body, /name="service_name" placeholder="Akta kelahiran"/);

    const free = await operator.post(
      `/desk/conversations/${chat.conversationId}/reply`,
      { text: "Halo" },
      { htmx: true },
    );
    assert.equal(free.status, 422);
    assert.match(free.body, /Jendela 24 jam sudah tertutup/);
    assert.equal((await outboundOf(lontar, database(), chat)).length, 0);
    assert.equal(
      (await conversationRow(database(), chat)).heldBy,
      null,
      "a refused reply takes nothing over",
    );

    const refused = await operator.post(
      `/desk/conversations/${chat.conversationId}/reply`,
      {
        template: "lontar_permohonan_ditolak",
        language: "id",
        citizen_name: "Maria",
        service_name: "KK",
        application_number: "X",
        rejection_reason: "Y",
      },
      { htmx: true },
    );
    assert.equal(refused.status, 422);
    assert.match(refused.body, /belum disetujui Meta/);
    assert.equal((await outboundOf(lontar, database(), chat)).length, 0);

    const ok = await operator.post(
      `/desk/conversations/${chat.conversationId}/reply`,
      {
        template: "lontar_permohonan_diterima",
        language: "id",
        citizen_name: "Maria Ndun",
        service_name: "KK hilang",
        application_number: "KPG-A-2611-00042",
        expected_finish: "Jumat,\n13 November",
      },
      { htmx: true },
    );
    assert.equal(ok.status, 200);
    const [sent] = await outboundOf(lontar, database(), chat);
    assert.equal(sent!.type, "template");
    const template = sent!.body.template as {
      name: string;
      components: Array<{ parameters: Array<{ text: string }> }>;
    };
    assert.equal(template.name, "lontar_permohonan_diterima");
    assert.deepEqual(
      template.components[0]!.parameters.map((p) => p.text),
      ["Maria Ndun", "KK hilang", "KPG-A-2611-00042", "Jumat,; 13 November"],
    );
  });

  test("a ready answer comes pre-filled with the citizen's name and latest tracking number", async () => {
    const chat = await newChat();
    await submitKk(lontar, database(), chat, "Yohanes Bria");
    const latest = await submitKk(lontar, database(), chat, "Maria Goreti Bria");
    const [canned] = await database()
      .db.insert(cannedResponses)
      .values({
        officeId: lontar.officeId,
        title: "Sedang diproses",
        body: "Halo {nama}, permohonan {nomor} sedang diproses.",
      })
      .returning();
    const page = await operator.get(`/desk/conversations/${chat.conversationId}`, htmx);
    assert.match(page.body, /<option value="[^"]+">Sedang diproses<\/option>/);
    const box = await operator.get(
      `/desk/conversations/${chat.conversationId}/reply-box?canned=${canned!.id}`,
      htmx,
    );
    assert.equal(box.status, 200);
    assert.match(
      box.body,
      new RegExp(`<textarea[^>]*>Halo Maria Goreti Bria, permohonan ${latest} sedang diproses\\.</textarea>`),
    );
    const [other] = await rows<{ n: number }>(
      database().db,
      sql`SELECT count(*)::int AS n FROM outbox WHERE recipient = ${chat.phone}`,
    );
    assert.equal(other!.n, 0, "choosing a ready answer sends nothing");
  });
});
