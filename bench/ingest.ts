import { rm } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { type Database, rows } from "../src/platform/db/client.ts";
import { type RunningLontar, startLontar } from "../src/testing/lontar.ts";
import { type BaselineServer, startBaseline } from "./baseline.ts";
import { type Backend, openLontarDatabase } from "./databases.ts";
import { type LoadResult, type LoadSpec, runLoad } from "./load.ts";

export type IngestSettings = {
  durationS: number;
  warmupS: number;
  connections: number;
  /** Max-throughput runs per server, alternating baseline and Lontar so drift hits both alike. */
  rounds: number;
  /** Fixed-rate phases: requests per second and autocannon connections. */
  rate: number;
  rateConnections: number;
  drainTimeoutS: number;
  /**
   * Runs VACUUM ANALYZE on Lontar's database after each drain, standing in for autovacuum on a server that
   * has it off: without statistics the inbox claim query scans the whole table by primary key.
   */
  vacuum: boolean;
};

export type Phase = "max" | "rate" | "paced";

/** One load phase against one server, with what the server itself says it stored. */
export type PhaseRun = {
  phase: Phase;
  load: LoadResult;
  /** 200 answers counted by the server (the load generator misses answers in flight when it stops). */
  server200: number;
  stored: number;
  /** Lontar only: deliveries still unprocessed when the load stopped, and seconds until none were. */
  pendingAtEnd?: number;
  drainS?: number;
  problems?: number;
  flags: string[];
};

export type Pair = { baseline: PhaseRun; lontar: PhaseRun };

export type IngestResult = {
  backend: Backend;
  runs: Pair[];
  /** Lontar's max req/s over the baseline's, each summed over the rounds. */
  ratio: number;
};

const specFor = (
  phase: Phase,
  s: IngestSettings,
  url: string,
  appSecret: string,
  unique: boolean,
): LoadSpec => {
  const base = { url, appSecret, durationS: s.durationS };
  if (phase === "max") {
    // Enough distinct payloads for ~6000 req/s; past that the child builds more on the fly.
    const prebuild = unique ? Math.min(80_000, s.durationS * 6000) : 5000;
    return { ...base, mode: "autocannon", connections: s.connections, prebuild, cycle: !unique };
  }
  const prebuild = Math.ceil(s.rate * s.durationS * 1.05) + 100;
  return phase === "rate"
    ? { ...base, mode: "autocannon", connections: s.rateConnections, rate: s.rate, prebuild, cycle: !unique }
    : { ...base, mode: "paced", connections: 256, rate: s.rate, prebuild, cycle: !unique };
};

const flagsOf = (load: LoadResult) => {
  const flags: string[] = [];
  if (load.non2xx > 0) flags.push(`${load.non2xx} non-2xx (${JSON.stringify(load.statusCodes)})`);
  if (load.errors > 0) flags.push(`${load.errors} connection errors`);
  if (load.timeouts > 0) flags.push(`${load.timeouts} timeouts`);
  return flags;
};

const count = async (database: Database, query: ReturnType<typeof sql>) =>
  (await rows<{ n: number }>(database.db, query))[0]?.n ?? 0;

