/** Plain-text tables of the quality benchmark (bench/quality.ts). */

import type { PostgresQuality, QualityResult } from "./quality.ts";
import type { WriteLatency } from "./quality-blocking.ts";
import type { PgliteResult } from "./quality-pglite.ts";
import { type CaseResult, TARGET_MS } from "./quality-report.ts";
import type { Step } from "./quality-sql.ts";
import type { WritesResult } from "./quality-writes.ts";
import { table } from "./report.ts";

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? "—"
    : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const verdict = (ms: number) => (ms < TARGET_MS ? "PASS" : "MISS");

const slowestQuery = (c: CaseResult) => {
  const [label, ms] = Object.entries(c.queries).reduce((a, b) => (b[1] > a[1] ? b : a), ["", 0]);
  return `${label} ${fmt(ms, 1)} ms`;
};

export const casesTable = (cases: CaseResult[], target: boolean) =>
  table(
    [
      "report",
      "first ms",
      "median ms",
      "p95 ms",
      "max ms",
      ...(target ? [`< ${TARGET_MS} ms`] : []),
      "slowest query (median)",
    ],
    cases.map((c) => [
      c.name,
      fmt(c.firstMs),
      fmt(c.medianMs),
      fmt(c.p95Ms),
      fmt(c.maxMs),
      ...(target ? [verdict(c.medianMs)] : []),
      slowestQuery(c),
    ]),
  );

const stepsTable = (steps: Step[]) =>
  table(
    ["generated", "rows", "seconds"],
    steps.map((s) => [s.table, fmt(s.rows), fmt(s.seconds, 1)]),
  );

export const writesTable = (w: WritesResult) =>
  [
    `Rollup cost per event — PostgreSQL, ${w.rounds} alternating rounds of ${w.perRound} applications and ${w.perRound} messages, each event its own transaction`,
    table(
      ["event", "events", "with rollups ms", "without ms", "ratio", "+ ms", "rollups touched"],
      [
        ...w.kinds.map((k) => [
          k.kind,
          fmt(k.events),
          fmt(k.withMs, 2),
          fmt(k.withoutMs, 2),
          fmt(k.ratio, 2),
          fmt(k.withMs - k.withoutMs, 2),
          k.rollups,
        ]),
        ...(["application", "message"] as const).map((name) => [
          `one ${name} (sum)`,
          "",
          fmt(w[name].withMs, 2),
          fmt(w[name].withoutMs, 2),
          fmt(w[name].ratio, 2),
          fmt(w[name].withMs - w[name].withoutMs, 2),
          "",
        ]),
      ],
    ),
    `Background fold of their increments into daily rollups and summaries: ${fmt(w.foldMs, 2)} ms per application and message`,
  ].join("\n");

const postgresTables = (p: PostgresQuality) =>
  [
    `Quality report at volume — PostgreSQL (${fmt(p.volume.applications)} applications, ${fmt(p.volume.messages)} messages; ` +
      `database ${fmt(p.databaseMB / 1024, 2)} GB${p.reused ? `, reused from ${p.generatedAt}` : ""})`,
    stepsTable([
      ...p.steps,
      { table: "daily_rollups (SQL fill)", rows: p.rollups.rows, seconds: p.rollups.seconds },
      { table: "VACUUM ANALYZE", rows: 0, seconds: p.vacuumS },
    ]),
    `  largest tables: ${p.tablesMB.map((t) => `${t.table} ${fmt(t.mb)} MB`).join(", ")}`,
    `  daily_rollups rows of the office per period: ${Object.entries(p.rollupRowsByPeriod)
      .map(([k, n]) => `${k} ${fmt(n)}`)
      .join(", ")}; load average ${fmt(p.loadAverage.before, 1)} → ${fmt(p.loadAverage.after, 1)} (2 cores)`,
    casesTable(p.cases, true),
    `  countOverdueBlobs (retention, alone): median ${fmt(p.overdue.medianMs)} ms, p95 ${fmt(p.overdue.p95Ms)} ms, ` +
      `first ${fmt(p.overdue.firstMs)} ms (${verdict(p.overdue.medianMs)}); ${fmt(p.overdue.overdue)} files overdue`,
    ...p.explains.map((e) => `EXPLAIN ANALYZE — ${e.what}:\n${e.plan}`),
    writesTable(p.writes),
  ].join("\n");

const latencyRow = (name: string, l: WriteLatency, extra = "") => [
  name,
  fmt(l.writes),
  fmt(l.p50Ms, 1),
  fmt(l.p99Ms, 1),
  fmt(l.maxMs, 1),
  extra,
];

const pgliteTables = (p: PgliteResult) =>
  [
    `Quality report — PGlite on disk, 1/${fmt(1 / p.scale)} of the year (${fmt(p.volume.applications)} applications, ` +
      `${fmt(p.volume.messages)} messages; ${fmt(p.databaseMB)} MB), never ANALYZEd`,
    stepsTable([
      ...p.steps,
      { table: "daily_rollups (SQL fill)", rows: p.rollups.rows, seconds: p.rollups.seconds },
    ]),
    casesTable(p.cases, false),
    "  after ANALYZE:",
    casesTable(p.analyzed, false),
    `Small writes (one every ${p.writeEveryMs} ms, latency from the scheduled time) while year reports run back to back:`,
    table(
      ["", "writes", "p50 ms", "p99 ms", "max ms", "report median ms"],
      [
        latencyRow("no report", p.blocking.idle),
        latencyRow(
          "reports, one transaction each (the route before)",
          p.blocking.inTransaction,
          fmt(p.blocking.inTransaction.reportMs),
        ),
        latencyRow(
          "reports without a transaction (the desk route)",
          p.blocking.statements,
          fmt(p.blocking.statements.reportMs),
        ),
      ],
    ),
  ].join("\n");

export const qualityTables = (r: QualityResult) =>
  [
    "Rollup check — SQL fill vs recomputeRollups (JS rebuild from raw rows), small office: " +
      Object.entries(r.check)
        .map(([b, c]) => `${b} ${c ? `${fmt(c.differences)} of ${fmt(c.rows)} rows differ` : "—"}`)
        .join("; "),
    ...(r.postgres ? [postgresTables(r.postgres)] : []),
    ...(r.pglite ? [pgliteTables(r.pglite)] : []),
  ].join("\n\n");
