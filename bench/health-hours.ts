/**
 * System availability over a year (`npx tsx bench/health-hours.ts`): a year of per-minute health samples for
 * two instances, summarised into health_hours, then the report's healthMinutes timed against the raw-sample
 * query it replaced, for a month and a year (median of 5 after one warm-up), on PostgreSQL (a temporary
 * `lontar_bench_health` database) and on an on-disk PGlite in a temporary folder. Results must be equal.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { summariseClosedHours } from "../src/modules/reports/health.ts";
import { healthMinutes, type Span } from "../src/modules/reports/report.repo.ts";
import { type Database, openPglite, openPostgres, rows, type Tx } from "../src/platform/db/client.ts";
import { migrate } from "../src/platform/db/migrate.ts";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const NAME = "lontar_bench_health";
const RUNS = 5;
/** "Now": mid-morning, so the year ends with a closed-but-unsummarised margin and an open hour. */
const NOW = new Date("2026-06-30T02:37:00Z");
/** Report periods are office days (WITA, UTC+8), up to the end of today, as loadQualityReport builds them. */
const SPANS: Array<[string, Span]> = [
  ["month", { officeId: "", start: new Date("2026-05-31T16:00:00Z"), end: new Date("2026-06-30T16:00:00Z") }],
  ["year", { officeId: "", start: new Date("2025-06-30T16:00:00Z"), end: new Date("2026-06-30T16:00:00Z") }],
];

/** The computation before health_hours existed (report.repo.ts until this change). */
const rawHealthMinutes = async (tx: Tx, s: Span, now: Date) => {
  const [row] = await rows<{ first: Date | string | null; healthy: number }>(
    tx,
    sql`SELECT (SELECT min(minute) FROM health_samples) AS first,
               (SELECT count(*)::int FROM (
                  SELECT minute FROM health_samples
                   WHERE minute >= ${s.start} AND minute < ${s.end}
                   GROUP BY minute HAVING bool_or(database_ok) AND sum(webhook_failed) = 0) h) AS healthy`,
  );
  if (!row?.first) return { observed: 0, healthy: 0 };
  const start = Math.max(s.start.getTime(), new Date(row.first).getTime());
  const end = Math.min(s.end.getTime(), now.getTime());
  return { observed: Math.max(0, Math.floor((end - start) / 60_000)), healthy: row.healthy };
};

const admin = async (text: string) => {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
};

const elapsed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * A year up to NOW, two instances: each misses 1% of minutes on its own, both are down for a few hours
 * every 40 days, a few minutes have no database or a failed webhook answer.
 */
const fill = (db: Tx) =>
  db.execute(sql`
    INSERT INTO health_samples (minute, instance, database_ok, webhook_ok, webhook_failed)
    SELECT m, i, random() > 0.001, floor(random() * 40)::int, (random() < 0.002)::int
      FROM generate_series(${NOW}::timestamptz - interval '366 days', ${NOW}::timestamptz - interval '1 minute',
                           interval '1 minute') m,
           unnest(ARRAY['bench-1', 'bench-2']) i
     WHERE random() > 0.01
       AND NOT (extract(doy FROM m)::int % 40 = 0 AND extract(hour FROM m AT TIME ZONE 'UTC') BETWEEN 2 AND 5)`);

const run = async (label: string, database: Database, analyze: () => Promise<void>) => {
  const db = database.db;
  const [, fillMs] = await elapsed(() => fill(db));
  await analyze();
  const [samples] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM health_samples`);
  console.log(`\n## ${label}: ${samples!.n.toLocaleString("en")} samples written in ${ms(fillMs)}`);

  // A first run over a year of old samples: batch after batch, as the app would do once a minute.
  const batches: number[] = [];
  for (;;) {
    const [hours, took] = await elapsed(() => summariseClosedHours(db, NOW));
    if (hours === 0) break;
    batches.push(took);
  }
  const [steady, steadyMs] = await elapsed(() => summariseClosedHours(db, NOW));
  await analyze();
  const [summary] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM health_hours`);
  console.log(
    `summarise: ${summary!.n} hours in ${batches.length} calls; per call median ${ms(median(batches))}, ` +
      `max ${ms(Math.max(...batches))}; a caught-up call (${steady} hours) ${ms(steadyMs)}`,
  );

  console.log("| span | old (raw samples) | new (health_hours + edges) | old ÷ new |");
  console.log("|---|---:|---:|---:|");
  for (const [name, span] of SPANS) {
    const time = async (fn: () => Promise<unknown>) => {
      const [value] = await elapsed(fn); // warm-up
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push((await elapsed(fn))[1]);
      return { value, ms: median(times) };
    };
    const old = await time(() => rawHealthMinutes(db, span, NOW));
    const now = await time(() => healthMinutes(db, span, NOW));
    assert.deepEqual(now.value, old.value, `${label} ${name}: results differ`);
    console.log(`| ${name} | ${ms(old.ms)} | ${ms(now.ms)} | ${(old.ms / now.ms).toFixed(1)}× |`);
  }
};

const postgres = async () => {
  await admin(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${NAME}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${NAME}`;
  const database = await openPostgres(url.toString(), 2);
  try {
    await migrate(database);
    // The server may run without autovacuum; production would have analysed the tables by report time.
    await run("PostgreSQL", database, async () => {
      await database.db.execute(sql`VACUUM ANALYZE health_samples, health_hours`);
    });
  } finally {
    await database.close();
    await admin(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
  }
};

const pglite = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "lontar-bench-health-"));
  const database = await openPglite(path.join(dir, "data"));
  try {
    await migrate(database);
    // Never analysed: an embedded install has no autovacuum.
    await run("PGlite (on disk)", database, async () => {});
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
};

await postgres();
await pglite();
