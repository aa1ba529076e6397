/**
 * Quality reports at a large office's volume (`npm run bench -- --only=quality [--quick] [--keep]`): a year of
 * one office generated in SQL (1,000,000 applications, 20,000,000 messages), its daily rollups filled in SQL
 * with the rules of rollup-metrics.ts and checked against the JS rebuild on a small slice, then
 * loadQualityReport timed on PostgreSQL (target < 200 ms), the rollup cost per event against the same writes
 * without it, and a reduced volume on the embedded PGlite. See bench/README.md.
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import { loadCatalogue } from "../src/modules/catalogue/load.ts";
import type { Catalogue } from "../src/modules/catalogue/schema.ts";
import type { RetentionPolicy } from "../src/modules/retention/retention.repo.ts";
import { retentionPolicy } from "../src/modules/retention/retention.service.ts";
import { type Database, openPglite, openPostgres, rows } from "../src/platform/db/client.ts";
import { migrate } from "../src/platform/db/migrate.ts";
import { createBenchDatabase, namedBenchDatabase } from "./databases.ts";
import { generateYear } from "./quality-generate.ts";
import { benchPglite, type PgliteResult, type PgliteSettings } from "./quality-pglite.ts";
import {
  type CaseResult,
  explain,
  measureCase,
  measureOverdue,
  overdueQuery,
  reportCases,
  TARGET_MS,
  type Timing,
} from "./quality-report.ts";
import { checkRollups, fillRollups, type RollupCheck, type RollupFill } from "./quality-rollups.ts";
import type { Step } from "./quality-sql.ts";
import { type BenchOffice, createBenchOffice, type Volume, volumeAt } from "./quality-volume.ts";
import { benchWrites, type WritesResult, type WritesSettings } from "./quality-writes.ts";

export type QualitySettings = {
  quick: boolean;
  /** Share of the volume generated on PostgreSQL (1 = a million applications). */
  scale: number;
  /** Health samples (time-based, one a minute) cover this many days. */
  healthDays: number;
  batch: number;
  runs: number;
  /** Share of the volume for the rollup check against the JS rebuild (on each backend). */
  checkScale: number;
  writes: WritesSettings;
  pglite: PgliteSettings;
  /** Keep the PostgreSQL database (lontar_bench_quality) for a later run, which then reuses it. */
  keep: boolean;
};

type Generated = {
  office: BenchOffice;
  volume: Volume;
  steps: Step[];
  rollups: RollupFill;
  vacuumS: number;
  generatedAt: string;
};

export type PostgresQuality = Generated & {
  database: string;
  reused: boolean;
  databaseMB: number;
  tablesMB: Array<{ table: string; mb: number }>;
  /** daily_rollups rows of the office in each period (what the report's rollup queries read). */
  rollupRowsByPeriod: Record<string, number>;
  cases: CaseResult[];
  overdue: Timing & { overdue: number };
  /** The machine's 1-minute load average before and after the report timings (2 cores; shared). */
  loadAverage: { before: number; after: number };
  explains: Array<{ what: string; plan: string }>;
  writes: WritesResult;
};

export type QualityResult = {
  check: { postgres?: RollupCheck; pglite?: RollupCheck };
  postgres?: PostgresQuality;
  pglite?: PgliteResult;
  flags: string[];
};

const log = (line: string) => console.log(line);

/** A small office generated and rolled up in SQL, against recomputeRollups on the same rows. */
const checkOn = async (database: Database, catalogue: Catalogue, policy: RetentionPolicy, scale: number) => {
  try {
    await migrate(database);
    const office = await createBenchOffice(database.db, "BC");
    const volume = { ...volumeAt(scale), healthDays: 1 };
    await generateYear(database, { office, volume, catalogue, policy, batch: 50_000 }, () => {}, false);
    await fillRollups(database, office.officeId);
    return await checkRollups(database, office.officeId);
  } finally {
    await database.close();
  }
};

const META = "bench_quality_meta";

