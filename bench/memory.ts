import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rows } from "../src/platform/db/client.ts";
import { startLontar } from "../src/testing/lontar.ts";
import { runChild } from "./child.ts";
import { openLontarDatabase } from "./databases.ts";
import { drain, served200, storedInbound } from "./ingest.ts";
import { type LoadResult, runLoad } from "./load.ts";

export type MemorySettings = {
  messages: number;
  /** Ingested before the "before" reading, so one-off start-up growth does not count as per-message growth. */
  warmup: number;
  connections: number;
  drainTimeoutS: number;
};

export type MemorySnapshot = {
  rssMB: number;
  heapUsedMB: number;
  externalMB: number;
  arrayBuffersMB: number;
};

export type MemoryResult = {
  messages: number;
  gcAvailable: boolean;
  before: MemorySnapshot;
  after: MemorySnapshot;
  peakRssMB: number;
  rssGrowthPer1000MB: number;
  heapGrowthPer1000MB: number;
  /** 200 answers counted by Lontar, and inbound messages stored: equal when nothing was lost. */
  server200: number;
  stored: number;
  databaseMB: number;
  ingestS: number;
  drainS?: number;
  load: LoadResult;
  flags: string[];
};

const MB = 1024 * 1024;

const snapshot = (): MemorySnapshot => {
  // Twice: the first pass can leave finalised objects for the second to free.
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return {
    rssMB: m.rss / MB,
    heapUsedMB: m.heapUsed / MB,
    externalMB: m.external / MB,
    arrayBuffersMB: m.arrayBuffers / MB,
  };
};

/**
 * Runs measureMemory in a fresh process with --expose-gc: earlier benchmarks' PGlite instances (WASM memory
 * is only returned when collected) must not count, and the npm script's flags must not matter.
 */
export const benchMemory = (s: MemorySettings): Promise<MemoryResult> =>
  runChild<MemoryResult>(
    path.join(import.meta.dirname, "memory-child.ts"),
    s,
    s.messages / 20 + s.drainTimeoutS + 300,
    ["--expose-gc"],
  );

/**
 * RSS of this process around ingesting `messages` webhooks into an on-disk PGlite (as an embedded install
 * runs). PGlite's WASM heap is part of this process, and WASM memory never shrinks once grown.
 */
export const measureMemory = async (s: MemorySettings): Promise<MemoryResult> => {
  const dir = await mkdtemp(path.join(tmpdir(), "lontar-bench-mem-"));
  const database = await openLontarDatabase("pglite", path.join(dir, "pglite"));
  const lontar = await startLontar(database, { onMessage: undefined, workers: true });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss / MB);
  }, 500);
  const post = (amount: number) =>
    runLoad({
      url: `${lontar.baseUrl}/webhooks/whatsapp`,
      appSecret: lontar.config.whatsapp.appSecret,
      mode: "autocannon",
      connections: s.connections,
      amount,
      prebuild: 0,
    });
  try {
    await post(s.warmup);
    await drain(database, s.drainTimeoutS);
    // PGlite has no autovacuum, so nothing ever ANALYZEs; without statistics the inbox claim scans all of
    // webhook_deliveries by primary key and ingest slows with every stored row (28 req/s at 50k rows against
    // 121 after ANALYZE). One ANALYZE keeps this run about memory and its length bounded.
    await database.db.execute(sql`ANALYZE`);
    const [ok0, stored0] = [await served200(lontar), await storedInbound(database)];
    const before = snapshot();
    const started = performance.now();
    const load = await post(s.messages);
    const ingestS = (performance.now() - started) / 1000;
    const drainS = await drain(database, s.drainTimeoutS);
    const server200 = (await served200(lontar)) - ok0;
    const stored = (await storedInbound(database)) - stored0;
    const size = await rows<{ n: number }>(
      database.db,
      sql`SELECT pg_database_size(current_database()) AS n`,
    );
    const after = snapshot();
    peak = Math.max(peak, after.rssMB);
    const flags: string[] = [];
    if (load.non2xx + load.errors + load.timeouts > 0)
      flags.push(`${load.non2xx} non-2xx, ${load.errors} errors, ${load.timeouts} timeouts`);
    if (drainS === undefined) flags.push(`backlog not processed within ${s.drainTimeoutS} s`);
    if (stored !== server200) flags.push(`LOSS: stored ${stored} ≠ 200s ${server200}`);
    const per1000 = s.messages / 1000;
    return {
      messages: s.messages,
      gcAvailable: typeof globalThis.gc === "function",
      before,
      after,
      peakRssMB: peak,
      rssGrowthPer1000MB: (after.rssMB - before.rssMB) / per1000,
      heapGrowthPer1000MB: (after.heapUsedMB - before.heapUsedMB) / per1000,
      server200,
      stored,
      databaseMB: Number(size[0]?.n ?? 0) / MB,
      ingestS,
      drainS,
      load,
      flags,
    };
  } finally {
    clearInterval(sampler);
    await lontar.stop();
    await database.close();
    // startLontar makes a temporary data folder (blobs) and leaves it to its caller.
    await rm(lontar.config.dataDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
};
