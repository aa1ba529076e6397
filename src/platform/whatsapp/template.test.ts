import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MessageLimitError, type TemplateComponent, templateMessage } from "./builders.ts";

const to = "+62 812-3456-7890";
const limit = (pattern: RegExp) => (err: unknown) =>
  err instanceof MessageLimitError && pattern.test(err.message);
const send =
  (components: TemplateComponent[], name = "dokumen_siap") =>
  () =>
    templateMessage({ to, name, language: "id", components });

describe("templateMessage", () => {
  test("builds a utility template with a PDF header, body and buttons", () => {
    const m = templateMessage({
      to,
      name: "dokumen_siap",
      language: "id",
      callbackData: "outbox:7",
      components: [
        { type: "header", format: "document", mediaId: "555", filename: "AKTA-3201-2026.pdf" },
        { type: "body", params: ["Budi Santoso", "AKTA-3201-2026-000123"] },
        { type: "button", subType: "quick_reply", index: 0, payload: "survey:123" },
        { type: "button", subType: "url", index: 1, text: "AKTA-3201-2026-000123" },
      ],
    });
    assert.equal(m.type, "template");
    assert.equal(m.to, "+6281234567890");
    assert.equal(m.biz_opaque_callback_data, "outbox:7");
    assert.deepEqual(m.template, {
      name: "dokumen_siap",
      language: { code: "id", policy: "deterministic" },
      components: [
        {
          type: "header",
          parameters: [{ type: "document", document: { id: "555", filename: "AKTA-3201-2026.pdf" } }],
        },
        {
          type: "body",
          parameters: [
            { type: "text", text: "Budi Santoso" },
            { type: "text", text: "AKTA-3201-2026-000123" },
          ],
        },
        {
          type: "button",
          sub_type: "quick_reply",
          index: "0",
          parameters: [{ type: "payload", payload: "survey:123" }],
        },
        {
          type: "button",
          sub_type: "url",
          index: "1",
          parameters: [{ type: "text", text: "AKTA-3201-2026-000123" }],
        },
      ],
    });
  });

  test("no components: none are sent", () => {
    assert.deepEqual(templateMessage({ to, name: "pengingat_jadwal", language: "id" }).template, {
      name: "pengingat_jadwal",
      language: { code: "id", policy: "deterministic" },
    });
  });

  test("image and text headers", () => {
    const image = templateMessage({
      to,
      name: "a",
      language: "id",
      components: [{ type: "header", format: "image", mediaId: "9" }],
    });
    assert.deepEqual((image.template as { components: unknown[] }).components[0], {
      type: "header",
      parameters: [{ type: "image", image: { id: "9" } }],
    });
    assert.doesNotThrow(send([{ type: "header", format: "text", params: ["x".repeat(60)] }]));
    assert.throws(
      send([{ type: "header", format: "text", params: ["x".repeat(61)] }]),
      limit(/61 characters/),
    );
  });

  test("name must be lowercase letters, digits and underscores", () => {
    assert.doesNotThrow(send([], "status_permohonan_v2"));
    assert.doesNotThrow(send([], "a".repeat(512)));
    for (const bad of ["Status_Permohonan", "status-permohonan", "status permohonan", "", "a".repeat(513)]) {
      assert.throws(send([], bad), limit(/template name/));
    }
  });

  test("language must not be empty", () => {
    assert.throws(
      () => templateMessage({ to, name: "a", language: " " }),
      limit(/template language is empty/),
    );
  });

  test("body parameters: 1024 ok, 1025 and empty throw", () => {
    assert.doesNotThrow(send([{ type: "body", params: ["x".repeat(1024)] }]));
    assert.throws(
      send([{ type: "body", params: ["ok", "x".repeat(1025)] }]),
      limit(/template body parameter \{\{2\}\} is 1025 characters; WhatsApp allows 1024/),
    );
    assert.throws(send([{ type: "body", params: [""] }]), limit(/parameter \{\{1\}\} is empty/));
    assert.throws(send([{ type: "body", params: [] }]), limit(/has no parameters/));
  });

  test("newlines, tabs and more than 4 consecutive spaces are rejected", () => {
    assert.throws(send([{ type: "body", params: ["Jl. Merdeka\nNo. 1"] }]), limit(/newline or tab/));
    assert.throws(send([{ type: "body", params: ["RT 01\tRW 02"] }]), limit(/newline or tab/));
    assert.throws(send([{ type: "body", params: ["a\r\nb"] }]), limit(/newline or tab/));
    assert.doesNotThrow(send([{ type: "body", params: ["Loket    3"] }]));
    assert.throws(send([{ type: "body", params: ["Loket     3"] }]), limit(/more than 4 consecutive spaces/));
    assert.throws(
      send([{ type: "button", subType: "url", index: 0, text: "a\nb" }]),
      limit(/button 0 URL parameter/),
    );
  });

  test("document header: media id only, PDF only", () => {
    assert.doesNotThrow(send([{ type: "header", format: "document", mediaId: "1" }]));
    assert.doesNotThrow(send([{ type: "header", format: "document", mediaId: "1", filename: "KK.PDF" }]));
    assert.throws(
      send([{ type: "header", format: "document", mediaId: "1", filename: "akta.docx" }]),
      limit(/not a \.pdf/),
    );
    assert.throws(
      send([{ type: "header", format: "document", mediaId: "https://x.go.id/a.pdf" }]),
      limit(/not a link/),
    );
    assert.throws(
      send([{ type: "header", format: "document", mediaId: "1", filename: "dir/akta.pdf" }]),
      limit(/path separator/),
    );
  });

  test("buttons: index 0..9, unique, payload required", () => {
    assert.doesNotThrow(send([{ type: "button", subType: "quick_reply", index: 9, payload: "p" }]));
    assert.throws(
      send([{ type: "button", subType: "quick_reply", index: 10, payload: "p" }]),
      limit(/index 10/),
    );
    assert.throws(
      send([{ type: "button", subType: "quick_reply", index: 1.5, payload: "p" }]),
      limit(/index 1.5/),
    );
    assert.throws(
      send([{ type: "button", subType: "quick_reply", index: 0, payload: "" }]),
      limit(/payload is empty/),
    );
    assert.throws(
      send([
        { type: "button", subType: "quick_reply", index: 0, payload: "ya" },
        { type: "button", subType: "quick_reply", index: 0, payload: "tidak" },
      ]),
      limit(/template button index "0" is used twice/),
    );
  });

  test("at most one header and one body", () => {
    assert.throws(
      send([
        { type: "body", params: ["a"] },
        { type: "body", params: ["b"] },
      ]),
      limit(/template component "body" is used twice/),
    );
  });

  test("a BSUID recipient works for templates too", () => {
    const m = templateMessage({ to: "ID.AbC123", name: "a", language: "id" });
    assert.equal(m.recipient, "ID.AbC123");
    assert.equal(m.to, undefined);
  });
});
