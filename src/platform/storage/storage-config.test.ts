import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ConfigError, loadConfig } from "../../config.ts";
import { deriveKeyId } from "./crypto.ts";
import { loadKeyring } from "./keys.ts";

const k = () => randomBytes(32).toString("base64");
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return "";
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
};

test("storage defaults to fs; s3 needs a bucket, and bad values are named by variable", () => {
  assert.equal(loadConfig({}).storage.backend, "fs");
  const message = problemsOf({
    LONTAR_STORAGE: "s3",
    S3_ENDPOINT: "ftp://x",
    S3_ACCESS_KEY_ID: "id-only",
    S3_FORCE_PATH_STYLE: "maybe",
  });
  for (const name of [
    "S3_BUCKET is required",
    "S3_ENDPOINT must be",
    "S3_SECRET_ACCESS_KEY",
    "S3_FORCE_PATH_STYLE",
  ])
    assert.ok(message.includes(name), `${name} in: ${message}`);
  assert.match(problemsOf({ LONTAR_STORAGE: "gcs" }), /LONTAR_STORAGE must be one of fs, s3/);
  const s3 = loadConfig({
    LONTAR_STORAGE: "s3",
    S3_BUCKET: "lontar-files",
    S3_ENDPOINT: "http://127.0.0.1:9000",
  }).storage;
  assert.deepEqual(s3.s3, {
    endpoint: "http://127.0.0.1:9000",
    region: "us-east-1",
    bucket: "lontar-files",
    accessKeyId: undefined,
    secretAccessKey: undefined,
    forcePathStyle: true,
  });
});

test("master keys: [id:]base64, ids derived from the key when not given, old keys distinct", () => {
  const current = k();
  const old = k();
  const keys = loadConfig({
    LONTAR_MASTER_KEY: current,
    LONTAR_OLD_MASTER_KEYS: ` env:${old} , ${k()}`,
    LONTAR_FIELD_KEY_ID: "env",
  }).storage.keys;
  assert.equal(keys.current?.id, deriveKeyId(Buffer.from(current, "base64")));
  assert.match(keys.current!.id, /^[0-9a-f]{8}$/);
  assert.deepEqual(
    keys.old.map((o) => o.id),
    ["env", keys.old[1]!.id],
  );
  assert.match(
    problemsOf({ LONTAR_MASTER_KEY: "c2hvcnQ=" }),
    /LONTAR_MASTER_KEY must be \[id:\]base64 of 32 bytes/,
  );
  assert.match(
    problemsOf({
      LONTAR_MASTER_KEY: current,
      LONTAR_OLD_MASTER_KEYS: `${current}`,
      LONTAR_FIELD_KEY_ID: "x",
    }),
    /must not contain the current LONTAR_MASTER_KEY/,
  );
  assert.match(problemsOf({ LONTAR_OLD_MASTER_KEYS: `bad id:${old}`, LONTAR_FIELD_KEY_ID: "x" }), /entry 1/);
  assert.match(problemsOf({ LONTAR_OLD_MASTER_KEYS: old }), /LONTAR_FIELD_KEY_ID is required/);
});

test("the keyring: the generated key file on an embedded install, and the field key kept through rotation", async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-keys-"));
  const first = await loadKeyring({ old: [] }, dataDir);
  const again = await loadKeyring({ old: [] }, dataDir);
  assert.ok(first.keys.current.key.equals(again.keys.current.key), "the file is reused");
  assert.equal(first.keys.current.id, deriveKeyId(first.keys.current.key));
  assert.equal(
    (await readFile(path.join(dataDir, "master.key"), "utf8")).trim(),
    first.keys.current.key.toString("base64"),
  );
  assert.ok(first.fieldKey.equals(first.keys.current.key));

  const { storage } = loadConfig({
    LONTAR_MASTER_KEY: `new:${k()}`,
    LONTAR_OLD_MASTER_KEYS: `old:${first.keys.current.key.toString("base64")}`,
    LONTAR_FIELD_KEY_ID: "old",
  });
  const rotated = await loadKeyring(storage.keys, dataDir);
  assert.equal(rotated.keys.current.id, "new");
  assert.ok(
    rotated.fieldKey.equals(first.keys.current.key),
    "NIK fields still decrypt after the files rotate",
  );
  await assert.rejects(
    loadKeyring({ ...storage.keys, fieldKeyId: "nope" }, dataDir),
    /LONTAR_FIELD_KEY_ID "nope"/,
  );
});
