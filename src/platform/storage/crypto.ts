import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Envelope encryption with AES-256-GCM: each object gets its own data key, which is itself encrypted
 * ("wrapped") by the master key. Layout of a sealed object:
 *   magic "LTB1" | keyId length (1) | keyId | wrapped key iv (12) | wrapped key tag (16) | wrapped key (32)
 *   | data iv (12) | data tag (16) | ciphertext
 * The key id lets master keys rotate: re-wrapping touches only the header.
 */
export type MasterKey = { id: string; key: Buffer };

const MAGIC = Buffer.from("LTB1");

const gcm = (key: Buffer, plaintext: Buffer) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), body };
};

const ungcm = (key: Buffer, iv: Buffer, tag: Buffer, body: Buffer) => {
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
};

export const seal = (master: MasterKey, plaintext: Buffer): Buffer => {
  const dataKey = randomBytes(32);
  const wrapped = gcm(master.key, dataKey);
  const data = gcm(dataKey, plaintext);
  const keyId = Buffer.from(master.id);
  return Buffer.concat([
    MAGIC,
    Buffer.from([keyId.length]),
    keyId,
    wrapped.iv,
    wrapped.tag,
    wrapped.body,
    data.iv,
    data.tag,
    data.body,
  ]);
};

export const open = (keys: (id: string) => MasterKey | undefined, sealed: Buffer): Buffer => {
  if (!sealed.subarray(0, 4).equals(MAGIC)) throw new Error("not a sealed Lontar object");
  const idLength = sealed[4]!;
  let at = 5;
  const take = (n: number) => {
    const part = sealed.subarray(at, at + n);
    at += n;
    return part;
  };
  const keyId = take(idLength).toString();
  const master = keys(keyId);
  if (!master) throw new Error(`master key "${keyId}" is not configured`);
  const dataKey = ungcm(master.key, take(12), take(16), take(32));
  const iv = take(12);
  const tag = take(16);
  return ungcm(dataKey, iv, tag, sealed.subarray(at));
};
