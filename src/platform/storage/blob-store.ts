import { randomBytes, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { PassThrough, pipeline, Readable } from "node:stream";
import { pipeline as pipelineAsync } from "node:stream/promises";
import {
  BlobIntegrityError,
  type Keyring,
  keyringOf,
  type MasterKey,
  readWrappedHeader,
  rewrapHeader,
} from "./crypto.ts";
import { createOpenStream, createRewrapStream, createSealStream, MAX_HEADER_START } from "./segmented.ts";
import type { StorageConfig } from "./storage-config.ts";

export type BackendName = "fs" | "s3";

/** What the blobs row records about a stored file. */
export type StoredBlob = { key: string; sha256: string; size: number; backend: BackendName; keyId: string };

/** Where citizens' files live: never on the public web, never in plaintext at rest, never whole in memory. */
export type BlobStore = {
  readonly backend: BackendName;
  put(bytes: Buffer): Promise<StoredBlob>;
  /** Encrypts while reading; SHA-256 and size are of the plaintext. A failing source stores nothing. */
  putStream(source: Readable): Promise<StoredBlob>;
  get(key: string): Promise<Buffer>;
  /** Releases each segment only after it is verified; tampering ends the stream with BlobIntegrityError. */
  getStream(key: string): Readable;
  /** Idempotent: deleting a missing object is no error. */
  delete(key: string): Promise<void>;
  /** Re-wraps the object's data key with `keys.current`, touching nothing else; no-op when it already is. */
  rewrap(key: string, keys: Keyring): Promise<{ from: string; to: string; changed: boolean }>;
};

/** The raw, already-sealed bytes of objects: what differs between the file system and S3. */
export type ObjectBackend = {
  name: BackendName;
  /** Readers see the old object or the whole new one, never a part; a failing body leaves nothing. */
  write(key: string, body: Readable): Promise<void>;
  read(key: string): Readable;
  readStart(key: string, bytes: number): Promise<Buffer>;
  remove(key: string): Promise<void>;
};

export class BlobNotFoundError extends Error {
  constructor() {
    super("stored file not found");
    this.name = "BlobNotFoundError";
  }
}

const KEY = /^[0-9a-f-]{36}$/;

export const checkKey = (key: string) => {
  if (!KEY.test(key)) throw new Error("invalid blob key");
  return key;
};

/** The one place that seals and opens: both backends only move sealed bytes. */
export const createStoreOn = (backend: ObjectBackend, keys: Keyring): BlobStore => {
  const putStream = async (source: Readable): Promise<StoredBlob> => {
    const key = randomUUID();
    const seal = createSealStream(keys.current);
    // A failing source destroys the seal stream with the same error, so the write fails with it.
    await backend.write(
      key,
      pipeline(source, seal, () => {}),
    );
    return { key, backend: backend.name, ...seal.result() };
  };
  const getStream = (key: string) => pipeline(backend.read(checkKey(key)), createOpenStream(keys), () => {});
  return {
    backend: backend.name,
    putStream,
    put: (bytes) => putStream(Readable.from([bytes])),
    getStream,
    get: async (key) => {
      const chunks: Buffer[] = [];
      for await (const chunk of getStream(key)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    delete: (key) => backend.remove(checkKey(key)),
    rewrap: async (key, ring) => {
      const header = readWrappedHeader(await backend.readStart(checkKey(key), MAX_HEADER_START));
      if (!header) throw new BlobIntegrityError("truncated header");
      const fresh = rewrapHeader(ring, header);
      if (!fresh) return { from: header.keyId, to: ring.current.id, changed: false };
      await backend.write(
        key,
        pipeline(
          backend.read(key),
          createRewrapStream(() => fresh),
          () => {},
        ),
      );
      return { from: header.keyId, to: ring.current.id, changed: true };
    },
  };
};

/** Sealed objects under root/<first two hex digits>/<key>, written to a temp file and renamed into place. */
export const createFsBackend = (root: string): ObjectBackend => {
  const fileOf = (key: string) => path.join(root, key.slice(0, 2), key);
  const missing = (error: NodeJS.ErrnoException) =>
    error.code === "ENOENT" ? new BlobNotFoundError() : error;
  return {
    name: "fs",
    async write(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        await pipelineAsync(body, createWriteStream(temp, { mode: 0o600 }));
        await rename(temp, file); // readers never see half a file
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
    },
    read(key) {
      const stream = createReadStream(fileOf(key));
      const out = new PassThrough();
      stream.once("error", (error) => out.destroy(missing(error)));
      out.once("close", () => stream.destroy());
      return stream.pipe(out);
    },
    async readStart(key, bytes) {
      const handle = await open(fileOf(key), "r").catch((error) => Promise.reject(missing(error)));
      try {
        const buffer = Buffer.alloc(bytes);
        const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    remove: async (key) => {
      await unlink(fileOf(key)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "ENOENT") throw e;
      });
    },
  };
};

export const createFsBlobStore = (root: string, keys: MasterKey | Keyring): BlobStore =>
  createStoreOn(createFsBackend(root), keyringOf(keys));

/** The configured store: LONTAR_STORAGE=fs (the data folder) or s3 (the SDK is loaded only then). */
export const createBlobStore = async (
  config: { dataDir: string; storage: Pick<StorageConfig, "backend" | "s3"> },
  keys: Keyring,
): Promise<BlobStore> => {
  if (config.storage.backend === "fs") return createFsBlobStore(path.join(config.dataDir, "blobs"), keys);
  const { createS3Backend } = await import("./s3-backend.ts");
  return createStoreOn(createS3Backend(config.storage.s3!), keys);
};

/** The blobs row's columns that say where a stored file is and which key wraps it. */
export const storedColumns = (stored: StoredBlob) => ({
  storageKey: stored.key,
  sizeBytes: stored.size,
  sha256: stored.sha256,
  backend: stored.backend,
  keyId: stored.keyId,
});

/**
 * Resolves once the first verified bytes (or the end) came out of a getStream, and rejects when the file
 * is missing or fails at once: a route can still answer with an error before any header is sent.
 */
export const verifiedStart = async (stream: Readable): Promise<Readable> => {
  const chunks = stream[Symbol.asyncIterator]();
  const first = await chunks.next();
  const out = Readable.from(
    (async function* () {
      if (first.done) return;
      yield first.value as Buffer;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
    })(),
    { objectMode: false },
  );
  out.once("close", () => stream.destroy()); // an answer never sent, or a client gone: close the file
  return out;
};
