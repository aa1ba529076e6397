import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { isDomainError } from "./domain-error.ts";
import { deriveFieldKeys } from "./field-crypto.ts";
import { openJson, openText, SEALED, sealJson, sealText } from "./sealed.ts";

const keys = deriveFieldKeys(randomBytes(32));
const content = { kind: "text", body: "NIK saya 5371041401200003, Jl. Timor Raya 12" };
const refused = (what: string) => (error: unknown) => {
  assert.ok(isDomainError(error, "undecryptable"), what);
  assert.match((error as Error).message, /sealed value does not open/);
  assert.ok(!(error as Error).message.includes("5371"), "the error names no value");
  return true;
};
/** Flips one character inside the iv/tag: a whole base64url digit, so the bytes really change. */
const tamper = (token: string) => `${token.slice(0, 19)}${token[19] === "A" ? "B" : "A"}${token.slice(20)}`;

test("a sealed value holds no plaintext and opens to the same value", () => {
  const sealed = sealJson(keys, content, SEALED.messageContent);
  assert.ok(!JSON.stringify(sealed).includes("5371"));
  assert.deepEqual(openJson(keys, sealed, SEALED.messageContent), content);
  const body = '{"object":"whatsapp_business_account","entry":[]}';
  const token = sealText(keys, body, SEALED.webhookBody);
  assert.match(token, /^v1\./);
  assert.equal(openText(keys, token, SEALED.webhookBody), body);
});

test("rows written before sealing read as they are", () => {
  assert.deepEqual(openJson(keys, content, SEALED.messageContent), content);
  assert.equal(openJson(keys, null, SEALED.botState), null);
  assert.equal(openText(keys, '{"object":"x"}', SEALED.webhookBody), '{"object":"x"}');
  assert.equal(openText(keys, "v1. saya mau tanya", SEALED.complaintDescription), "v1. saya mau tanya");
});

test("a tampered value, another column's value or another key is refused, never passed as plain", () => {
  const sealed = sealJson(keys, content, SEALED.messageContent);
  assert.throws(
    () => openJson(keys, { sealed: tamper(sealed.sealed) }, SEALED.messageContent),
    refused("tampered"),
  );
  assert.throws(() => openJson(keys, sealed, SEALED.botState), refused("other column"));
  assert.throws(
    () => openJson(deriveFieldKeys(randomBytes(32)), sealed, SEALED.messageContent),
    refused("other key"),
  );
  const token = sealText(keys, "payload", SEALED.webhookBody);
  assert.throws(() => openText(keys, tamper(token), SEALED.webhookBody), refused("tampered text"));
});
