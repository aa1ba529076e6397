import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { loadConfig } from "../../config.ts";
import { DEMO_NUMBER } from "../../demo.ts";
import { seedDemo } from "../../modules/offices/seed-demo.ts";
import { TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { type Database, openPglite } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { blobs } from "../db/schema/index.ts";
import { describeEachDatabase } from "../db/testing.ts";
import { type BlobStore, createBlobStore, storedColumns } from "./blob-store.ts";
import { deriveKeyId, type Keyring, type MasterKey, seal } from "./crypto.ts";
import { startS3 } from "./s3.testing.ts";

const A: MasterKey = { id: "a", key: randomBytes(32) };
const keyB = randomBytes(32);
/** As LONTAR_MASTER_KEY without an id gives it. */
const B: MasterKey = { id: deriveKeyId(keyB), key: keyB };

type Env = Record<string, string>;

/** Six files under key A (one written as LTB1 with the pre-id "env" name and no key_id), one purged. */
const storeUnderA = async (database: Database, officeId: string, env: Env) => {
  const config = { ...loadConfig({ LOG_LEVEL: "silent", ...env }) };
  const storeA = await createBlobStore(config, { current: A, old: [] });
  const contents: Buffer[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const bytes = randomBytes(1000 + i * 70_000);
    const stored = await storeA.putStream(Readable.from([bytes]));
    const [row] = await database.db
      .insert(blobs)
      .values({ officeId, ...storedColumns(stored), mimeType: "application/pdf" })
      .returning({ id: blobs.id });
    contents.push(bytes);
    ids.push(row!.id);
  }
  return { config, storeA, contents, ids };
};

const legacyObject = async (database: Database, officeId: string, env: Env, dataDir: string) => {
  const bytes = randomBytes(5000);
  const key = "abcdef01-0000-4000-8000-000000000042";
  const sealed = seal({ id: "env", key: A.key }, bytes);
  if (env.LONTAR_STORAGE === "s3")
    return { bytes, key, write: (put: (k: string, b: Buffer) => Promise<void>) => put(key, sealed) };
  const file = path.join(dataDir, "blobs", key.slice(0, 2), key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, sealed);
  await database.db
    .insert(blobs)
    .values({ officeId, storageKey: key, sizeBytes: 5000, sha256: "x", mimeType: "image/jpeg" });
  return { bytes, key, write: async () => {} };
};

const keyIds = async (database: Database) =>
  (await database.db.select({ keyId: blobs.keyId }).from(blobs).where(sql`${blobs.purgedAt} IS NULL`)).map(
    (r) => r.keyId,
  );

for (const backend of ["fs", "s3"] as const) {
  describeEachDatabase(`rotate-keys on ${backend}`, (database) => {
    let s3: Awaited<ReturnType<typeof startS3>> | undefined;
    let env: Env;
    let officeId: string;
    before(async () => {
      s3 = backend === "s3" ? await startS3() : undefined;
      env = { LONTAR_DATA_DIR: await mkdtemp(path.join(tmpdir(), "lontar-rotate-")), ...(s3?.env ?? {}) };
      officeId = (await seedDemo(database(), { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER }))
        .officeId;
    });
    after(async () => s3?.stop());

    test("key A to key B: resumable after a stop and after a crash between object and row; rerun is a no-op", async () => {
      const { rotateKeys } = await import("./rotate-keys.ts");
      const db = database();
      const { config, contents, ids } = await storeUnderA(db, officeId, env);
      const legacy = await legacyObject(db, officeId, env, config.dataDir);
      if (s3) {
        await legacy.write(s3.rawPut);
        await db.db.insert(blobs).values({
          officeId,
          storageKey: legacy.key,
          sizeBytes: 5000,
          sha256: "x",
          mimeType: "image/jpeg",
          backend: "s3",
        });
      }
      await db.db.insert(blobs).values({
        officeId,
        storageKey: "00000000-0000-4000-8000-00000000dead",
        sizeBytes: 1,
        sha256: "x",
        mimeType: "image/png",
        backend,
        purgedAt: new Date(),
      });
      const rotation: Keyring = { current: B, old: [A] };
      const store = await createBlobStore(config, rotation);

      const first = await rotateKeys(db, store, rotation, { stopAfter: 2, batch: 2 });
      assert.deepEqual([first.rewrapped, first.stopped], [2, true], "stopped after 2, as a crash would");
      // A crash after an object was re-wrapped but before its row was updated.
      const [pending] = await db.db
        .select()
        .from(blobs)
        .where(sql`${blobs.keyId} IS DISTINCT FROM ${B.id} AND ${blobs.purgedAt} IS NULL`)
        .limit(1);
      await store.rewrap(pending!.storageKey, rotation);

      const second = await rotateKeys(db, store, rotation, { batch: 2 });
      assert.deepEqual(
        {
          rewrapped: second.rewrapped,
          rowsFixed: second.rowsFixed,
          missing: second.missing,
          failed: second.failed,
        },
        { rewrapped: 3, rowsFixed: 1, missing: [], failed: [] },
      );
      assert.deepEqual(await keyIds(db), Array(6).fill(B.id));
      const third = await rotateKeys(db, store, rotation);
      assert.deepEqual(
        [third.rewrapped, third.rowsFixed, third.failed.length],
        [0, 0, 0],
        "nothing left to do",
      );

      const onlyB: BlobStore = await createBlobStore(config, { current: B, old: [] });
      for (const [i, id] of ids.entries()) {
        const [row] = await db.db.select().from(blobs).where(eq(blobs.id, id));
        assert.ok((await onlyB.get(row!.storageKey)).equals(contents[i]!), `file ${i} opens with B alone`);
      }
      assert.ok((await onlyB.get(legacy.key)).equals(legacy.bytes), "the LTB1 file too");
      const onlyA = await createBlobStore(config, { current: A, old: [] });
      await assert.rejects(onlyA.get(legacy.key), /is not configured/);
    });

    test("the CLI: npm run lontar -- rotate-keys with LONTAR_OLD_MASTER_KEYS, twice", async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-rotate-cli-"));
      const own = database().url ? undefined : await openPglite(path.join(dataDir, "pglite"));
      const db = own ?? database();
      if (own) await migrate(own);
      const office = own
        ? (await seedDemo(own, { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER })).officeId
        : officeId;
      await db.db.execute(sql`DELETE FROM blobs`);
      const cliEnv: Env = { ...env, LONTAR_DATA_DIR: dataDir };
      const { config, contents, ids } = await storeUnderA(db, office, cliEnv);
      await own?.close();
      const run = () =>
        promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli.ts", "rotate-keys"], {
          cwd: path.resolve(import.meta.dirname, "../../.."),
          env: {
            PATH: process.env.PATH,
            ...cliEnv,
            ...(database().url ? { DATABASE_URL: database().url } : {}),
            LONTAR_MASTER_KEY: B.key.toString("base64"),
            LONTAR_OLD_MASTER_KEYS: `a:${A.key.toString("base64")}`,
            LONTAR_FIELD_KEY_ID: "a",
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          },
        });
      const once = await run();
      assert.match(once.stdout, new RegExp(`Master key ${B.id}: re-wrapped 5 files on ${backend}`));
      const twice = await run();
      assert.match(twice.stdout, /re-wrapped 0 files/);
      assert.match(twice.stdout, /old keys can be removed/);
      const after = own ? await openPglite(path.join(dataDir, "pglite")) : database();
      try {
        assert.deepEqual(await keyIds(after), Array(5).fill(B.id));
        const onlyB = await createBlobStore(config, { current: B, old: [] });
        for (const [i, id] of ids.entries()) {
          const [row] = await after.db.select().from(blobs).where(eq(blobs.id, id));
          assert.ok((await onlyB.get(row!.storageKey)).equals(contents[i]!));
        }
      } finally {
        if (own) await after.close();
      }
    });
  });
}