const readMeta = async (database: Database): Promise<Generated | undefined> => {
  await database.db.execute(
    sql.raw(`CREATE TABLE IF NOT EXISTS ${META} (id int PRIMARY KEY, info jsonb NOT NULL)`),
  );
  const [row] = await rows<{ info: Generated }>(
    database.db,
    sql.raw(`SELECT info FROM ${META} WHERE id = 1`),
  );
  return row?.info;
};

/** The year on PostgreSQL: generated, rolled up, vacuumed and analysed (autovacuum's job), or reused. */
const generated = async (
  database: Database,
  s: QualitySettings,
  catalogue: Catalogue,
  policy: RetentionPolicy,
) => {
  const volume = { ...volumeAt(s.scale), healthDays: s.healthDays };
  const previous = await readMeta(database);
  // jsonb keeps keys in its own order: compare values key by key, not the serialised text.
  const sameVolume = (v: Record<string, unknown>) =>
    Object.keys(v).length === Object.keys(volume).length &&
    Object.entries(volume).every(([k, n]) => v[k] === n);
  if (previous && sameVolume(previous.volume)) return { ...previous, reused: true };
  if (previous) throw new Error(`${META} describes another volume: drop the database (see bench/README.md)`);
  const office = await createBenchOffice(database.db, "BQ");
  log(
    `PostgreSQL: generating the year (${volume.applications.toLocaleString("en-US")} applications, ${volume.messages.toLocaleString("en-US")} messages) …`,
  );
  const steps = await generateYear(
    database,
    { office, volume, catalogue, policy, batch: s.batch },
    log,
    true,
  );
  const rollups = await fillRollups(database, office.officeId);
  log(
    `  daily_rollups filled: ${rollups.rows.toLocaleString("en-US")} rows in ${rollups.seconds.toFixed(1)} s`,
  );
  const started = performance.now();
  await database.db.execute(sql`VACUUM ANALYZE`);
  const vacuumS = (performance.now() - started) / 1000;
  log(`  VACUUM ANALYZE ${vacuumS.toFixed(1)} s`);
  const info: Generated = { office, volume, steps, rollups, vacuumS, generatedAt: new Date().toISOString() };
  await database.db.execute(
    sql`INSERT INTO bench_quality_meta (id, info) VALUES (1, ${JSON.stringify(info)}::jsonb)`,
  );
  return { ...info, reused: false };
};

const sizes = async (database: Database) => {
  const [db] = await rows<{ bytes: number }>(
    database.db,
    sql`SELECT pg_database_size(current_database())::float8 AS bytes`,
  );
  const tables = await rows<{ table: string; bytes: number }>(
    database.db,
    sql`SELECT relname AS table, pg_total_relation_size(oid)::float8 AS bytes FROM pg_class
         WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 10`,
  );
  const mb = (b: number) => Number(b) / 1024 / 1024;
  return {
    databaseMB: mb(db?.bytes ?? 0),
    tablesMB: tables.map((t) => ({ table: t.table, mb: mb(t.bytes) })),
  };
};

