import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import {
  BlobIntegrityError,
  type Keyring,
  LTB1,
  LTB2,
  type MasterKey,
  openLtb1,
  readWrappedHeader,
  unwrapDataKey,
  type WrappedHeader,
  wrapHeader,
} from "./crypto.ts";

/**
 * LTB2, the streaming layout: header start (crypto.ts) | nonce prefix (7) | segment size (4, big-endian)
 * | segments. The plaintext is cut into segments of `segmentSize` bytes (the last one shorter, possibly
 * empty; there is always at least one), each sealed with AES-256-GCM under the object's data key:
 *   nonce = prefix (7) | segment counter (4, big-endian) | 0
 *   associated data = "LTB2" | final flag (1: last segment, 0: any other)
 *   stored = ciphertext | tag (16)
 * The counter makes a reordered segment fail its tag; the final flag makes a truncated object (whose new
 * last segment was sealed as "not final") fail too. Every segment is verified before its bytes go out.
 */
export const SEGMENT_SIZE = 64 * 1024;
const PREFIX_BYTES = 7;
const TAG_BYTES = 16;
/** magic, id length, the longest id, the wrapped key. */
export const MAX_HEADER_START = 5 + 255 + 60;

const nonceFor = (prefix: Buffer, counter: number) => {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(counter, PREFIX_BYTES);
  return nonce;
};

const aadFor = (final: boolean) => Buffer.concat([LTB2, Buffer.from([final ? 1 : 0])]);

/** Bytes queued in arrival order, taken from the front without copying more than once. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(chunk: Buffer) {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  peek(n: number): Buffer {
    if (this.chunks[0] && this.chunks[0].length >= n) return this.chunks[0].subarray(0, n);
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length ? [all] : [];
    return all.subarray(0, n);
  }
  take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const out = this.peek(n);
    const first = this.chunks[0]!;
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.length -= n;
    return out;
  }
}

export type SealResult = { sha256: string; size: number; keyId: string };

/**
 * Encrypts a plaintext stream into LTB2. `result()` gives the plaintext's SHA-256 and size once the stream
 * has ended. Memory stays at about one segment whatever the file's size.
 */
export const createSealStream = (master: MasterKey, segmentSize = SEGMENT_SIZE) => {
  const dataKey = randomBytes(32);
  const prefix = randomBytes(PREFIX_BYTES);
  const hash = createHash("sha256");
  const pending = new ByteQueue();
  let counter = 0;
  let size = 0;
  let done: SealResult | undefined;
  const sealSegment = (plaintext: Buffer, final: boolean) => {
    if (counter === 0xffffffff) throw new Error("object too large for LTB2");
    const cipher = createCipheriv("aes-256-gcm", dataKey, nonceFor(prefix, counter++));
    cipher.setAAD(aadFor(final));
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };
  const sizeField = Buffer.alloc(4);
  sizeField.writeUInt32BE(segmentSize);
  const stream = new Transform({
    construct(callback) {
      this.push(Buffer.concat([wrapHeader(LTB2, master, dataKey), prefix, sizeField]));
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      pending.push(chunk);
      // A full segment is sealed as "not final" only once a byte after it has arrived.
      while (pending.length > segmentSize) this.push(sealSegment(pending.take(segmentSize), false));
      callback();
    },
    flush(callback: TransformCallback) {
      this.push(sealSegment(pending.take(pending.length), true));
      done = { sha256: hash.digest("hex"), size, keyId: master.id };
      callback();
    },
  });
  return Object.assign(stream, {
    result(): SealResult {
      if (!done) throw new Error("the seal stream has not ended");
      return done;
    },
  });
};

type Opener = { dataKey: Buffer; prefix: Buffer; segmentSize: number; counter: number };

/**
 * Decrypts LTB2 (segment by segment, each verified before it is released) or LTB1 (legacy: whole, as it
 * was written). Tampering, truncation and reordering end the stream with a BlobIntegrityError.
 */
export const createOpenStream = (keys: Keyring) => {
  const pending = new ByteQueue();
  let opener: Opener | undefined;
  let legacy = false;
  const openSegment = (o: Opener, sealed: Buffer, final: boolean) => {
    const decipher = createDecipheriv("aes-256-gcm", o.dataKey, nonceFor(o.prefix, o.counter++));
    decipher.setAAD(aadFor(final));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new BlobIntegrityError(`segment ${o.counter - 1} was altered, moved or cut off`);
    }
  };
  const readHeader = (): Opener | undefined => {
    const header = readWrappedHeader(pending.peek(Math.min(pending.length, MAX_HEADER_START)));
    if (!header) return undefined;
    if (header.magic.equals(LTB1)) {
      legacy = true;
      return undefined;
    }
    if (pending.length < header.end + PREFIX_BYTES + 4) return undefined;
    const { dataKey } = unwrapDataKey(keys, header);
    pending.take(header.end);
    const prefix = Buffer.from(pending.take(PREFIX_BYTES));
    const segmentSize = pending.take(4).readUInt32BE(0);
    if (segmentSize === 0) throw new BlobIntegrityError("bad segment size");
    return { dataKey, prefix, segmentSize, counter: 0 };
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        pending.push(chunk);
        if (!opener && !legacy) opener = readHeader();
        if (opener) {
          const sealed = opener.segmentSize + TAG_BYTES;
          // A segment is "not final" only when more bytes follow it.
          while (pending.length > sealed) this.push(openSegment(opener, pending.take(sealed), false));
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (legacy) this.push(openLtb1(keys, pending.take(pending.length)));
        else if (!opener || pending.length < TAG_BYTES) throw new BlobIntegrityError("the object is cut off");
        else this.push(openSegment(opener, pending.take(pending.length), true));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
};

/**
 * Replaces the header start (the wrapped data key) of an LTB1 or LTB2 stream by `rewrap`'s answer and
 * passes every other byte through unchanged.
 */
export const createRewrapStream = (rewrap: (header: WrappedHeader) => Buffer) => {
  const pending = new ByteQueue();
  let replaced = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        if (replaced) return callback(null, chunk);
        pending.push(chunk);
        const header = readWrappedHeader(pending.peek(Math.min(pending.length, MAX_HEADER_START)));
        if (!header) return callback();
        const fresh = rewrap(header);
        pending.take(header.end);
        replaced = true;
        this.push(fresh);
        callback(null, pending.take(pending.length));
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      callback(replaced ? null : new BlobIntegrityError("truncated header"));
    },
  });
};
