import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { IngestResult, PhaseRun } from "./ingest.ts";
import type { MemoryResult } from "./memory.ts";
import type { SendsResult } from "./sends.ts";

export const TARGETS = { ingestRatio: 0.6, p99AtRateMs: 50 };

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? "—"
    : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Plain text table: first column left-aligned, the rest right-aligned (they are numbers). */
export const table = (header: string[], body: string[][]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n").trimEnd();
};

const phaseLabel = (run: PhaseRun, round: number) =>
  run.phase === "max"
    ? `max, ${run.load.connections} conns #${round}`
    : run.phase === "rate"
      ? `autocannon ${run.load.rate}/s, ${run.load.connections} conns`
      : `paced ${run.load.rate}/s (open loop)`;

const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");

const phaseRow = (run: PhaseRun, label: string, server: string) => {
  const short = run.phase !== "max" && run.load.rate && run.load.reqPerSec < run.load.rate * 0.95;
  return [
    label,
    server,
    fmt(run.load.reqPerSec),
    fmt(run.load.latencyMs.p50, 1),
    fmt(run.load.latencyMs.p99, 1),
    fmt(run.load.latencyMs.max, 0),
    fmt(run.load.ok2xx),
    fmt(run.load.non2xx + run.load.errors + run.load.timeouts),
    fmt(run.server200),
    fmt(run.stored),
    fmt(run.pendingAtEnd),
    fmt(run.drainS, 1),
    [...(short ? ["rate not sustained"] : []), ...run.flags].join("; ") || "ok",
  ];
};

export const ingestTable = (r: IngestResult): string => {
  let round = 0;
  const rows = r.runs.flatMap((pair) => {
    const label = phaseLabel(pair.baseline, pair.baseline.phase === "max" ? ++round : round);
    return [phaseRow(pair.baseline, label, "baseline"), phaseRow(pair.lontar, label, "Lontar")];
  });
  const rate = r.runs.find((p) => p.lontar.phase === "rate")?.lontar.load;
  const paced = r.runs.find((p) => p.lontar.phase === "paced")?.lontar.load;
  const p99 = rate?.latencyMs.p99 ?? Number.NaN;
  const header = ["phase", "server", "req/s", "p50 ms", "p99 ms", "max ms", "2xx seen", "non-2xx/err"];
  return [
    `Webhook ingest — ${r.backend === "postgres" ? "PostgreSQL" : "PGlite (in-memory)"}`,
    table([...header, "200s served", "stored", "pending@end", "drain s", "notes"], rows),
    `  Lontar/baseline max req/s: ${fmt(r.ratio, 2)} (target ≥ ${TARGETS.ingestRatio}: ${verdict(r.ratio >= TARGETS.ingestRatio)}); by round: ` +
      r.runs
        .filter((p) => p.baseline.phase === "max")
        .map((p) => fmt(p.lontar.load.reqPerSec / p.baseline.load.reqPerSec, 2))
        .join(", "),
    `  Lontar p99 at ${rate?.rate}/s: autocannon ${fmt(p99, 1)} ms, paced ${fmt(paced?.latencyMs.p99, 1)} ms` +
      (r.backend === "postgres"
        ? ` (target < ${TARGETS.p99AtRateMs} ms: ${verdict(p99 < TARGETS.p99AtRateMs)})`
        : " (reported only: the target is for PostgreSQL)"),
  ].join("\n");
};

export const sendsTable = (results: SendsResult[]): string =>
  [
    "Sends against the fake Cloud API (rate limits off, automatic statuses off)",
    table(
      [
        "backend",
        "messages",
        "workers",
        "queue s",
        "raw fetch msg/s",
        "Lontar s",
        "Lontar msg/s",
        "ratio",
        "notes",
      ],
      results.map((r) => [
        r.backend === "postgres" ? "PostgreSQL" : "PGlite",
        fmt(r.messages),
        String(r.workers),
        fmt(r.queueS, 1),
        fmt(r.baseline.msgsPerSec),
        fmt(r.lontar.seconds, 2),
        fmt(r.lontar.msgsPerSec),
        fmt(r.ratio, 2),
        r.flags.join("; ") || "ok",
      ]),
    ),
  ].join("\n");

export const memoryTable = (m: MemoryResult): string =>
  [
    `Memory — ${fmt(m.messages)} inbound messages through the webhook on PGlite (on disk), after a warm-up and ANALYZE` +
      (m.gcAvailable ? "" : " [no --expose-gc: numbers include garbage]"),
    table(
      ["", "RSS MB", "heap used MB", "external MB", "notes"],
      [
        ["before", fmt(m.before.rssMB, 1), fmt(m.before.heapUsedMB, 1), fmt(m.before.externalMB, 1), ""],
        ["after", fmt(m.after.rssMB, 1), fmt(m.after.heapUsedMB, 1), fmt(m.after.externalMB, 1), ""],
        ["peak", fmt(m.peakRssMB, 1), "", "", "sampled every 0.5 s"],
        [
          "per 1,000 msgs",
          fmt(m.rssGrowthPer1000MB, 2),
          fmt(m.heapGrowthPer1000MB, 3),
          "",
          `database on disk ${fmt(m.databaseMB, 1)} MB`,
        ],
      ],
    ),
    `  ingest ${fmt(m.ingestS, 1)} s (${fmt(m.load.reqPerSec)} req/s, ${m.load.connections} conns), backlog drained ${fmt(m.drainS, 1)} s after; 200s served ${fmt(m.server200)}, stored ${fmt(m.stored)}; ${m.flags.join("; ") || "ok"}`,
  ].join("\n");

export const writeResults = async (data: unknown): Promise<string> => {
  const dir = path.join(import.meta.dirname, "results");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
};
