import { sql } from "drizzle-orm";
import { type Database, rows } from "../src/platform/db/client.ts";
import { type RunningLontar, startLontar } from "../src/testing/lontar.ts";
import { startBaseline } from "./baseline.ts";
import { type Backend, openLontarDatabase } from "./databases.ts";
import { type LoadResult, type LoadSpec, runLoad } from "./load.ts";

export type IngestSettings = {
  durationS: number;
  warmupS: number;
  connections: number;
  /** Fixed-rate phases: requests per second and autocannon connections. */
  rate: number;
  rateConnections: number;
  drainTimeoutS: number;
};

export type Phase = "max" | "rate" | "paced";

/** One load phase against one server, with what the server itself says it stored. */
export type PhaseRun = {
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

export type IngestResult = {
  backend: Backend;
  baseline: Record<Phase, PhaseRun>;
  lontar: Record<Phase, PhaseRun>;
  /** Lontar max req/s over baseline max req/s. */
  ratio: number;
};

const PHASES: Phase[] = ["max", "rate", "paced"];

const specFor = (phase: Phase, s: IngestSettings, url: string, appSecret: string, unique: boolean): LoadSpec => {
  const base = { url, appSecret, durationS: s.durationS };
  if (phase === "max") {
    // Enough distinct payloads for ~4000 req/s; past that the child builds more on the fly.
    const prebuild = unique ? Math.min(40_000, s.durationS * 4000) : 5000;
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

export const benchBaseline = async (backend: Backend, s: IngestSettings, appSecret: string) => {
  const server = await startBaseline(backend, appSecret);
  try {
    await runLoad({ ...specFor("max", s, server.url, appSecret, false), durationS: s.warmupS });
    const result = {} as Record<Phase, PhaseRun>;
    for (const phase of PHASES) {
      const [ok0, stored0] = [server.answered200(), await server.stored()];
      const load = await runLoad(specFor(phase, s, server.url, appSecret, false));
      const run = { load, server200: server.answered200() - ok0, stored: (await server.stored()) - stored0 };
      const flags = flagsOf(load);
      if (run.stored !== run.server200) flags.push(`stored ${run.stored} ≠ 200s ${run.server200}`);
      result[phase] = { ...run, flags };
    }
    return result;
  } finally {
    await server.stop();
  }
};

const count = async (database: Database, query: ReturnType<typeof sql>) =>
  (await rows<{ n: number }>(database.db, query))[0]?.n ?? 0;

const pendingDeliveries = (d: Database) =>
  count(d, sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NULL`);
const storedInbound = (d: Database) =>
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

/** Lontar's own count of webhook POSTs answered 200 (its Prometheus counter). */
const served200 = async (lontar: RunningLontar) => {
  const match = /^lontar_webhook_requests_total\{status="200"\} (\d+)$/m.exec(await lontar.app.metrics.render());
  return Number(match?.[1] ?? 0);
};

export const benchLontar = async (backend: Backend, s: IngestSettings) => {
  const database = await openLontarDatabase(backend);
  const lontar = await startLontar(database, { onMessage: undefined, workers: true });
  const appSecret = lontar.config.whatsapp.appSecret;
  const url = `${lontar.baseUrl}/webhooks/whatsapp`;
  try {
    await runLoad({ ...specFor("max", s, url, appSecret, true), durationS: s.warmupS });
    await drain(database, s.drainTimeoutS);
    const result = {} as Record<Phase, PhaseRun>;
    for (const phase of PHASES) {
      const [ok0, stored0, problems0] = [
        await served200(lontar),
        await storedInbound(database),
        await problemCount(database),
      ];
      const load = await runLoad(specFor(phase, s, url, appSecret, true));
      const pendingAtEnd = await pendingDeliveries(database);
      const drainS = await drain(database, s.drainTimeoutS);
      const server200 = (await served200(lontar)) - ok0;
      const stored = (await storedInbound(database)) - stored0;
      const problems = (await problemCount(database)) - problems0;
      const flags = flagsOf(load);
      if (drainS === undefined) flags.push(`backlog not processed within ${s.drainTimeoutS} s`);
      if (stored !== server200) flags.push(`LOSS: stored ${stored} ≠ 200s ${server200}`);
      if (problems > 0) flags.push(`${problems} webhook problems recorded`);
      result[phase] = { load, server200, stored, pendingAtEnd, drainS, problems, flags };
    }
    return result;
  } finally {
    await lontar.stop();
    await database.close();
  }
};

export const benchIngest = async (backend: Backend, s: IngestSettings, appSecret: string) => {
  const baseline = await benchBaseline(backend, s, appSecret);
  const lontar = await benchLontar(backend, s);
  return { backend, baseline, lontar, ratio: lontar.max.load.reqPerSec / baseline.max.load.reqPerSec };
};
