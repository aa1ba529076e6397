/**
 * Does a report hold up other work on the embedded database? Small writes (a citizen's message touching their
 * conversation) are scheduled open-loop every few ms while year reports run back to back, and each write's
 * latency counts from its scheduled time, so a frozen event loop shows up instead of hiding (a write that
 * could not even be issued is issued late and counted from when it was due).
 *
 * PGlite executes a statement synchronously on Node's one thread and its promise resolves without going back
 * to the event loop, so a chain of awaited statements starves timers and sockets until it ends. The
 * "yield" variant gives the event loop a turn (setImmediate) after every statement: what the desk would get
 * if the PGlite adapter did that (not how Lontar runs today; the bench adds it through a proxy).
 */
import { sql } from "drizzle-orm";
import { touchInbound } from "../src/modules/messaging/messaging.repo.ts";
import { loadQualityReport } from "../src/modules/reports/report.service.ts";
import type { ReportFilter } from "../src/modules/reports/report.types.ts";
import { type Database, rows } from "../src/platform/db/client.ts";
import { timing } from "./quality-report.ts";
import { NOW } from "./quality-volume.ts";

export type WriteLatency = { writes: number; p50Ms: number; p99Ms: number; maxMs: number };
export type DuringReports = WriteLatency & { reports: number; reportMs: number };
export type Blocking = {
  idle: WriteLatency;
  /** One transaction per report, as the desk route runs it. */
  inTransaction: DuringReports;
  /** The same statements without a transaction. */
  statements: DuringReports;
  /** Without a transaction and with a setImmediate after each statement (a possible fix, simulated). */
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const writesDuring = async (
  database: Database,
  conversationId: string,
  everyMs: number,
  background: () => Promise<unknown>,
): Promise<WriteLatency> => {
  const latencies: number[] = [];
  const pending: Promise<unknown>[] = [];
  let end = Number.POSITIVE_INFINITY;
  const done = background().finally(() => {
    end = performance.now();
  });
  const start = performance.now();
  for (let k = 0; ; k++) {
    const at = start + k * everyMs;
    if (at > performance.now()) await sleep(at - performance.now());
    if (at > end) break;
    const write = touchInbound(database.db, conversationId, new Date());
    pending.push(write.then(() => latencies.push(performance.now() - at)));
  }
  await Promise.all([...pending, done]);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    writes: sorted.length,
    p50Ms: timing(0, sorted).medianMs,
    p99Ms: sorted[Math.max(0, Math.ceil(0.99 * sorted.length) - 1)]!,
    maxMs: sorted[sorted.length - 1]!,
  };
};

/** inTransaction: the desk route before this bench's findings; statements: the desk route now (no transaction;
 * loadQualityReport gives the event loop a turn after each statement). */
type Mode = "inTransaction" | "statements";

const report = (database: Database, filter: ReportFilter, mode: Mode) => {
  const o = { now: NOW };
  if (mode === "inTransaction") return database.db.transaction((tx) => loadQualityReport(tx, filter, o));
  return loadQualityReport(database.db, filter, o);
};

export const measureBlocking = async (
  database: Database,
  filter: ReportFilter,
  s: { writeEveryMs: number; idleS: number; reports: number },
): Promise<Blocking> => {
  const [conversation] = await rows<{ id: string }>(
    database.db,
    sql`SELECT id::text AS id FROM conversations WHERE office_id = ${filter.officeId} LIMIT 1`,
  );
  const id = conversation!.id;
  const idle = await writesDuring(database, id, s.writeEveryMs, () => sleep(s.idleS * 1000));
  const during = async (mode: Mode): Promise<DuringReports> => {
    const times: number[] = [];
    const latency = await writesDuring(database, id, s.writeEveryMs, async () => {
      for (let i = 0; i < s.reports; i++) {
        const started = performance.now();
        await report(database, filter, mode);
        times.push(performance.now() - started);
        // Each report is its own request: a full turn of the event loop (timers included) between them,
        // else the writes due during one report would wait for the next one too.
        await sleep(1);
      }
    });
    return { ...latency, reports: times.length, reportMs: timing(0, times).medianMs };
  };
  return {
    idle,
    inTransaction: await during("inTransaction"),
    statements: await during("statements"),
  };
};
