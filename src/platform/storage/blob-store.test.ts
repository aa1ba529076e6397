import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { BlobNotFoundError, createFsBlobStore, verifiedStart } from "./blob-store.ts";
import { BlobIntegrityError, seal } from "./crypto.ts";
import { SEGMENT_SIZE } from "./segmented.ts";

const A = { id: "key-a", key: randomBytes(32) };
const B = { id: "key-b", key: randomBytes(32) };

const collect = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const fileOf = (root: string, key: string) => path.join(root, key.slice(0, 2), key);

describe("fs blob store", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "lontar-blobs-"));
  const store = createFsBlobStore(root, A);

  test("put and get: a buffer round trip, recorded with backend and key id", async () => {
    const bytes = Buffer.from("%PDF-1.7 akta kelahiran");
    const stored = await store.put(bytes);
    assert.deepEqual(
      { backend: stored.backend, keyId: stored.keyId, size: stored.size },
      { backend: "fs", keyId: "key-a", size: bytes.length },
    );
    assert.equal(stored.sha256, createHash("sha256").update(bytes).digest("hex"));
    assert.ok((await store.get(stored.key)).equals(bytes));
    const raw = await readFile(fileOf(root, stored.key));
    assert.equal(raw.subarray(0, 4).toString(), "LTB2");
    assert.equal(raw.includes(Buffer.from("akta kelahiran")), false, "nothing in plaintext on disk");
  });

  test("putStream and getStream: many segments, hash and size computed on the way", async () => {
    const bytes = randomBytes(7 * SEGMENT_SIZE + 999);
    const stored = await store.putStream(
      Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]),
    );
    assert.equal(stored.size, bytes.length);
    assert.equal(stored.sha256, createHash("sha256").update(bytes).digest("hex"));
    assert.ok((await collect(store.getStream(stored.key))).equals(bytes));
    assert.ok((await collect(await verifiedStart(store.getStream(stored.key)))).equals(bytes));
  });

  test("an empty file round trips", async () => {
    const stored = await store.putStream(Readable.from([]));
    assert.equal(stored.size, 0);
    assert.equal((await store.get(stored.key)).length, 0);
  });

  test("a failing source leaves nothing behind", async () => {
    const files = async () =>
      (await readdir(root, { recursive: true })).filter((f) => f.includes(path.sep)).sort();
    const before = await files();
    const failing = new Readable({
      read() {
        this.push(randomBytes(SEGMENT_SIZE * 2));
        this.destroy(new Error("client went away"));
      },
    });
    await assert.rejects(store.putStream(failing), /client went away/);
    assert.deepEqual(await files(), before, "no temp file left");
  });

  test("delete is idempotent; a missing file is BlobNotFoundError, also before the first byte", async () => {
    const stored = await store.put(Buffer.from("x"));
    await store.delete(stored.key);
    await store.delete(stored.key);
    await assert.rejects(store.get(stored.key), BlobNotFoundError);
    await assert.rejects(verifiedStart(store.getStream(stored.key)), BlobNotFoundError);
    await assert.rejects(store.rewrap(stored.key, { current: B, old: [A] }), BlobNotFoundError);
  });

  test("a tampered file on disk is rejected", async () => {
    const stored = await store.put(randomBytes(3 * SEGMENT_SIZE));
    const file = fileOf(root, stored.key);
    const raw = await readFile(file);
    raw[raw.length - 100]! ^= 1;
    await writeFile(file, raw);
    await assert.rejects(store.get(stored.key), BlobIntegrityError);
  });

  test("a file written as LTB1 (before streaming) is still read", async () => {
    const bytes = randomBytes(1000);
    const key = "0123abcd-0000-4000-8000-000000000001";
    await mkdir(path.dirname(fileOf(root, key)), { recursive: true });
    await writeFile(fileOf(root, key), seal({ id: "file", key: A.key }, bytes));
    assert.ok((await store.get(key)).equals(bytes));
    assert.ok((await collect(store.getStream(key))).equals(bytes));
  });

  test("rewrap re-wraps only the header; afterwards the new key alone opens it; again is a no-op", async () => {
    const bytes = randomBytes(2 * SEGMENT_SIZE + 5);
    const stored = await store.put(bytes);
    const before = await readFile(fileOf(root, stored.key));
    const rotation = { current: B, old: [A] };
    assert.deepEqual(await store.rewrap(stored.key, rotation), { from: "key-a", to: "key-b", changed: true });
    const after = await readFile(fileOf(root, stored.key));
    const start = 5 + "key-a".length + 60;
    assert.ok(after.subarray(start).equals(before.subarray(start)), "segments untouched");
    assert.ok((await createFsBlobStore(root, B).get(stored.key)).equals(bytes));
    await assert.rejects(createFsBlobStore(root, A).get(stored.key), /master key "key-b" is not configured/);
    assert.deepEqual(await store.rewrap(stored.key, rotation), {
      from: "key-b",
      to: "key-b",
      changed: false,
    });
  });

  test("keys are checked: nothing outside the store can be named", async () => {
    await assert.rejects(store.get("../../etc/passwd"), /invalid blob key/);
    assert.throws(() => store.getStream("../x"), /invalid blob key/);
  });
});