const rollupRows = async (database: Database, office: BenchOffice) => {
  const periods = new Map(reportCases(office, "kk").map((c) => [c.name.split(",")[0]!, c.filter]));
  const counted: Record<string, number> = {};
  for (const [name, f] of periods) {
    const [row] = await rows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::float8 AS n FROM daily_rollups
           WHERE office_id = ${f.officeId} AND day BETWEEN ${f.from}::date AND ${f.to}::date`,
    );
    counted[name] = Number(row?.n ?? 0);
  }
  return counted;
};

const reports = async (database: Database, office: BenchOffice, policy: RetentionPolicy, runs: number) => {
  const cases: CaseResult[] = [];
  const explains: Array<{ what: string; plan: string }> = [];
  let worst: (CaseResult & { slowest: { label: string; query: ReturnType<typeof sql> } }) | undefined;
  for (const c of reportCases(office, "kk")) {
    // As the desk route loads the page: with the retention policy, so countOverdueBlobs is part of it.
    const result = await measureCase(database, c, runs, policy);
    const { slowest: _, ...kept } = result;
    cases.push(kept);
    if (!worst || result.medianMs > worst.medianMs) worst = result;
    log(`  ${c.name.padEnd(28)} median ${result.medianMs.toFixed(0)} ms, p95 ${result.p95Ms.toFixed(0)} ms`);
  }
  if (worst && worst.medianMs > TARGET_MS)
    explains.push({
      what: `${worst.slowest.label}, the slowest statement of "${worst.name}"`,
      plan: await explain(database, worst.slowest.query),
    });
  const overdue = await measureOverdue(database, office, policy, Math.min(runs, 5));
  log(
    `  countOverdueBlobs (retention)   median ${overdue.medianMs.toFixed(0)} ms (${overdue.overdue} overdue)`,
  );
  if (overdue.medianMs > TARGET_MS)
    explains.push({
      what: "countOverdueBlobs (retention.repo.ts)",
      plan: await explain(database, await overdueQuery(database, office, policy)),
    });
  return { cases, explains, overdue };
};

const onPostgres = async (s: QualitySettings, catalogue: Catalogue, policy: RetentionPolicy) => {
  const named = s.quick ? undefined : await namedBenchDatabase("quality", s.keep);
  const url = named?.url ?? (await createBenchDatabase("quality"));
  const database = await openPostgres(url);
  try {
    await migrate(database);
    const year = await generated(database, s, catalogue, policy);
    if (year.reused) log(`PostgreSQL: reusing ${named?.name} (generated ${year.generatedAt})`);
    const size = await sizes(database);
    log(`  database ${(size.databaseMB / 1024).toFixed(2)} GB on disk`);
    const rollupRowsByPeriod = await rollupRows(database, year.office);
    log(`Report at volume (${s.runs} runs after a warm-up, as the desk route loads the page):`);
    const before = os.loadavg()[0]!;
    const measured = await reports(database, year.office, policy, s.runs);
    const loadAverage = { before, after: os.loadavg()[0]! };
    log("Rollup cost per event (same writes with and without rollup maintenance) …");
    const writes = await benchWrites(database, catalogue, s.writes);
    return {
      ...year,
      database: named?.name ?? "temporary",
      ...size,
      rollupRowsByPeriod,
      ...measured,
      loadAverage,
      writes,
    };
  } finally {
    await database.close();
  }
};

export const benchQuality = async (s: QualitySettings, postgres: boolean): Promise<QualityResult> => {
  const catalogue = await loadCatalogue();
  // The policy the desk route passes (retention.service.ts), with LONTAR_RETENTION_DAYS' default of 30.
  const policy = retentionPolicy(catalogue, 30);
  const flags: string[] = [];
  const check: QualityResult["check"] = {};
  if (postgres) {
    check.postgres = await checkOn(
      await openPostgres(await createBenchDatabase("qcheck")),
      catalogue,
      policy,
      s.checkScale,
    );
    log(
      `Rollup check (SQL fill vs recomputeRollups), PostgreSQL: ${check.postgres.differences} of ${check.postgres.rows} rows differ`,
    );
  }
  check.pglite = await checkOn(await openPglite(), catalogue, policy, s.checkScale);
  log(
    `Rollup check (SQL fill vs recomputeRollups), PGlite: ${check.pglite.differences} of ${check.pglite.rows} rows differ`,
  );
  for (const [backend, c] of Object.entries(check))
    if (c && (c.differences > 0 || c.rows === 0))
      flags.push(`quality: SQL rollups differ from recomputeRollups on ${backend}: ${c.sample.join("; ")}`);
  const pg = postgres ? await onPostgres(s, catalogue, policy) : undefined;
  const pglite = await benchPglite(catalogue, policy, s.pglite, log);
  return { check, ...(pg ? { postgres: pg } : {}), pglite, flags };
};
