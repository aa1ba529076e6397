import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  buttonsMessage,
  documentMessage,
  imageMessage,
  MessageLimitError,
  markAsRead,
  textMessage,
} from "./builders.ts";
import { InvalidPhoneNumberError } from "./phone.ts";

const to = "0812 3456 7890";
const x = (n: number, ch = "a"): string => ch.repeat(n);
const limit = (pattern: RegExp) => (err: unknown) =>
  err instanceof MessageLimitError && pattern.test(err.message);

describe("recipient and envelope", () => {
  test("a typed Indonesian number is sent as +62…", () => {
    const m = textMessage({ to, body: "Halo" });
    assert.deepEqual(m, {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "+6281234567890",
      type: "text",
      text: { body: "Halo" },
    });
  });

  test("a BSUID goes in `recipient`, not `to`", () => {
    const m = textMessage({ to: "ID.1349846292736", body: "Halo" });
    assert.equal(m.recipient, "ID.1349846292736");
    assert.equal("to" in m, false);
  });

  test("an invalid number throws InvalidPhoneNumberError", () => {
    assert.throws(() => textMessage({ to: "bukan nomor", body: "Halo" }), InvalidPhoneNumberError);
  });

  test("replyTo and callbackData", () => {
    const m = textMessage({ to, body: "Halo", replyTo: "wamid.HBgL123", callbackData: "outbox:42" });
    assert.deepEqual(m.context, { message_id: "wamid.HBgL123" });
    assert.equal(m.biz_opaque_callback_data, "outbox:42");
  });

  test("callbackData: 512 ok, 513 throws", () => {
    assert.equal(textMessage({ to, body: "Halo", callbackData: x(512) }).biz_opaque_callback_data, x(512));
    assert.throws(
      () => textMessage({ to, body: "Halo", callbackData: x(513) }),
      limit(/513 characters; WhatsApp allows 512/),
    );
  });

  test("an empty replyTo throws", () => {
    assert.throws(() => textMessage({ to, body: "Halo", replyTo: "" }), MessageLimitError);
  });
});

describe("textMessage", () => {
  test("body 4096 ok, 4097 throws, empty throws", () => {
    assert.doesNotThrow(() => textMessage({ to, body: x(4096) }));
    assert.throws(
      () => textMessage({ to, body: x(4097) }),
      limit(/text body is 4097 characters; WhatsApp allows 4096/),
    );
    assert.throws(() => textMessage({ to, body: "  " }), limit(/text body is empty/));
  });

  test("lengths count code points: 4096 emoji fit", () => {
    assert.doesNotThrow(() => textMessage({ to, body: x(4096, "📄") }));
  });

  test("previewUrl", () => {
    assert.deepEqual(textMessage({ to, body: "https://x.go.id", previewUrl: true }).text, {
      body: "https://x.go.id",
      preview_url: true,
    });
  });
});

