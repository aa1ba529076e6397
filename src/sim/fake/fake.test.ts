import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { isValidSignature } from "../../platform/whatsapp/signature.ts";
import type { ReceivedRequest } from "./index.ts";
import { batchPayload } from "./index.ts";
import {
  APP_SECRET,
  NUMBER,
  PNID,
  type Receiver,
  sendText,
  startFake,
  startReceiver,
  TOKEN,
} from "./test-support.ts";

describe("fake Cloud API", () => {
  let receiver: Receiver;
  let ctx: Awaited<ReturnType<typeof startFake>>;
  let clock = Date.now();

  before(async () => {
    receiver = await startReceiver();
    ctx = await startFake(receiver, { now: () => clock });
  });
  after(async () => {
    await ctx.fake.close();
    await receiver.close();
  });
  beforeEach(() => {
    clock = Date.now();
    ctx.fake.clearFaults();
  });

  it("accepts a text send and emits signed sent/delivered/read with the callback data", async () => {
    const res = await sendText(ctx.graph, "+6281234567890", { biz_opaque_callback_data: "case-42" });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { contacts: unknown[]; messages: Array<{ id: string }> };
    assert.deepEqual(body.contacts, [{ input: "+6281234567890", wa_id: "6281234567890" }]);
    const wamid = body.messages[0]!.id;
    assert.match(wamid, /^wamid\.HBgL[A-Za-z0-9+/=]+$/);

    const seen = await receiver.waitFor(() => {
      const s = receiver.statusesOf(wamid);
      return s.length === 3 ? s : undefined;
    });
    assert.deepEqual(seen.map((s) => s.status).sort(), ["delivered", "read", "sent"]);
    for (const s of seen) {
      assert.equal(s.biz_opaque_callback_data, "case-42");
      assert.equal(s.recipient_id, "6281234567890");
      assert.match(s.recipient_user_id ?? "", /^ID\.[A-Z0-9]+$/);
      assert.match(s.timestamp, /^\d+$/);
    }
    assert.ok(seen.find((s) => s.status === "sent")?.pricing);
    assert.ok(receiver.hits.every((h) => h.signatureOk));
    const entry = receiver.hits.at(-1)!.payload.entry![0]!;
    assert.equal(entry.id, NUMBER.wabaId);
    assert.equal(entry.changes![0]!.value!.metadata!.phone_number_id, PNID);

    const rec = ctx.fake.received.find((r) => r.wamid === wamid) as Extract<
      ReceivedRequest,
      { kind: "message" }
    >;
    assert.equal(rec.kind, "message");
    assert.equal(rec.body.to, "+6281234567890");
    assert.ok(ctx.fake.stats().accepted >= 1);
  });

  it("answers 401 with Graph code 190 without a valid bearer", async () => {
    for (const authorization of [undefined, "Bearer nope"]) {
      const res = await fetch(`${ctx.base}/v25.0/${PNID}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: "{}",
      });
      assert.equal(res.status, 401);
      const { error } = (await res.json()) as { error: Record<string, unknown> };
      assert.equal(error.code, 190);
      assert.equal(error.type, "OAuthException");
      assert.ok(error.fbtrace_id);
    }
  });

  it("rejects bodies beyond Meta's limits with code 100, and accepts mark-as-read", async () => {
    const post = (body: unknown, pnid = PNID) =>
      ctx.graph(`/v23.0/${pnid}/messages`, { method: "POST", body: JSON.stringify(body) });
    const base = { messaging_product: "whatsapp", to: "6281234567890" };
    const button = (title: string, i: number) => ({ type: "reply", reply: { id: `b${i}`, title } });
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
    const bad = [
      { ...base, type: "text", text: { body: "x".repeat(4097) } },
      { ...base, type: "text", text: { body: "hi" }, messaging_product: "sms" },
      {
        ...base,
        type: "interactive",
        interactive: {
          type: "button",
          body: { text: "Pilih" },
          action: { buttons: [0, 1, 2, 3].map((i) => button(`B${i}`, i)) },
        },
      },
      {
        ...base,
        type: "interactive",
        interactive: {
          type: "button",
          body: { text: "Pilih" },
          action: { buttons: [button("x".repeat(21), 0)] },
        },
      },
      {
        ...base,
        type: "interactive",
        interactive: {
          type: "list",
          body: { text: "Menu" },
          action: { button: "Lihat", sections: [{ rows: rows(11) }] },
        },
      },
    ];
    for (const body of bad) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      const { error } = (await res.json()) as { error: { code: number; error_data: { details: string } } };
      assert.equal(error.code, 100);
      assert.ok(error.error_data.details);
    }
    const unknown = await post({ ...base, type: "text", text: { body: "hi" } }, "999");
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { error: { code: number } }).error.code, 100);

    const okList = await post({
      ...base,
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: "Menu" },
        action: { button: "Lihat", sections: [{ rows: rows(10) }] },
      },
    });
    assert.equal(okList.status, 200);

    const read = await post({ messaging_product: "whatsapp", status: "read", message_id: "wamid.HBgLabc" });
    assert.deepEqual(await read.json(), { success: true });
    assert.equal(ctx.fake.received.at(-1)?.kind, "read");
  });

  it("uploads media, serves metadata and a bearer-protected URL that expires after 5 minutes", async () => {
    const pdf = Buffer.from("%PDF-1.4 akta kelahiran");
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("type", "application/pdf");
    form.set("file", new Blob([pdf], { type: "application/pdf" }), "AKTA-1.pdf");
    const up = await fetch(`${ctx.base}/v25.0/${PNID}/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    assert.equal(up.status, 200);
    const { id } = (await up.json()) as { id: string };
    assert.equal(ctx.fake.media.get(id)?.filename, "AKTA-1.pdf");

    const meta = (await (await ctx.graph(`/v25.0/${id}`)).json()) as Record<string, unknown>;
    assert.equal(meta.mime_type, "application/pdf");
    assert.equal(meta.file_size, pdf.length);
    assert.match(String(meta.sha256), /^[0-9a-f]{64}$/);
    const url = String(meta.url);
    assert.ok(url.startsWith(`${ctx.base}/_media/${id}?token=`));

    assert.equal((await fetch(url)).status, 401);
    const dl = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(dl.status, 200);
    assert.deepEqual(Buffer.from(await dl.arrayBuffer()), pdf);

    clock += 5 * 60 * 1000 + 1;
    assert.equal((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 404);

    assert.deepEqual(await (await ctx.graph(`/v25.0/${id}`, { method: "DELETE" })).json(), { success: true });
    assert.equal((await ctx.graph(`/v25.0/${id}`)).status, 400);
  });

  it("sends a realistic inbound text with ASCII-escaped bytes and a valid signature", async () => {
    const wamid = await ctx.fake.sendInbound({
      phoneNumberId: PNID,
      from: "6281234567890",
      name: "Siti",
      message: { type: "text", body: "Bapak/Ibu ñ é" },
    });
    const hit = receiver.hitsWithMessage(wamid)[0]!;
    assert.ok(hit.signatureOk);
    // Re-serialising the parsed JSON yields raw UTF-8, so the signature no longer matches.
    const reserialised = Buffer.from(JSON.stringify(hit.payload));
    assert.equal(isValidSignature(reserialised, hit.signature, APP_SECRET), false);
    const rawText = hit.raw.toString("latin1");
    assert.ok(rawText.includes("Bapak/Ibu \\u00f1 \\u00e9"));
    assert.ok([...hit.raw].every((b) => b < 0x80));

    assert.equal(hit.payload.object, "whatsapp_business_account");
    const value = hit.payload.entry![0]!.changes![0]!.value!;
    assert.equal(hit.payload.entry![0]!.changes![0]!.field, "messages");
    assert.deepEqual(value.metadata, {
      display_phone_number: NUMBER.displayPhoneNumber,
      phone_number_id: PNID,
    });
    const contact = value.contacts![0]!;
    assert.equal(contact.wa_id, "6281234567890");
    assert.equal(contact.profile?.name, "Siti");
    const msg = value.messages![0]!;
    assert.equal(msg.id, wamid);
    assert.equal(msg.from, "6281234567890");
    assert.equal(msg.from_user_id, contact.user_id);
    assert.match(msg.timestamp, /^\d+$/);
    assert.deepEqual(msg.text, { body: "Bapak/Ibu ñ é" });
  });

  it("delivers the same bytes N+1 times with the duplicates option", async () => {
    const wamid = await ctx.fake.sendInbound(
      { phoneNumberId: PNID, from: "6281200000001", message: { type: "text", body: "dup" } },
      { duplicates: 2 },
    );
    const hits = receiver.hitsWithMessage(wamid);
    assert.equal(hits.length, 3);
    assert.ok(hits.every((h) => h.raw.equals(hits[0]!.raw)));
  });

  it("handles a username user without a phone, inbound and outbound", async () => {
    const inbound = await ctx.fake.sendInbound({
      phoneNumberId: PNID,
      userId: "ID.user9876",
      message: { type: "button_reply", id: "menu_akta", title: "Akta" },
    });
    const value = receiver.hitsWithMessage(inbound)[0]!.payload.entry![0]!.changes![0]!.value!;
    const msg = value.messages![0]!;
    assert.equal(msg.from, undefined);
    assert.equal(msg.from_user_id, "ID.user9876");
    assert.equal(value.contacts![0]!.wa_id, undefined);
    assert.equal(value.contacts![0]!.user_id, "ID.user9876");
    assert.deepEqual(msg.interactive, {
      type: "button_reply",
      button_reply: { id: "menu_akta", title: "Akta" },
    });

    const res = await ctx.graph(`/v25.0/${PNID}/messages`, {
      method: "POST",
      body: JSON.stringify({
        messaging_product: "whatsapp",
        recipient: "ID.user9876",
        type: "text",
        text: { body: "ok" },
      }),
    });
    const wamid = ((await res.json()) as { messages: Array<{ id: string }> }).messages[0]!.id;
    const sent = await receiver.waitFor(() => receiver.statusesOf(wamid).find((s) => s.status === "sent"));
    assert.equal(sent.recipient_id, undefined);
    assert.equal(sent.recipient_user_id, "ID.user9876");
  });

  it("retries webhooks answered with non-200 and counts them", async () => {
    const built = ctx.fake.buildInbound({
      phoneNumberId: PNID,
      from: "628100",
      message: { type: "text", body: "r" },
    });
    receiver.failMessage(built.wamid, 2);
    const sentBefore = ctx.fake.stats().webhooksSent;
    assert.deepEqual(await ctx.fake.emitWebhook(built.payload), [500, 500, 200]);
    assert.ok(ctx.fake.stats().webhooksSent > sentBefore);

    const doomed = ctx.fake.buildInbound({
      phoneNumberId: PNID,
      from: "628100",
      message: { type: "text", body: "x" },
    });
    receiver.failMessage(doomed.wamid, 3);
    const failedBefore = ctx.fake.stats().webhooksFailed;
    assert.deepEqual(await ctx.fake.emitWebhook(doomed.payload), [500, 500, 500]);
    assert.equal(ctx.fake.stats().webhooksFailed, failedBefore + 1);
  });

  it("batches several updates into one payload", () => {
    const a = ctx.fake.buildInbound({
      phoneNumberId: PNID,
      from: "628101",
      message: { type: "text", body: "a" },
    });
    const b = ctx.fake.buildInbound({
      phoneNumberId: PNID,
      from: "628102",
      message: { type: "text", body: "b" },
    });
    assert.equal(batchPayload([a.payload, b.payload], "entries").entry?.length, 2);
    assert.equal(batchPayload([a.payload, b.payload]).entry?.[0]?.changes?.length, 2);
    const merged = batchPayload([b.payload, a.payload], "values").entry![0]!.changes!;
    assert.equal(merged.length, 1);
    assert.deepEqual(
      merged[0]!.value!.messages!.map((m) => m.id),
      [b.wamid, a.wamid],
    );
  });
});
