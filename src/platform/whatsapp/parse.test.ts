import assert from "node:assert/strict";
import { test } from "node:test";
import { parseStatus, walkPayload } from "./parse.ts";
import type { WebhookPayload } from "./types.ts";

const envelope = (value: Record<string, unknown>, field = "messages"): WebhookPayload => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: "WABA",
      changes: [
        {
          field,
          value: {
            messaging_product: "whatsapp",
            metadata: { phone_number_id: "PN", display_phone_number: "62380" },
            ...value,
          },
        },
      ],
    },
  ],
});

test("every status kind parses, with its error and callback data", () => {
  for (const status of ["sent", "delivered", "read", "failed", "played"]) {
    const parsed = parseStatus({
      id: "wamid.1",
      status,
      timestamp: "1795811675",
      recipient_id: "6281",
      biz_opaque_callback_data: "lontar:ob:7",
    });
    assert.equal(parsed.status, status);
    assert.equal(parsed.callbackData, "lontar:ob:7");
    assert.deepEqual(parsed.timestamp, new Date(1795811675 * 1000));
  }
  const failed = parseStatus({
    id: "wamid.2",
    status: "failed",
    timestamp: "1795811675",
    errors: [{ code: 131047, title: "Re-engagement message", error_data: { details: "more than 24 hours" } }],
  });
  assert.deepEqual(failed.error, {
    code: 131047,
    title: "Re-engagement message",
    details: "more than 24 hours",
  });
  assert.throws(() => parseStatus({ id: "wamid.3", status: "deleted", timestamp: "1" }), /unknown status/);
});

test("a payload mixing messages, statuses and errors yields every item with its path", () => {
  const items = walkPayload(
    envelope({
      contacts: [{ profile: { name: "Maria" }, wa_id: "6281", user_id: "ID.abc" }],
      messages: [
        { from: "6281", id: "wamid.a", timestamp: "1795811675", type: "text", text: { body: "halo" } },
        {
          from: "6281",
          id: "wamid.b",
          timestamp: "1795811676",
          type: "interactive",
          interactive: { type: "nfm_reply" },
        },
      ],
      statuses: [{ id: "wamid.c", status: "read", timestamp: "1795811677", recipient_id: "6281" }],
      errors: [{ code: 130429, title: "Rate limit hit" }],
    }),
  );
  assert.deepEqual(
    items.map((i) => [i.kind, i.path]),
    [
      ["message", "entry[0].changes[0].messages[0]"],
      ["message", "entry[0].changes[0].messages[1]"],
      ["status", "entry[0].changes[0].statuses[0]"],
      ["error", "entry[0].changes[0].errors[0]"],
    ],
  );
  const first = items[0]!;
  assert.ok(first.kind === "message");
  assert.equal(first.profileName, "Maria");
  assert.deepEqual(
    first.message.from,
    { waId: "6281", userId: "ID.abc" },
    "the contacts block supplies the BSUID",
  );
  assert.ok(
    items[1]!.kind === "message" && items[1]!.message.content.kind === "unsupported",
    "unknown interactive kinds are kept",
  );
  assert.equal(first.route.phoneNumberId, "PN");
});

test("malformed items become invalid without hiding their neighbours; other fields are ignored", () => {
  const items = walkPayload(
    envelope({
      messages: [
        { id: "wamid.ok", from: "6281", timestamp: "1795811675", type: "text", text: { body: "ok" } },
        null,
        { id: "wamid.nofrom", timestamp: "1795811675", type: "text" },
        { id: "wamid.badtime", from: "6281", timestamp: "yesterday", type: "text" },
        { id: "wamid.loc", from: "6281", timestamp: "1795811675", type: "location", location: {} },
      ],
    }),
  );
  assert.deepEqual(
    items.map((i) => i.kind),
    ["message", "invalid", "invalid", "invalid", "invalid"],
  );
  assert.deepEqual(
    walkPayload(envelope({}, "account_update")).map((i) => i.kind),
    ["ignored"],
  );
  assert.deepEqual(walkPayload({ object: "whatsapp_business_account" }), []);
  assert.deepEqual(walkPayload({ object: "x", entry: "nope" } as unknown as WebhookPayload), []);
});
