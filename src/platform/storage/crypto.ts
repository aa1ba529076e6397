import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Envelope encryption with AES-256-GCM: each object gets its own data key, which is itself encrypted
 * ("wrapped") by a master key named in the object's header. Two layouts share the same header start:
 *   magic | keyId length (1) | keyId | wrapped key iv (12) | wrapped key tag (16) | wrapped key (32) | …
 * "LTB1" (whole-buffer, legacy) continues: data iv (12) | data tag (16) | ciphertext.
 * "LTB2" (segmented, streaming) continues as described in segmented.ts.
 * Rotating the master key re-wraps the data key: only that header start changes, never the data.
 */
export type MasterKey = { id: string; key: Buffer };

/** The key new objects are wrapped with, and older keys that may still wrap stored objects. */
export type Keyring = { current: MasterKey; old: MasterKey[] };

export const keyringOf = (keys: MasterKey | Keyring): Keyring =>
  "current" in keys ? keys : { current: keys, old: [] };

/** A stable id for a key that was given without one: the first 8 hex digits of its SHA-256. */
export const deriveKeyId = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

export const LTB1 = Buffer.from("LTB1");
export const LTB2 = Buffer.from("LTB2");
const WRAP_BYTES = 12 + 16 + 32;

export class BlobIntegrityError extends Error {
  constructor(detail: string) {
    super(`stored file failed its integrity check: ${detail}`);
    this.name = "BlobIntegrityError";
  }
}

const gcm = (key: Buffer, plaintext: Buffer, aad?: Buffer) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (aad) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), body };
};

const ungcm = (key: Buffer, iv: Buffer, tag: Buffer, body: Buffer, aad?: Buffer) => {
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
};

/** LTB2 binds the key id to the wrapped key; LTB1 (legacy) wrapped without associated data. */
const wrapAad = (magic: Buffer, keyId: string) =>
  magic.equals(LTB2) ? Buffer.concat([magic, Buffer.from(keyId)]) : undefined;

/** The header start (magic … wrapped key) for `dataKey` under `master`. */
export const wrapHeader = (magic: Buffer, master: MasterKey, dataKey: Buffer): Buffer => {
  const keyId = Buffer.from(master.id);
  if (keyId.length === 0 || keyId.length > 255) throw new Error("a master key id must be 1 to 255 bytes");
  const wrapped = gcm(master.key, dataKey, wrapAad(magic, master.id));
  return Buffer.concat([magic, Buffer.from([keyId.length]), keyId, wrapped.iv, wrapped.tag, wrapped.body]);
};

export type WrappedHeader = {
  magic: Buffer;
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  wrapped: Buffer;
  end: number;
};

/** Reads the header start; undefined while `bytes` is too short to hold it. */
export const readWrappedHeader = (bytes: Buffer): WrappedHeader | undefined => {
  if (bytes.length < 5) return undefined;
  const magic = bytes.subarray(0, 4);
  if (!magic.equals(LTB1) && !magic.equals(LTB2)) throw new BlobIntegrityError("not a sealed Lontar object");
  const idLength = bytes[4]!;
  const end = 5 + idLength + WRAP_BYTES;
  if (bytes.length < end) return undefined;
  const at = 5 + idLength;
  return {
    magic: Buffer.from(magic),
    keyId: bytes.subarray(5, at).toString(),
    iv: bytes.subarray(at, at + 12),
    tag: bytes.subarray(at + 12, at + 28),
    wrapped: bytes.subarray(at + 28, end),
    end,
  };
};

/**
 * The data key, unwrapped by the key the header names. An object whose id no configured key has (written
 * before ids were derived from keys: "env", "file") is tried against every key; GCM says which one fits.
 */
export const unwrapDataKey = (
  keys: Keyring,
  header: WrappedHeader,
): { dataKey: Buffer; master: MasterKey } => {
  const all = [keys.current, ...keys.old];
  const named = all.find((k) => k.id === header.keyId);
  for (const master of named ? [named] : all) {
    try {
      const aad = wrapAad(header.magic, header.keyId);
      return { dataKey: ungcm(master.key, header.iv, header.tag, header.wrapped, aad), master };
    } catch {
      // wrong key: try the next one
    }
  }
  if (named) throw new BlobIntegrityError(`the data key does not open with master key "${header.keyId}"`);
  throw new Error(
    `master key "${header.keyId}" is not configured (LONTAR_MASTER_KEY / LONTAR_OLD_MASTER_KEYS)`,
  );
};

/** The same header start wrapped by `keys.current`; undefined when it already is. */
export const rewrapHeader = (keys: Keyring, header: WrappedHeader): Buffer | undefined => {
  if (header.keyId === keys.current.id) {
    unwrapDataKey(keys, header); // proves the current key really opens it
    return undefined;
  }
  return wrapHeader(header.magic, keys.current, unwrapDataKey(keys, header).dataKey);
};

/** LTB1, whole buffer: kept so tests can make legacy objects; new objects are written as LTB2. */
export const seal = (master: MasterKey, plaintext: Buffer): Buffer => {
  const dataKey = randomBytes(32);
  const data = gcm(dataKey, plaintext);
  return Buffer.concat([wrapHeader(LTB1, master, dataKey), data.iv, data.tag, data.body]);
};

/** Opens a whole LTB1 object. */
export const openLtb1 = (keys: Keyring, sealed: Buffer): Buffer => {
  const header = readWrappedHeader(sealed);
  if (!header?.magic.equals(LTB1) || sealed.length < header.end + 28)
    throw new BlobIntegrityError("truncated header");
  const { dataKey } = unwrapDataKey(keys, header);
  const at = header.end;
  try {
    return ungcm(
      dataKey,
      sealed.subarray(at, at + 12),
      sealed.subarray(at + 12, at + 28),
      sealed.subarray(at + 28),
    );
  } catch {
    throw new BlobIntegrityError("the data does not match its tag");
  }
};