const pendingDeliveries = (d: Database) =>
  count(d, sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NULL`);
export const storedInbound = (d: Database) =>
  count(d, sql`SELECT count(*)::int AS n FROM messages WHERE direction = 'in'`);
const problemCount = (d: Database) => count(d, sql`SELECT count(*)::int AS n FROM webhook_problems`);

/** Polls until the inbox worker has processed every stored delivery; seconds taken, or undefined on timeout. */
export const drain = async (database: Database, timeoutS: number): Promise<number | undefined> => {
  const started = performance.now();
  while (performance.now() - started < timeoutS * 1000) {
    if ((await pendingDeliveries(database)) === 0) return (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
};

export const vacuum = async (database: Database) => {
  await database.db.execute(sql`VACUUM ANALYZE`);
};

/** Lontar's own count of webhook POSTs answered 200 (its Prometheus counter). */
export const served200 = async (lontar: RunningLontar) => {
  const match = /^lontar_webhook_requests_total\{status="200"\} (\d+)$/m.exec(
    await lontar.app.metrics.render(),
  );
  return Number(match?.[1] ?? 0);
};

const onBaseline = async (server: BaselineServer, phase: Phase, s: IngestSettings, appSecret: string) => {
  const [ok0, stored0] = [server.answered200(), await server.stored()];
  const load = await runLoad(specFor(phase, s, server.url, appSecret, false));
  await server.idle();
  const run = {
    phase,
    load,
    server200: server.answered200() - ok0,
    stored: (await server.stored()) - stored0,
  };
  const flags = flagsOf(load);
  if (run.stored !== run.server200) flags.push(`stored ${run.stored} ≠ 200s ${run.server200}`);
  return { ...run, flags };
};

/** Each request a distinct message; afterwards waits for the inbox worker and checks nothing was lost. */
const onLontar = async (lontar: RunningLontar, database: Database, phase: Phase, s: IngestSettings) => {
  const url = `${lontar.baseUrl}/webhooks/whatsapp`;
  const before = [await served200(lontar), await storedInbound(database), await problemCount(database)];
  const load = await runLoad(specFor(phase, s, url, lontar.config.whatsapp.appSecret, true));
  const pendingAtEnd = await pendingDeliveries(database);
  const drainS = await drain(database, s.drainTimeoutS);
  if (s.vacuum) await vacuum(database);
  const server200 = (await served200(lontar)) - before[0]!;
  const stored = (await storedInbound(database)) - before[1]!;
  const problems = (await problemCount(database)) - before[2]!;
  const flags = flagsOf(load);
  if (drainS === undefined) flags.push(`backlog not processed within ${s.drainTimeoutS} s`);
  if (stored !== server200) flags.push(`LOSS: stored ${stored} ≠ 200s ${server200}`);
  if (problems > 0) flags.push(`${problems} webhook problems recorded`);
  return { phase, load, server200, stored, pendingAtEnd, drainS, problems, flags };
};

/**
 * Baseline and Lontar run side by side on the same kind of database; the load alternates between them
 * (Lontar's backlog drained before the baseline's turn), so both see the same machine.
 */
export const benchIngest = async (
  backend: Backend,
  s: IngestSettings,
  appSecret: string,
): Promise<IngestResult> => {
  const server = await startBaseline(backend, appSecret);
  const database = await openLontarDatabase(backend);
  const lontar = await startLontar(database, { onMessage: undefined, workers: true });
  try {
    if (lontar.config.whatsapp.appSecret !== appSecret)
      throw new Error("baseline and Lontar disagree on the app secret");
    const warmup = (url: string, unique: boolean) =>
      runLoad({ ...specFor("max", s, url, appSecret, unique), durationS: s.warmupS });
    await warmup(server.url, false);
    await warmup(`${lontar.baseUrl}/webhooks/whatsapp`, true);
    await drain(database, s.drainTimeoutS);
    if (s.vacuum) await vacuum(database);
    const runs: Pair[] = [];
    const phases: Phase[] = [...Array.from({ length: s.rounds }, () => "max" as const), "rate", "paced"];
    for (const phase of phases) {
      const baseline = await onBaseline(server, phase, s, appSecret);
      runs.push({ baseline, lontar: await onLontar(lontar, database, phase, s) });
    }
    const total = (side: keyof Pair) =>
      runs.filter((r) => r.baseline.phase === "max").reduce((n, r) => n + r[side].load.reqPerSec, 0);
    return { backend, runs, ratio: total("lontar") / total("baseline") };
  } finally {
    await lontar.stop();
    await database.close();
    // startLontar makes a temporary data folder (blobs) and leaves it to its caller.
    await rm(lontar.config.dataDir, { recursive: true, force: true });
    await server.stop();
  }
};
