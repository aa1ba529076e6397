/**
 * Times loadQualityReport at volume, as the desk route calls it (no transaction), for a month, a semester and
 * the year, with and without a service or operator filter; every query it runs is timed on the way (a proxy
 * around the transaction), so a slow case names its slow query. countOverdueBlobs (retention) is measured on
 * its own too: it reads blob_references (retention.repo.ts), not rollups.
 */
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { loadQualityReport } from "../src/modules/reports/report.service.ts";
import type { ReportFilter } from "../src/modules/reports/report.types.ts";
import { countOverdueBlobs, type RetentionPolicy } from "../src/modules/retention/retention.repo.ts";
import type { Database, Tx } from "../src/platform/db/client.ts";
import { type BenchOffice, NOW } from "./quality-volume.ts";

export const TARGET_MS = 200;
const dialect = new PgDialect();

export type Timing = { firstMs: number; medianMs: number; p95Ms: number; maxMs: number; runs: number };
export type CaseResult = Timing & {
  name: string;
  filter: ReportFilter;
  /** Median ms of each query of the report, by what it reads. */
  queries: Record<string, number>;
};
export type ReportSettings = { runs: number; serviceCode: string };

const PERIODS = [
  { name: "month", from: "2026-12-01", to: "2026-12-31" },
  { name: "semester", from: "2026-07-01", to: "2026-12-31" },
  { name: "year", from: "2026-01-01", to: "2026-12-31" },
];

export const reportCases = (office: BenchOffice, serviceCode: string) =>
  PERIODS.flatMap((p) => {
    const base = { officeId: office.officeId, from: p.from, to: p.to };
    return [
      { name: `${p.name}`, filter: base },
      { name: `${p.name}, service ${serviceCode}`, filter: { ...base, serviceCode } },
      // Operator 1 is the busiest (the generator skews work towards low numbers).
      { name: `${p.name}, operator 1`, filter: { ...base, operatorId: office.operatorIds[0]! } },
    ];
  });

const nearestRank = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
export const timing = (first: number, runs: number[]): Timing => {
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    firstMs: first,
    medianMs: nearestRank(sorted, 0.5),
    p95Ms: nearestRank(sorted, 0.95),
    maxMs: sorted[sorted.length - 1]!,
    runs: runs.length,
  };
};

/** Which part of the report a statement is (by the table it reads first). */
const labelOf = (query: SQL) => {
  const text = dialect.sqlToQuery(query).sql;
  // The first FROM that names a table (not a function such as `extract(epoch FROM least(…))`).
  const table = /\bFROM\s+(\w+)\b(?!\s*\()/i.exec(text)?.[1] ?? "?";
  if (table === "rollup_summaries")
    return /GROUP BY period/.test(text) ? "rollups: per day" : "rollups: sums";
  if (table === "blob_references") return "overdue files (blob_references)";
  return table;
};

export type Traced = { label: string; query: SQL; ms: number };

/** The transaction, with every execute() timed into `log`. */
export const traced = (tx: Tx, log: Traced[]): Tx =>
  new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop !== "execute") return Reflect.get(target, prop, receiver);
      return async (query: SQL) => {
        const started = performance.now();
        const result = await target.execute(query);
        log.push({ label: labelOf(query), query, ms: performance.now() - started });
        return result;
      };
    },
  });

/** One report as the desk route runs it: its statements one after another, no transaction. */
export const runReport = async (
  database: Database,
  filter: ReportFilter,
  retention?: RetentionPolicy,
): Promise<{ ms: number; log: Traced[] }> => {
  const log: Traced[] = [];
  const started = performance.now();
  await loadQualityReport(traced(database.db, log), filter, {
    now: NOW,
    ...(retention ? { retention } : {}),
  });
  return { ms: performance.now() - started, log };
};

const medianBy = (logs: Traced[][]) => {
  const byLabel = new Map<string, number[]>();
  for (const log of logs) {
    const sums = new Map<string, number>();
    for (const t of log) sums.set(t.label, (sums.get(t.label) ?? 0) + t.ms);
    for (const [label, ms] of sums) byLabel.set(label, [...(byLabel.get(label) ?? []), ms]);
  }
  return Object.fromEntries(
    [...byLabel].map(([label, ms]) => [
      label,
      nearestRank(
        [...ms].sort((a, b) => a - b),
        0.5,
      ),
    ]),
  );
};

export const measureCase = async (
  database: Database,
  c: { name: string; filter: ReportFilter },
  runs: number,
  retention?: RetentionPolicy,
): Promise<CaseResult & { slowest: Traced }> => {
  const first = await runReport(database, c.filter, retention);
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await runReport(database, c.filter, retention));
  const all = results.flatMap((r) => r.log);
  const slowest = all.reduce((a, b) => (b.ms > a.ms ? b : a));
  return {
    name: c.name,
    filter: c.filter,
    ...timing(
      first.ms,
      results.map((r) => r.ms),
    ),
    queries: medianBy(results.map((r) => r.log)),
    slowest,
  };
};

/** countOverdueBlobs alone, as the report calls it when the route passes the retention policy. */
export const measureOverdue = async (
  database: Database,
  office: BenchOffice,
  policy: RetentionPolicy,
  runs: number,
): Promise<Timing & { overdue: number }> => {
  const once = async () => {
    const started = performance.now();
    const n = await countOverdueBlobs(database.db, { policy, now: NOW, officeId: office.officeId });
    return { ms: performance.now() - started, n };
  };
  const first = await once();
  const rest = [];
  for (let i = 0; i < runs; i++) rest.push(await once());
  return {
    ...timing(
      first.ms,
      rest.map((r) => r.ms),
    ),
    overdue: first.n,
  };
};

/** EXPLAIN (ANALYZE, BUFFERS) of a traced statement, on PostgreSQL. */
export const explain = async (database: Database, query: SQL): Promise<string> => {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return database.withSession(async (s) =>
    (await s.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params))
      .map((r) => r["QUERY PLAN"])
      .join("\n"),
  );
};

/** The statement countOverdueBlobs runs, for EXPLAIN (captured through the same proxy). */
export const overdueQuery = async (database: Database, office: BenchOffice, policy: RetentionPolicy) => {
  const log: Traced[] = [];
  await countOverdueBlobs(traced(database.db, log), { policy, now: NOW, officeId: office.officeId });
  return log[0]?.query ?? sql`SELECT 1`;
};
