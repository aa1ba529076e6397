import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../../config.ts";
import { BlobNotFoundError, type BlobStore, createBlobStore, verifiedStart } from "./blob-store.ts";
import { BlobIntegrityError, type Keyring } from "./crypto.ts";
import { startS3 } from "./s3.testing.ts";
import { createOpenStream, SEGMENT_SIZE } from "./segmented.ts";

const A = { id: "key-a", key: randomBytes(32) };
const B = { id: "key-b", key: randomBytes(32) };

const collect = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe("S3 blob store against a real S3-compatible server (s3rver)", () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let store: BlobStore;
  const storeWith = (keys: Keyring) => createBlobStore(loadConfig({ LOG_LEVEL: "silent", ...s3.env }), keys);
  before(async () => {
    s3 = await startS3();
    store = await storeWith({ current: A, old: [] });
  });
  after(async () => s3?.stop());

  test("configured by LONTAR_STORAGE=s3; put and get round trip", async () => {
    assert.equal(store.backend, "s3");
    const bytes = Buffer.from("%PDF-1.7 surat pindah NIK 5371014101900042");
    const stored = await store.put(bytes);
    assert.deepEqual([stored.backend, stored.keyId, stored.size], ["s3", "key-a", bytes.length]);
    assert.ok((await store.get(stored.key)).equals(bytes));
  });

  test("nothing is in plaintext in the bucket; the raw object decrypts back; a tampered byte is rejected", async () => {
    const bytes = Buffer.from("NIK 5371014101900042 ".repeat(10_000));
    const stored = await store.put(bytes);
    const raw = await s3.rawGet(stored.key);
    assert.equal(raw.subarray(0, 4).toString(), "LTB2");
    assert.equal(raw.includes(Buffer.from("5371014101900042")), false);
    const opened = await collect(Readable.from([raw]).pipe(createOpenStream({ current: A, old: [] })));
    assert.ok(opened.equals(bytes));
    const tampered = Buffer.from(raw);
    tampered[raw.length - 30]! ^= 1;
    await s3.rawPut(stored.key, tampered);
    await assert.rejects(store.get(stored.key), BlobIntegrityError);
  });

  test("putStream (multipart upload) and getStream: 12 MiB streamed both ways", async () => {
    const bytes = randomBytes(12 * 1024 * 1024 + 17);
    const source = Readable.from(
      Array.from({ length: Math.ceil(bytes.length / SEGMENT_SIZE) }, (_, i) =>
        bytes.subarray(i * SEGMENT_SIZE, (i + 1) * SEGMENT_SIZE),
      ),
    );
    const stored = await store.putStream(source);
    assert.equal(stored.size, bytes.length);
    assert.equal(stored.sha256, createHash("sha256").update(bytes).digest("hex"));
    assert.ok((await collect(await verifiedStart(store.getStream(stored.key)))).equals(bytes));
  });

  test("delete is idempotent and a deleted object is BlobNotFoundError", async () => {
    const stored = await store.put(Buffer.from("hapus saya"));
    await store.delete(stored.key);
    await store.delete(stored.key);
    await assert.rejects(store.get(stored.key), BlobNotFoundError);
    await assert.rejects(verifiedStart(store.getStream(stored.key)), BlobNotFoundError);
  });

  test("rewrap: a new header only, readable with the new key alone, then a no-op", async () => {
    const bytes = randomBytes(6 * 1024 * 1024);
    const stored = await store.put(bytes);
    const before = await s3.rawGet(stored.key);
    const rotation = { current: B, old: [A] };
    assert.deepEqual(await store.rewrap(stored.key, rotation), { from: "key-a", to: "key-b", changed: true });
    const after = await s3.rawGet(stored.key);
    const start = 5 + "key-a".length + 60;
    assert.ok(after.subarray(start).equals(before.subarray(start)), "segments untouched");
    assert.ok((await (await storeWith({ current: B, old: [] })).get(stored.key)).equals(bytes));
    assert.deepEqual(await store.rewrap(stored.key, rotation), {
      from: "key-b",
      to: "key-b",
      changed: false,
    });
  });

  test("a source that fails half-way stores nothing readable and the error comes through", async () => {
    const failing = new Readable({
      read() {
        this.push(randomBytes(6 * 1024 * 1024));
        this.destroy(new Error("upload cut"));
      },
    });
    await assert.rejects(store.putStream(failing), /upload cut/);
  });
});
