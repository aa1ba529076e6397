import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { type MasterKey, open, seal } from "./crypto.ts";

/** Where citizens' files live: never on the public web, never in plaintext on disk. */
export type BlobStore = {
  put(bytes: Buffer): Promise<{ key: string; sha256: string; size: number }>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
};

export const createFsBlobStore = (root: string, master: MasterKey): BlobStore => {
  const fileOf = (key: string) => {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error("invalid blob key");
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async put(bytes) {
      const key = randomUUID();
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
      await writeFile(temp, seal(master, bytes), { mode: 0o600 });
      await rename(temp, file); // readers never see half a file
      return { key, sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
    },
    get: async (key) => open((id) => (id === master.id ? master : undefined), await readFile(fileOf(key))),
    delete: async (key) => {
      await unlink(fileOf(key)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "ENOENT") throw e;
      });
    },
  };
};

/**
 * The master key: LONTAR_MASTER_KEY (base64 of 32 bytes) in production; on a single embedded install a key
 * file is generated inside the data folder on first start (back it up with the data).
 */
export const loadMasterKey = async (configured: string | undefined, dataDir: string): Promise<MasterKey> => {
  if (configured) return { id: "env", key: decodeKey(configured, "LONTAR_MASTER_KEY") };
  const file = path.join(dataDir, "master.key");
  const existing = await readFile(file, "utf8").catch(() => undefined);
  if (existing) return { id: "file", key: decodeKey(existing.trim(), file) };
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return { id: "file", key };
};

const decodeKey = (base64: string, source: string): Buffer => {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32)
    throw new Error(`${source} must be 32 bytes encoded in base64 (openssl rand -base64 32).`);
  return key;
};