describe("buttonsMessage", () => {
  const body = "Silakan pilih layanan:";
  const b = (id: string, title: string) => ({ id, title });

  test("builds reply buttons with header and footer", () => {
    const m = buttonsMessage({
      to,
      body,
      header: "Disdukcapil",
      footer: "Layanan 08.00–15.00 WIB",
      buttons: [b("syarat", "Info persyaratan"), b("ajukan", "Ajukan permohonan")],
    });
    assert.deepEqual(m.interactive, {
      type: "button",
      header: { type: "text", text: "Disdukcapil" },
      body: { text: body },
      footer: { text: "Layanan 08.00–15.00 WIB" },
      action: {
        buttons: [
          { type: "reply", reply: { id: "syarat", title: "Info persyaratan" } },
          { type: "reply", reply: { id: "ajukan", title: "Ajukan permohonan" } },
        ],
      },
    });
  });

  test("title 20 ok, 21 throws with the label and limit", () => {
    assert.equal([..."Ajukan permohonan"].length, 17);
    assert.doesNotThrow(() => buttonsMessage({ to, body, buttons: [b("a", x(20))] }));
    assert.throws(
      () => buttonsMessage({ to, body, buttons: [b("petugas", "Bicara dengan petugas")] }),
      limit(/^button title "Bicara dengan petugas" is 21 characters; WhatsApp allows 20$/),
    );
    assert.throws(
      () => buttonsMessage({ to, body, buttons: [b("a", "Ajukan permohonan sekarang")] }),
      limit(/^button title "Ajukan permohonan sekarang" is 26 characters; WhatsApp allows 20$/),
    );
  });

  test("3 buttons ok, 4 and 0 throw", () => {
    const four = [
      b("1", "Info persyaratan"),
      b("2", "Ajukan permohonan"),
      b("3", "Cek status"),
      b("4", "Pengaduan"),
    ];
    assert.doesNotThrow(() => buttonsMessage({ to, body, buttons: four.slice(0, 3) }));
    assert.throws(
      () => buttonsMessage({ to, body, buttons: four }),
      limit(/buttons count is 4; WhatsApp allows 1 to 3/),
    );
    assert.throws(() => buttonsMessage({ to, body, buttons: [] }), limit(/count is 0/));
  });

  test("id 256 ok, 257 throws; empty title throws", () => {
    assert.doesNotThrow(() => buttonsMessage({ to, body, buttons: [b(x(256), "Ya")] }));
    assert.throws(
      () => buttonsMessage({ to, body, buttons: [b(x(257), "Ya")] }),
      limit(/257 characters; WhatsApp allows 256/),
    );
    assert.throws(
      () => buttonsMessage({ to, body, buttons: [b("a", "")] }),
      limit(/button title "" is empty/),
    );
  });

  test("duplicate ids or titles throw", () => {
    assert.throws(
      () => buttonsMessage({ to, body, buttons: [b("ya", "Ya"), b("ya", "Tidak")] }),
      limit(/button id "ya" is used twice/),
    );
    assert.throws(
      () => buttonsMessage({ to, body, buttons: [b("ya", "Ya"), b("ya2", "Ya")] }),
      limit(/button title "Ya" is used twice/),
    );
  });

  test("body 1024, header 60, footer 60 at the boundary", () => {
    const one = [b("ya", "Ya")];
    assert.doesNotThrow(() =>
      buttonsMessage({ to, body: x(1024), header: x(60), footer: x(60), buttons: one }),
    );
    assert.throws(() => buttonsMessage({ to, body: x(1025), buttons: one }), limit(/body text is 1025/));
    assert.throws(
      () => buttonsMessage({ to, body, header: x(61), buttons: one }),
      limit(/header text is 61/),
    );
    assert.throws(
      () => buttonsMessage({ to, body, footer: x(61), buttons: one }),
      limit(/footer text is 61/),
    );
  });
});

describe("imageMessage and documentMessage", () => {
  test("document by media id with filename and caption", () => {
    const m = documentMessage({
      to,
      mediaId: "1234567890",
      filename: "AKTA-3201-2026.pdf",
      caption: "Akta kelahiran Anda",
    });
    assert.equal(m.type, "document");
    assert.deepEqual(m.document, {
      id: "1234567890",
      filename: "AKTA-3201-2026.pdf",
      caption: "Akta kelahiran Anda",
    });
  });

  test("image by media id; caption 1024 ok, 1025 throws", () => {
    assert.deepEqual(imageMessage({ to, mediaId: "987", caption: x(1024) }).image, {
      id: "987",
      caption: x(1024),
    });
    assert.throws(
      () => imageMessage({ to, mediaId: "987", caption: x(1025) }),
      limit(/image caption is 1025/),
    );
    assert.throws(
      () => documentMessage({ to, mediaId: "987", caption: x(1025) }),
      limit(/document caption is 1025/),
    );
  });

  test("a link instead of a media id throws", () => {
    assert.throws(
      () => documentMessage({ to, mediaId: "https://example.go.id/akta.pdf" }),
      limit(/not a link/),
    );
    assert.throws(() => imageMessage({ to, mediaId: "" }), limit(/media id is empty/));
  });

  test("filename 240 ok, 241 throws, path separators throw", () => {
    const name = (n: number) => `${x(n - 4)}.pdf`;
    assert.doesNotThrow(() => documentMessage({ to, mediaId: "1", filename: name(240) }));
    assert.throws(
      () => documentMessage({ to, mediaId: "1", filename: name(241) }),
      limit(/241 characters; WhatsApp allows 240/),
    );
    assert.throws(
      () => documentMessage({ to, mediaId: "1", filename: "../akta.pdf" }),
      limit(/path separator/),
    );
    assert.throws(
      () => documentMessage({ to, mediaId: "1", filename: "C:\\akta.pdf" }),
      limit(/path separator/),
    );
  });
});

describe("markAsRead", () => {
  test("plain and with typing indicator", () => {
    assert.deepEqual(markAsRead({ messageId: "wamid.A" }), {
      messaging_product: "whatsapp",
      status: "read",
      message_id: "wamid.A",
    });
    assert.deepEqual(markAsRead({ messageId: "wamid.A", typing: true }).typing_indicator, { type: "text" });
  });

  test("an empty message id throws", () => {
    assert.throws(() => markAsRead({ messageId: "" }), MessageLimitError);
  });
});
