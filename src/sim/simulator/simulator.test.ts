import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import type { WebhookMessage, WebhookPayload } from "../../platform/whatsapp/types.ts";
import { createFakeCloudApi, type FakeCloudApi } from "../fake/index.ts";
import { simulatorRoutes } from "./index.ts";
import type { SimMessage } from "./types.ts";

const PNID = "106540352242922";
const TOKEN = "sim-test-token";
const MARIA = "6281234500001";
// A valid 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** Stands in for Lontar's webhook route: records what the fake delivered. */
const startReceiver = async () => {
  const messages: WebhookMessage[] = [];
  const app = Fastify();
  app.post("/webhooks/whatsapp", async (req) => {
    const payload = req.body as WebhookPayload;
    for (const e of payload.entry ?? [])
      for (const c of e.changes ?? []) messages.push(...(c.value?.messages ?? []));
    return "ok";
  });
  const url = `${await app.listen({ host: "127.0.0.1", port: 0 })}/webhooks/whatsapp`;
  return { app, url, messages };
};

describe("phone simulator API", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let fake: FakeCloudApi;
  let graphBase: string;
  let app: FastifyInstance;

  before(async () => {
    receiver = await startReceiver();
    fake = createFakeCloudApi({
      appSecret: "sim-test-secret",
      accessToken: TOKEN,
      webhookUrl: receiver.url,
      numbers: [{ phoneNumberId: PNID, displayPhoneNumber: "6238000000001", wabaId: "200000000000001" }],
      statuses: { auto: false },
      webhookRetry: { attempts: 1, baseDelayMs: 1 },
    });
    graphBase = await fake.listen();
    app = Fastify();
    await app.register(simulatorRoutes({ fake, phoneNumberId: PNID }));
  });

  after(async () => {
    await app.close();
    await fake.close();
    await receiver.app.close();
  });

  /** What Lontar does: POST to the fake's Graph endpoint over real HTTP. */
  const lontarSends = async (body: Record<string, unknown>) => {
    const res = await fetch(`${graphBase}/v25.0/${PNID}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", ...body }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { messages?: Array<{ id: string }> }).messages?.[0]?.id;
  };
  const send = (payload: Record<string, unknown>) =>
    app.inject({
      method: "POST",
      url: "/sim/api/messages",
      payload: { phone: MARIA, name: "Maria", ...payload },
    });
  const history = async (phone = MARIA) => {
    const res = await app.inject({ url: `/sim/api/history?phone=${phone}` });
    assert.equal(res.statusCode, 200);
    return (res.json() as { messages: SimMessage[] }).messages;
  };

  it("serves the page and its script", async () => {
    const page = await app.inject({ url: "/sim" });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /^<!doctype html>/);
    assert.match(page.body, /Ketik pesan/);
    assert.match(page.body, /Maria \(6281234500001\)/);
    assert.match(String(page.headers["content-security-policy"]), /default-src 'self'/);
    const script = await app.inject({ url: "/sim/app.js" });
    assert.match(String(script.headers["content-type"]), /javascript/);
    assert.doesNotMatch(script.body, /innerHTML/);
  });

  it("rejects a bad phone number or empty text with a clear 400", async () => {
    const badPhone = await send({ phone: "12ab", text: "halo" });
    assert.equal(badPhone.statusCode, 400);
    assert.match(badPhone.json().error, /Nomor warga .* tidak valid/);
    const noPhone = await send({ phone: "", text: "halo" });
    assert.match(noPhone.json().error, /Nomor warga wajib diisi/);
    const empty = await send({ text: "   " });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().error, /Pesan kosong/);
    const history400 = await app.inject({ url: "/sim/api/history?phone=123" });
    assert.equal(history400.statusCode, 400);
  });

  it("sends text through the fake and records ticks from Lontar's read receipts", async () => {
    const first = await send({ text: "min sy mw bikin akte lahir anak, syaratnya apa" });
    assert.equal(first.statusCode, 200, first.body);
    const { wamid, phone } = first.json() as { wamid: string; phone: string };
    assert.equal(phone, MARIA);
    const delivered = receiver.messages.find((m) => m.id === wamid);
    assert.equal(delivered?.text?.body, "min sy mw bikin akte lahir anak, syaratnya apa");
    assert.equal(delivered?.from, MARIA);
    const second = (await send({ phone: "0812-3450-0001", text: "halo?" })).json().wamid as string;

    let chat = await history();
    assert.deepEqual(
      chat.filter((m) => m.id === wamid || m.id === second).map((m) => [m.from, m.tick]),
      [
        ["citizen", "sent"],
        ["citizen", "sent"],
      ],
    );

    const reply = await lontarSends({
      to: `+${MARIA}`,
      type: "text",
      text: { body: "Halo! *Selamat* datang" },
    });
    await lontarSends({ status: "read", message_id: second });
    chat = await history();
    assert.deepEqual(chat.find((m) => m.id === reply)?.content, {
      kind: "text",
      body: "Halo! *Selamat* datang",
    });
    // Marking the later message read covers the earlier one too.
    assert.equal(chat.find((m) => m.id === wamid)?.tick, "read");
    assert.equal(chat.find((m) => m.id === second)?.tick, "read");
  });

  it("answers reply buttons and list rows with the tapped message as context", async () => {
    const buttons = await lontarSends({
      to: `+${MARIA}`,
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Pilih layanan" },
        action: { buttons: [{ type: "reply", reply: { id: "akta", title: "Akta kelahiran" } }] },
      },
    });
    const list = await lontarSends({
      to: `+${MARIA}`,
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: "Menu" },
        action: {
          button: "Lihat menu",
          sections: [
            { title: "Dokumen", rows: [{ id: "kk", title: "Kartu Keluarga", description: "KK baru" }] },
          ],
        },
      },
    });
    const tap = await send({ type: "button_reply", contextWamid: buttons, id: "akta" });
    assert.equal(tap.statusCode, 200, tap.body);
    const tapped = receiver.messages.find((m) => m.id === tap.json().wamid);
    assert.deepEqual(tapped?.interactive?.button_reply, { id: "akta", title: "Akta kelahiran" });
    assert.equal(tapped?.context?.id, buttons);

    const row = await send({ type: "list_reply", contextWamid: list, id: "kk" });
    const picked = receiver.messages.find((m) => m.id === row.json().wamid);
    assert.deepEqual(picked?.interactive?.list_reply, {
      id: "kk",
      title: "Kartu Keluarga",
      description: "KK baru",
    });
    assert.equal(picked?.context?.id, list);

    const unknown = await send({ type: "button_reply", contextWamid: buttons, id: "nope" });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error, /Pilihan itu tidak ada/);
  });

  it("uploads a photo through the fake's media store and serves it back", async () => {
    const form = new FormData();
    form.append("phone", MARIA);
    form.append("name", "Maria");
    form.append("file", new Blob([PNG], { type: "image/png" }), "ktp.png");
    const request = new Request("http://sim.local/", { method: "POST", body: form });
    const res = await app.inject({
      method: "POST",
      url: "/sim/api/upload",
      headers: { "content-type": request.headers.get("content-type")! },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    assert.equal(res.statusCode, 200, res.body);
    const delivered = receiver.messages.find((m) => m.id === res.json().wamid);
    assert.equal(delivered?.type, "image");
    const mediaId = delivered?.image?.id ?? "";
    const media = await app.inject({ url: `/sim/api/media/${mediaId}` });
    assert.equal(media.headers["content-type"], "image/png");
    assert.deepEqual(media.rawPayload, PNG);
    const last = (await history()).at(-1);
    assert.deepEqual(last?.content, { kind: "image", mediaId });

    const fakePdf = new FormData();
    fakePdf.append("phone", MARIA);
    fakePdf.append("file", new Blob(["not a pdf"], { type: "application/pdf" }), "akta.pdf");
    const bad = new Request("http://sim.local/", { method: "POST", body: fakePdf });
    const rejected = await app.inject({
      method: "POST",
      url: "/sim/api/upload",
      headers: { "content-type": bad.headers.get("content-type")! },
      payload: Buffer.from(await bad.arrayBuffer()),
    });
    assert.equal(rejected.statusCode, 400);
    assert.match(rejected.json().error, /bukan foto\/PDF/);
  });

  it("accepts PDFs larger than the JSON body limit", async () => {
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    const form = new FormData();
    form.append("phone", MARIA);
    form.append("file", new Blob([pdf], { type: "application/pdf" }), "Surat keterangan lahir.pdf");
    const request = new Request("http://sim.local/", { method: "POST", body: form });
    const res = await app.inject({
      method: "POST",
      url: "/sim/api/upload",
      headers: { "content-type": request.headers.get("content-type")! },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    assert.equal(res.statusCode, 200, res.body);
    const delivered = receiver.messages.find((m) => m.id === res.json().wamid);
    assert.equal(delivered?.document?.filename, "Surat keterangan lahir.pdf");
    const download = await app.inject({ url: `/sim/api/media/${delivered?.document?.id}?unduh=1` });
    assert.equal(download.rawPayload.length, pdf.length);
    assert.match(
      String(download.headers["content-disposition"]),
      /^attachment; filename="Surat keterangan lahir.pdf"/,
    );
  });

  it("streams new messages as Server-Sent Events and ends the streams on shutdown (closes the app: keep last)", async () => {
    const base = await app.listen({ host: "127.0.0.1", port: 0 });
    const controller = new AbortController();
    const res = await fetch(`${base}/sim/api/events?phone=6281234500002`, { signal: controller.signal });
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const reader = res.body!.getReader();
    const sent = await send({ phone: "6281234500002", text: "tes sse" });
    const { wamid } = sent.json() as { wamid: string };
    let received = "";
    const deadline = Date.now() + 5000;
    while (!received.includes('"tick":"sent"') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    assert.match(received, /^retry: 2000/);
    assert.ok(received.includes(`"id":"${wamid}"`));
    assert.ok(received.includes('"tick":"sent"'), received);
    // Shutting down must not wait for the browser to hang up.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(resolve, 3000, "timed out");
    });
    assert.equal(await Promise.race([app.close().then(() => "closed"), timeout]), "closed");
    clearTimeout(timer);
    assert.equal((await reader.read()).done, true);
    controller.abort();
  });
});
