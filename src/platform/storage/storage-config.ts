import { deriveKeyId, type MasterKey } from "./crypto.ts";

/**
 * Where files go and which master keys wrap them, read from the environment (config.ts calls this).
 *   LONTAR_STORAGE          fs (default: LONTAR_DATA_DIR/blobs) | s3
 *   S3_*                    the S3-compatible bucket, when LONTAR_STORAGE=s3
 *   LONTAR_MASTER_KEY       [id:]base64 of 32 bytes; unset: a key file generated in the data folder
 *   LONTAR_OLD_MASTER_KEYS  [id:]base64,[id:]base64 — keys that may still wrap stored files (rotation)
 *   LONTAR_FIELD_KEY_ID     the key the NIK field encryption derives from (default: the current key)
 * A key given without an id gets the first 8 hex digits of its SHA-256 as id.
 */
export type S3Config = {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

export type StorageConfig = {
  backend: "fs" | "s3";
  s3?: S3Config;
  /** Parsed keys; `current` is undefined when the generated key file is to be used. */
  keys: { current?: MasterKey; old: MasterKey[]; fieldKeyId?: string };
};

type Env = Record<string, string | undefined>;

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const readStorageConfig = (env: Env, problems: string[]): StorageConfig => {
  const raw = (name: string) => env[name]?.trim() || undefined;
  const backend = raw("LONTAR_STORAGE") ?? "fs";
  if (backend !== "fs" && backend !== "s3")
    problems.push(`LONTAR_STORAGE must be one of fs, s3; got "${backend}".`);
  const current = raw("LONTAR_MASTER_KEY")
    ? parseKey(raw("LONTAR_MASTER_KEY")!, "LONTAR_MASTER_KEY", problems)
    : undefined;
  const old = (raw("LONTAR_OLD_MASTER_KEYS") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .flatMap((entry, i) => parseKey(entry, `LONTAR_OLD_MASTER_KEYS (entry ${i + 1})`, problems) ?? []);
  checkDistinct(current, old, problems);
  const fieldKeyId = raw("LONTAR_FIELD_KEY_ID");
  if (old.length > 0 && !fieldKeyId)
    problems.push(
      "LONTAR_FIELD_KEY_ID is required when LONTAR_OLD_MASTER_KEYS is set: name the key the NIK fields were " +
        "encrypted with (rotate-keys re-wraps files only).",
    );
  return {
    backend: backend === "s3" ? "s3" : "fs",
    s3: backend === "s3" ? readS3(raw, problems) : undefined,
    keys: { current, old, fieldKeyId },
  };
};

const parseKey = (entry: string, source: string, problems: string[]): MasterKey | undefined => {
  const colon = entry.indexOf(":"); // base64 has no colon, so the first one ends the id
  const id = colon >= 0 ? entry.slice(0, colon) : undefined;
  const key = Buffer.from(colon >= 0 ? entry.slice(colon + 1) : entry, "base64");
  if (key.length !== 32) {
    problems.push(`${source} must be [id:]base64 of 32 bytes (openssl rand -base64 32).`);
    return undefined;
  }
  if (id !== undefined && !KEY_ID.test(id)) {
    problems.push(`${source}: a key id is 1 to 64 letters, digits, dots, dashes or underscores.`);
    return undefined;
  }
  return { id: id ?? deriveKeyId(key), key };
};

const checkDistinct = (current: MasterKey | undefined, old: MasterKey[], problems: string[]) => {
  const all = current ? [current, ...old] : old;
  const ids = new Set(all.map((k) => k.id));
  if (ids.size !== all.length) problems.push("LONTAR_OLD_MASTER_KEYS: every key id must be different.");
  if (current && old.some((k) => k.key.equals(current.key)))
    problems.push("LONTAR_OLD_MASTER_KEYS must not contain the current LONTAR_MASTER_KEY.");
};

const readS3 = (raw: (name: string) => string | undefined, problems: string[]): S3Config => {
  const endpoint = raw("S3_ENDPOINT");
  if (endpoint !== undefined) {
    try {
      if (!["http:", "https:"].includes(new URL(endpoint).protocol)) throw new Error("protocol");
    } catch {
      problems.push("S3_ENDPOINT must be an http or https URL.");
    }
  }
  const bucket = raw("S3_BUCKET");
  if (!bucket) problems.push("S3_BUCKET is required when LONTAR_STORAGE=s3.");
  else if (!BUCKET.test(bucket)) problems.push(`S3_BUCKET must be a valid bucket name; got "${bucket}".`);
  const accessKeyId = raw("S3_ACCESS_KEY_ID");
  const secretAccessKey = raw("S3_SECRET_ACCESS_KEY");
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    problems.push(
      "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, for the SDK's own chain).",
    );
  const pathStyle = raw("S3_FORCE_PATH_STYLE")?.toLowerCase();
  if (pathStyle !== undefined && !["true", "false", "1", "0"].includes(pathStyle))
    problems.push(`S3_FORCE_PATH_STYLE must be true or false; got "${pathStyle}".`);
  return {
    endpoint,
    region: raw("S3_REGION") ?? "us-east-1",
    bucket: bucket ?? "",
    accessKeyId,
    secretAccessKey,
    // Most S3-compatible servers (MinIO, Garage, SeaweedFS) want path-style URLs; AWS wants virtual hosts.
    forcePathStyle: pathStyle === undefined ? endpoint !== undefined : ["true", "1"].includes(pathStyle),
  };
};
