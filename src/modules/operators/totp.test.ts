import assert from "node:assert/strict";
import { test } from "node:test";
import { base32Decode, base32Encode, generateTotpSecret, hotp, totpAt, verifyTotp } from "./totp.ts";

// RFC 4226 appendix D: secret "12345678901234567890", counters 0..9.
const RFC_SECRET = Buffer.from("12345678901234567890");
const RFC_CODES = [
  "755224",
  "287082",
  "359152",
  "969429",
  "338314",
  "254676",
  "287922",
  "162583",
  "399871",
  "520489",
];

test("HOTP matches the RFC 4226 test vectors", () => {
  assert.deepEqual(
    RFC_CODES.map((_, i) => hotp(RFC_SECRET, i)),
    RFC_CODES,
  );
});

test("TOTP matches the RFC 6238 SHA-1 vectors (last 6 digits)", () => {
  const secret = base32Encode(RFC_SECRET);
  assert.equal(totpAt(secret, new Date(59_000)), "287082");
  assert.equal(totpAt(secret, new Date(1111111109_000)), "081804");
  assert.equal(totpAt(secret, new Date(1234567890_000)), "005924");
  assert.equal(totpAt(secret, new Date(2000000000_000)), "279037");
});

test("base32 round-trips and tolerates spaces and lower case", () => {
  const secret = generateTotpSecret();
  assert.equal(secret.length, 32);
  assert.deepEqual(base32Decode(secret.toLowerCase().replace(/(.{4})/g, "$1 ")), base32Decode(secret));
});

test("a code is accepted one step either side and refused beyond", () => {
  const secret = generateTotpSecret();
  const now = new Date("2026-11-27T02:00:10Z");
  const code = totpAt(secret, now);
  assert.equal(verifyTotp(secret, code, now), true);
  assert.equal(verifyTotp(secret, code, new Date(now.getTime() + 30_000)), true);
  assert.equal(verifyTotp(secret, code, new Date(now.getTime() + 90_000)), false);
  assert.equal(verifyTotp(secret, "12345", now), false);
  assert.equal(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now), true);
});
