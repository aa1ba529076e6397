/**
 * Blob store streaming: RSS growth and throughput of putStream + getStream of one large file (encrypted,
 * segmented, on the fs backend) against a plain pipeline moving the same bytes to and from a file, in the
 * same fresh process. The point: a 100 MB PDF must never sit whole in memory.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createFsBlobStore } from "../src/platform/storage/blob-store.ts";
import { runChild } from "./child.ts";
import { table } from "./report.ts";

export type StorageSettings = { megabytes: number; rounds: number };
type Phase = { rssGrowthMB: number; seconds: number };
export type StorageResult = {
  megabytes: number;
  gcAvailable: boolean;
  baseline: { write: Phase; read: Phase };
  lontar: { putStream: Phase; getStream: Phase; getWholeBuffer: Phase };
  flags: string[];
};

const MB = 1024 * 1024;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const CHUNK = randomBytes(64 * 1024);

const source = (bytes: number) =>
  Readable.from(
    (function* () {
      for (let sent = 0; sent < bytes; sent += CHUNK.length)
        yield CHUNK.subarray(0, Math.min(CHUNK.length, bytes - sent));
    })(),
  );

const hashSink = () => {
  const hash = createHash("sha256");
  return new Writable({
    write(chunk: Buffer, _e, callback) {
      hash.update(chunk);
      callback();
    },
  });
};

/** Peak RSS above the level after a GC, sampled every 5 ms while `run` works. */
const measure = async (run: () => Promise<unknown>): Promise<Phase> => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { rssGrowthMB: (peak - base) / MB, seconds };
};

const worst = (a: Phase | undefined, b: Phase): Phase =>
  a ? { rssGrowthMB: Math.max(a.rssGrowthMB, b.rssGrowthMB), seconds: Math.min(a.seconds, b.seconds) } : b;

export const measureStorage = async (s: StorageSettings): Promise<StorageResult> => {
  const dir = await mkdtemp(path.join(tmpdir(), "lontar-bench-storage-"));
  const bytes = s.megabytes * MB;
  const store = createFsBlobStore(path.join(dir, "blobs"), { id: "bench", key: randomBytes(32) });
  const plain = path.join(dir, "plain.bin");
  const r: Partial<Record<"write" | "read" | "putStream" | "getStream" | "getWholeBuffer", Phase>> = {};
  try {
    // Warm-up (JIT, stream and crypto internals, the allocator's first arenas), not measured.
    await pipeline(source(8 * MB), createWriteStream(plain));
    await pipeline(createReadStream(plain), hashSink());
    const warm = await store.putStream(source(8 * MB));
    await pipeline(store.getStream(warm.key), hashSink());
    await store.delete(warm.key);
    // Alternating rounds, worst growth and best time kept: drift hits both sides alike.
    for (let round = 0; round < s.rounds; round++) {
      r.write = worst(r.write, await measure(() => pipeline(source(bytes), createWriteStream(plain))));
      r.read = worst(r.read, await measure(() => pipeline(createReadStream(plain), hashSink())));
      let key = "";
      r.putStream = worst(
        r.putStream,
        await measure(async () => {
          key = (await store.putStream(source(bytes))).key;
        }),
      );
      r.getStream = worst(r.getStream, await measure(() => pipeline(store.getStream(key), hashSink())));
      if (round === 0) r.getWholeBuffer = await measure(() => store.get(key));
      await store.delete(key);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const flags: string[] = [];
  const limitMB = 32; // a quarter of a 100 MB file would already mean something is buffered
  if (r.putStream!.rssGrowthMB > limitMB)
    flags.push(`storage: putStream grew RSS by ${fmt(r.putStream!.rssGrowthMB, 1)} MB`);
  if (r.getStream!.rssGrowthMB > limitMB)
    flags.push(`storage: getStream grew RSS by ${fmt(r.getStream!.rssGrowthMB, 1)} MB`);
  return {
    megabytes: s.megabytes,
    gcAvailable: typeof (globalThis as { gc?: unknown }).gc === "function",
    baseline: { write: r.write!, read: r.read! },
    lontar: { putStream: r.putStream!, getStream: r.getStream!, getWholeBuffer: r.getWholeBuffer! },
    flags,
  };
};

/** In a fresh process with --expose-gc, so earlier benchmarks' memory does not count. */
export const benchStorage = (s: StorageSettings): Promise<StorageResult> =>
  runChild<StorageResult>(path.join(import.meta.dirname, "storage-child.ts"), s, 300, ["--expose-gc"]);

export const storageTable = (m: StorageResult): string => {
  const row = (name: string, p: Phase, base: Phase | undefined) => [
    name,
    fmt(p.rssGrowthMB, 1),
    base ? fmt(p.rssGrowthMB / Math.max(base.rssGrowthMB, 1), 2) : "",
    fmt(m.megabytes / p.seconds, 0),
    base ? fmt(base.seconds / p.seconds, 2) : "",
  ];
  return [
    `Blob store — one ${m.megabytes} MB file streamed in and out (fs backend, AES-256-GCM, 64 KiB segments)` +
      (m.gcAvailable ? "" : " [no --expose-gc]"),
    table(
      ["", "peak RSS growth MB", "growth ratio (÷ max(baseline, 1 MB))", "MB/s", "speed ratio"],
      [
        row("baseline: plain pipeline → file", m.baseline.write, undefined),
        row("baseline: file → plain pipeline", m.baseline.read, undefined),
        row("Lontar putStream", m.lontar.putStream, m.baseline.write),
        row("Lontar getStream", m.lontar.getStream, m.baseline.read),
        row("reference: get() whole buffer", m.lontar.getWholeBuffer, m.baseline.read),
      ],
    ),
  ].join("\n");
};
