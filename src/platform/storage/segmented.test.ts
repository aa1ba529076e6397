import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { describe, test } from "node:test";
import { BlobIntegrityError, type Keyring, readWrappedHeader, rewrapHeader, seal } from "./crypto.ts";
import { createOpenStream, createRewrapStream, createSealStream, SEGMENT_SIZE } from "./segmented.ts";

const A = { id: "key-a", key: randomBytes(32) };
const B = { id: "key-b", key: randomBytes(32) };
const ring: Keyring = { current: A, old: [] };

const collect = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** Feeds `bytes` in uneven chunks, as a network would. */
const chunked = (bytes: Buffer, size = 10_007) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );

const sealAll = async (plaintext: Buffer, segmentSize = SEGMENT_SIZE) => {
  const sealer = createSealStream(A, segmentSize);
  const sealed = await collect(chunked(plaintext).pipe(sealer));
  return { sealed, result: sealer.result() };
};

const openAll = (sealed: Buffer, keys: Keyring = ring) =>
  collect(chunked(sealed, 4099).pipe(createOpenStream(keys)));

const headerLength = 4 + 1 + A.id.length + 60 + 7 + 4;
const SEALED_SEGMENT = SEGMENT_SIZE + 16;

describe("LTB2 segmented format", () => {
  const sizes = {
    empty: 0,
    "1 byte": 1,
    "exactly one segment": SEGMENT_SIZE,
    "one segment and a byte": SEGMENT_SIZE + 1,
    "many segments": 5 * SEGMENT_SIZE + 12_345,
    "many whole segments": 4 * SEGMENT_SIZE,
  };
  for (const [name, size] of Object.entries(sizes)) {
    test(`round trip: ${name} (${size} bytes)`, async () => {
      const plaintext = randomBytes(size);
      const { sealed, result } = await sealAll(plaintext);
      assert.equal(result.size, size);
      assert.equal(result.keyId, "key-a");
      assert.equal(sealed.subarray(0, 4).toString(), "LTB2");
      const segments = Math.max(1, Math.ceil(size / SEGMENT_SIZE));
      assert.equal(sealed.length, headerLength + size + 16 * segments, "one tag per segment, nothing else");
      assert.ok(await openAll(sealed).then((b) => b.equals(plaintext)));
    });
  }

  test("the plaintext never appears in the sealed bytes", async () => {
    const plaintext = Buffer.from("NIK 5371010101010042 ".repeat(5000));
    const { sealed } = await sealAll(plaintext);
    assert.equal(sealed.includes(Buffer.from("5371010101010042")), false);
  });

  const tampered = async (change: (sealed: Buffer) => Buffer) => {
    const { sealed } = await sealAll(randomBytes(3 * SEGMENT_SIZE + 100));
    await assert.rejects(openAll(change(sealed)), BlobIntegrityError);
  };
  const segmentAt = (i: number) => headerLength + i * SEALED_SEGMENT;

  test("a flipped byte in a segment is rejected", () =>
    tampered((s) => {
      const copy = Buffer.from(s);
      copy[segmentAt(1) + 500]! ^= 1;
      return copy;
    }));
  test("a dropped last segment is rejected", () => tampered((s) => s.subarray(0, segmentAt(3))));
  test("a dropped last segment that leaves whole segments is rejected", async () => {
    const { sealed } = await sealAll(randomBytes(3 * SEGMENT_SIZE));
    await assert.rejects(openAll(sealed.subarray(0, segmentAt(2))), BlobIntegrityError);
  });
  test("swapped segments are rejected", () =>
    tampered((s) =>
      Buffer.concat([
        s.subarray(0, segmentAt(0)),
        s.subarray(segmentAt(1), segmentAt(2)),
        s.subarray(segmentAt(0), segmentAt(1)),
        s.subarray(segmentAt(2)),
      ]),
    ));
  test("a cut in the middle of a segment is rejected", () =>
    tampered((s) => s.subarray(0, segmentAt(2) + 77)));
  test("bytes appended after the end are rejected", () =>
    tampered((s) => Buffer.concat([s, randomBytes(40)])));
  test("a flipped byte in the wrapped key is rejected", () =>
    tampered((s) => {
      const copy = Buffer.from(s);
      copy[4 + 1 + A.id.length + 40]! ^= 1;
      return copy;
    }));

  test("nothing of a bad segment is released: the verified segments before it are", async () => {
    const plaintext = randomBytes(3 * SEGMENT_SIZE + 100);
    const { sealed } = await sealAll(plaintext);
    const copy = Buffer.from(sealed);
    copy[segmentAt(2) + 10]! ^= 1;
    const released: Buffer[] = [];
    await assert.rejects(async () => {
      for await (const chunk of chunked(copy).pipe(createOpenStream(ring))) released.push(chunk as Buffer);
    }, BlobIntegrityError);
    assert.ok(Buffer.concat(released).equals(plaintext.subarray(0, 2 * SEGMENT_SIZE)));
  });

  test("an unknown key id is refused by name", async () => {
    const { sealed } = await sealAll(Buffer.from("x"));
    await assert.rejects(openAll(sealed, { current: B, old: [] }), /master key "key-a" is not configured/);
  });

  test("LTB1 objects written before segmenting are still read", async () => {
    const plaintext = randomBytes(70_000);
    const legacy = seal({ id: "env", key: A.key }, plaintext);
    assert.ok((await openAll(legacy)).equals(plaintext), "id 'env' is unknown: every key is tried");
    const flipped = Buffer.from(legacy);
    flipped[flipped.length - 5]! ^= 1;
    await assert.rejects(openAll(flipped), BlobIntegrityError);
  });

  for (const format of ["LTB1", "LTB2"]) {
    test(`re-wrapping ${format} changes only the header start and opens with the new key alone`, async () => {
      const plaintext = randomBytes(2 * SEGMENT_SIZE + 3);
      const sealed = format === "LTB1" ? seal(A, plaintext) : (await sealAll(plaintext)).sealed;
      const rotation: Keyring = { current: B, old: [A] };
      const header = readWrappedHeader(sealed)!;
      const fresh = rewrapHeader(rotation, header)!;
      const rewrapped = await collect(chunked(sealed).pipe(createRewrapStream(() => fresh)));
      assert.ok(rewrapped.subarray(fresh.length).equals(sealed.subarray(header.end)), "data untouched");
      assert.equal(readWrappedHeader(rewrapped)!.keyId, "key-b");
      assert.ok((await openAll(rewrapped, { current: B, old: [] })).equals(plaintext));
      assert.equal(
        rewrapHeader(rotation, readWrappedHeader(rewrapped)!),
        undefined,
        "already current: no-op",
      );
    });
  }

  test("a failing source fails the seal stream with its own error", async () => {
    const source = new Readable({
      read() {
        this.destroy(new Error("upload aborted"));
      },
    });
    await assert.rejects(
      pipeline(source, createSealStream(A), async (s) => text(s)),
      /upload aborted/,
    );
  });
});
