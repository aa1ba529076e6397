import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { DomainError } from "./domain-error.ts";
import { decryptField, deriveFieldKeys, encryptField, identityNumberIndex } from "./field-crypto.ts";

const keys = deriveFieldKeys(randomBytes(32));
const NIK = "5371014101900042";

test("encrypts to a versioned token that round-trips and never shows the digits", () => {
  const token = encryptField(keys.encryptionKey, NIK, "applications.subject_nik");
  assert.match(token, /^v1\.[A-Za-z0-9_-]+$/);
  assert.ok(!token.includes(NIK) && !token.includes(NIK.slice(0, 8)) && !token.includes(NIK.slice(8)));
  assert.equal(decryptField(keys.encryptionKey, token, "applications.subject_nik"), NIK);
  // A fresh IV each time: equal values do not give equal ciphertexts (that is what the blind index is for).
  assert.notEqual(encryptField(keys.encryptionKey, NIK), encryptField(keys.encryptionKey, NIK));
});

test("a wrong key, another context or a flipped byte fails as undecryptable", () => {
  const token = encryptField(keys.encryptionKey, NIK, "a");
  const other = deriveFieldKeys(randomBytes(32));
  const flipped = `${token.slice(0, -2)}${token.endsWith("A") ? "B" : "A"}${token.slice(-1)}`;
  for (const attempt of [
    () => decryptField(other.encryptionKey, token, "a"),
    () => decryptField(keys.encryptionKey, token, "b"),
    () => decryptField(keys.encryptionKey, flipped, "a"),
    () => decryptField(keys.encryptionKey, "v0.abc", "a"),
  ]) {
    assert.throws(attempt, (e) => e instanceof DomainError && e.code === "undecryptable");
  }
});

test("the blind index ignores separators and depends on the key", () => {
  const index = identityNumberIndex(keys.indexKey, NIK);
  for (const typed of [
    "5371 0141 0190 0042",
    "5371.014101.900042",
    "5371-0141-0190-0042",
    "５３７１０１４１０１９０００４２",
  ]) {
    assert.equal(identityNumberIndex(keys.indexKey, typed), index, typed);
  }
  assert.notEqual(identityNumberIndex(keys.indexKey, "5371014101900043"), index);
  assert.notEqual(identityNumberIndex(deriveFieldKeys(randomBytes(32)).indexKey, NIK), index);
  assert.ok(!index.includes(NIK));
});

test("keys are derived separately and must be 32 bytes", () => {
  assert.notDeepEqual(keys.encryptionKey, keys.indexKey);
  assert.throws(() => deriveFieldKeys(randomBytes(16)), RangeError);
  assert.throws(() => encryptField(randomBytes(31), NIK), RangeError);
});
