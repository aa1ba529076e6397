/**
 * Column-level protection for identity numbers (DESIGN "Data rules"): AES-256-GCM for the value, and a keyed
 * HMAC-SHA256 "blind index" so equal values can be found without decrypting every row. Two different keys:
 * a leaked index key must not help decrypt, and the index must not be computable from public data (a plain
 * hash of a 16-digit NIK with a known structure is brute-forced in minutes).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { DomainError } from "./domain-error.ts";

export type FieldKeys = { encryptionKey: Uint8Array; indexKey: Uint8Array };

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const checkKey = (key: Uint8Array, what: string) => {
  if (key.length !== 32) throw new RangeError(`${what} must be 32 bytes, got ${key.length}`);
};

/** Both keys from one master key (HKDF), so an install needs a single secret. */
export const deriveFieldKeys = (masterKey: Uint8Array): FieldKeys => {
  checkKey(masterKey, "master key");
  const derive = (info: string) => new Uint8Array(hkdfSync("sha256", masterKey, "lontar", info, 32));
  return { encryptionKey: derive("field-encryption/v1"), indexKey: derive("blind-index/v1") };
};

/**
 * `v1.<base64url(iv | tag | ciphertext)>`. `context` (e.g. "applications.subject_nik") is bound as associated
 * data, so a ciphertext copied into another column does not decrypt there.
 */
export const encryptField = (key: Uint8Array, plaintext: string, context = ""): string => {
  checkKey(key, "encryption key");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
};

export const decryptField = (key: Uint8Array, stored: string, context = ""): string => {
  checkKey(key, "encryption key");
  const [version, data] = stored.split(".");
  if (version !== VERSION || !data) throw new DomainError("undecryptable", "unknown field encryption format");
  const raw = Buffer.from(data, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new DomainError("undecryptable", "wrong key, context or tampered value");
  }
};

/** Keyed hash of an already normalised value; `context` keeps indexes of different kinds apart. */
export const blindIndex = (key: Uint8Array, value: string, context = ""): string => {
  checkKey(key, "index key");
  return createHmac("sha256", key).update(`${context}\u0000${value}`).digest("base64url");
};

/**
 * NIK and Nomor KK are typed with spaces, dots or dashes (and full-width digits on some keyboards): index the
 * ASCII digits only, so every spelling of one number matches.
 */
export const identityNumberIndex = (key: Uint8Array, value: string): string =>
  blindIndex(key, value.normalize("NFKC").replace(/\D/g, ""), "identity-number");
