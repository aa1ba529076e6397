import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../../config.ts";
import { deriveKeyId, type Keyring, type MasterKey } from "./crypto.ts";
import type { StorageConfig } from "./storage-config.ts";

/**
 * The keyring from configuration: LONTAR_MASTER_KEY in production; on a single embedded install a key
 * file generated inside the data folder on first start (back it up with the data). `fieldKey` is the
 * key the NIK field encryption derives from: it must not change when files are rotated to a new key.
 */
export const loadKeyring = async (
  keys: StorageConfig["keys"],
  dataDir: string,
): Promise<{ keys: Keyring; fieldKey: Buffer }> => {
  const current = keys.current ?? (await keyFile(dataDir));
  if (keys.old.some((k) => k.id === current.id || k.key.equals(current.key)))
    throw new ConfigError(["LONTAR_OLD_MASTER_KEYS must not contain the current master key."]);
  const ring = { current, old: keys.old };
  const fieldId = keys.fieldKeyId ?? current.id;
  const field = [current, ...keys.old].find((k) => k.id === fieldId);
  if (!field)
    throw new ConfigError([
      `LONTAR_FIELD_KEY_ID "${fieldId}" names no configured key (current: ${current.id}).`,
    ]);
  return { keys: ring, fieldKey: field.key };
};

const keyFile = async (dataDir: string): Promise<MasterKey> => {
  const file = path.join(dataDir, "master.key");
  const existing = await readFile(file, "utf8").catch(() => undefined);
  if (existing) {
    const key = Buffer.from(existing.trim(), "base64");
    if (key.length !== 32) throw new ConfigError([`${file} must hold 32 bytes encoded in base64.`]);
    return { id: deriveKeyId(key), key };
  }
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return { id: deriveKeyId(key), key };
};
