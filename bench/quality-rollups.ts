/**
 * Fills daily_rollups for a generated office in SQL, with the rules of src/modules/reports/rollup-metrics.ts
 * (the office's day, 5 % geometric buckets, the same dimensions), because replaying 20,000,000 events through
 * the JS hooks would take hours. checkRollups() compares the result with recomputeRollups (the JS rebuild from
 * raw rows) so the benchmark measures the real thing.
 */
import { sql } from "drizzle-orm";
import { loadCalendarData } from "../src/modules/offices/calendar.service.ts";
import { summariseClosedHours } from "../src/modules/reports/health.ts";
import { METRIC, RECOMPUTABLE, type RollupRow } from "../src/modules/reports/rollup-metrics.ts";
import { recomputeRollups } from "../src/modules/reports/rollups.recompute.ts";
import { allRollups } from "../src/modules/reports/rollups.repo.ts";
import { rebuildSummaries } from "../src/modules/reports/summaries.repo.ts";
import {
  addDays,
  createCalendar,
  formatLocalDate,
  localDateOf,
  workingIntervalsOn,
} from "../src/modules/sla/calendar.ts";
import type { Database, Session } from "../src/platform/db/client.ts";
import { NOW, TIME_ZONE } from "./quality-volume.ts";

/** histogram.ts bucketOf, in SQL: 0 under one second, else 1 + floor(ln(v) / ln(1.05) + 1e-9). */
const bucket = (v: string) =>
  `CASE WHEN ${v} >= 1 THEN 1 + floor(ln(${v}) / ln(1.05::float8) + 1e-9)::int ELSE 0 END`;
const day = (at: string) => `(${at} AT TIME ZONE '${TIME_ZONE}')::date`;
const seconds = (from: string, to: string) => `greatest(0, extract(epoch FROM ${to} - ${from}))::float8`;

/** Rows (day, metric, service, operator, detail, bucket, value) summed into daily_rollups. */
const upsert = (officeId: string, source: string) => `
INSERT INTO daily_rollups (office_id, day, metric, service_code, operator_id, detail, bucket, count, total)
SELECT '${officeId}'::uuid, day, metric, service_code, operator_id, detail, bucket, count(*), sum(v)
  FROM (${source}) s
 GROUP BY day, metric, service_code, operator_id, detail, bucket
ON CONFLICT (office_id, day, metric, service_code, operator_id, detail, bucket)
DO UPDATE SET count = daily_rollups.count + EXCLUDED.count, total = daily_rollups.total + EXCLUDED.total`;

const submitted = (officeId: string) => `
SELECT ${day("e.at")} AS day, x.metric, a.service_code, '' AS operator_id, '' AS detail, x.bucket, x.v
  FROM application_events e JOIN applications a ON a.id = e.application_id
  CROSS JOIN LATERAL (SELECT ${seconds("a.created_at", "e.at")} AS secs) t
  CROSS JOIN LATERAL (VALUES ('${METRIC.appSubmitted}', -1, 0::float8), ('${METRIC.appToSubmit}', ${bucket("t.secs")}, t.secs)) x(metric, bucket, v)
 WHERE e.office_id = '${officeId}' AND e.action = 'submit'`;

/** Working seconds up to an instant: the work_intervals prefix sum (built from the office calendar in JS). */
const workedBy = (at: string) =>
  `coalesce((SELECT w.cum + least(greatest(extract(epoch FROM ${at} - w.s), 0), w.len)
     FROM work_intervals w WHERE w.s <= ${at} ORDER BY w.s DESC LIMIT 1), 0)`;

const decided = (officeId: string) => `
WITH rev AS (
  SELECT application_id, count(*)::int AS n FROM application_events
   WHERE office_id = '${officeId}' AND to_status = 'needs_revision' GROUP BY application_id),
d AS (
  SELECT ${day("e.at")} AS day, a.service_code, coalesce(a.assigned_to::text, '') AS operator_id, e.to_status AS outcome,
         e.at, a.due_at, a.pickup, coalesce(rev.n, 0) AS revisions,
         CASE WHEN a.submitted_at IS NOT NULL THEN (${workedBy("e.at")} - ${workedBy("a.submitted_at")})::float8 END AS ws
    FROM application_events e JOIN applications a ON a.id = e.application_id
    LEFT JOIN rev ON rev.application_id = a.id
   WHERE e.office_id = '${officeId}' AND e.action <> 'submit' AND e.to_status IN ('completed', 'rejected'))
SELECT d.day, x.metric, d.service_code, d.operator_id, x.detail, x.bucket, x.v
  FROM d CROSS JOIN LATERAL (VALUES
    ('${METRIC.appRevisions}', '', -1, d.revisions::float8, true),
    ('${METRIC.appRejected}', '', -1, 0, d.outcome = 'rejected'),
    ('${METRIC.appCompleted}', '', -1, 0, d.outcome = 'completed'),
    ('${METRIC.appCompletedInSla}', '', -1, 0, d.outcome = 'completed' AND d.due_at IS NOT NULL AND d.at <= d.due_at),
    ('${METRIC.appCompletedFirstTime}', '', -1, 0, d.outcome = 'completed' AND d.revisions = 0),
    ('${METRIC.appCompletionWorking}', '', ${bucket("d.ws")}, d.ws, d.outcome = 'completed' AND d.ws IS NOT NULL),
    ('${METRIC.appDelivery}', CASE WHEN d.pickup THEN 'pickup' ELSE 'whatsapp' END, -1, 0, d.outcome = 'completed')
  ) x(metric, detail, bucket, v, keep)
 WHERE x.keep`;

/** Outbound messages: delivery class on the queued day, Meta's lag, and the answer to a waiting citizen. */
const messages = (officeId: string) => `
SELECT x.day, x.metric, '' AS service_code, x.operator_id, x.detail, x.bucket, x.v
  FROM messages m
  CROSS JOIN LATERAL (SELECT ${seconds("m.occurred_at", "m.accepted_at")} AS lag, m.response_seconds::float8 AS rs) t
  CROSS JOIN LATERAL (VALUES
    (${day("m.created_at")}, '${METRIC.msgDelivered}', '', '', -1, 0::float8, m.status IN ('delivered', 'read')),
    (${day("m.created_at")}, '${METRIC.msgFailed}', '', coalesce(m.error_code::text, 'unknown'), -1, 0, m.status = 'failed'),
    (${day("m.created_at")}, '${METRIC.broadcastQueued}', '', '', -1, 0, m.campaign_id IS NOT NULL),
    (${day("m.created_at")}, '${METRIC.broadcastDelivered}', '', '', -1, 0,
      m.campaign_id IS NOT NULL AND m.status IN ('delivered', 'read')),
    (${day("m.created_at")}, '${METRIC.msgLag}', '', '', ${bucket("t.lag")}, t.lag, m.accepted_at IS NOT NULL),
    (${day("m.occurred_at")}, CASE WHEN m.sent_by IS NULL THEN '${METRIC.respBot}' ELSE '${METRIC.respPerson}' END,
      coalesce(m.sent_by::text, ''), '', ${bucket("t.rs")}, t.rs, m.response_seconds IS NOT NULL)
  ) x(day, metric, operator_id, detail, bucket, v, keep)
 WHERE m.office_id = '${officeId}' AND m.direction = 'out' AND x.keep`;

const contacts = (officeId: string) => `
SELECT ${day("created_at")} AS day, '${METRIC.contactNew}' AS metric, '' AS service_code, '' AS operator_id,
       '' AS detail, -1 AS bucket, 0::float8 AS v
  FROM contacts WHERE office_id = '${officeId}'`;

const stored = (officeId: string) => `
SELECT ${day("created_at")} AS day, '${METRIC.docStored}' AS metric, '' AS service_code, '' AS operator_id,
       '' AS detail, -1 AS bucket, 0::float8 AS v
  FROM blobs WHERE office_id = '${officeId}'`;

const audited = (officeId: string) => `
SELECT ${day("at")} AS day,
       CASE WHEN action = 'file.view' THEN '${METRIC.docView}' ELSE '${METRIC.nikReveal}' END AS metric,
       '' AS service_code, coalesce(actor_id::text, '') AS operator_id, '' AS detail, -1 AS bucket, 0::float8 AS v
  FROM audit_log WHERE office_id = '${officeId}' AND action IN ('file.view', 'nik.reveal')`;

/**
 * The office's working intervals over the days its applications span, with the working seconds before each
 * (a prefix sum), as a temporary table: working time between two instants is then two index lookups.
 */
const workIntervals = async (database: Database, session: Session, officeId: string) => {
  const [span] = await session.query<{ first: Date | string | null; last: Date | string | null }>(
    `SELECT min(submitted_at) AS first, max(closed_at) AS last FROM applications WHERE office_id = '${officeId}'`,
  );
  await session.query("DROP TABLE IF EXISTS work_intervals");
  await session.query(
    "CREATE TEMP TABLE work_intervals (s timestamptz PRIMARY KEY, len numeric, cum numeric)",
  );
  if (!span?.first || !span.last) return 0;
  const calendar = createCalendar({
    timeZone: TIME_ZONE,
    ...(await loadCalendarData(database.db, officeId)),
  });
  const last = formatLocalDate(localDateOf(TIME_ZONE, new Date(span.last)));
  const values: string[] = [];
  let cumMs = 0;
  for (let d = localDateOf(TIME_ZONE, new Date(span.first)); formatLocalDate(d) <= last; d = addDays(d, 1))
    for (const i of workingIntervalsOn(calendar, d)) {
      values.push(`('${new Date(i.start).toISOString()}', ${(i.end - i.start) / 1000}, ${cumMs / 1000})`);
      cumMs += i.end - i.start;
    }
  if (values.length > 0) await session.query(`INSERT INTO work_intervals VALUES ${values.join(", ")}`);
  await session.query("ANALYZE work_intervals");
  return values.length;
};

export type RollupFill = { seconds: number; rows: number; bySource: Record<string, number> };

/** Adds the office's rollups from its raw rows; seconds per source and the rows the office then has. */
export const fillRollups = async (database: Database, officeId: string): Promise<RollupFill> =>
  database.withSession(async (session) => {
    const pg = database.kind === "postgres";
    await session.query(`SET work_mem = '${pg ? "256MB" : "64MB"}'`);
    if (pg) await session.query("SET jit = off");
    const bySource: Record<string, number> = {};
    const timed = async (name: string, fn: () => Promise<unknown>) => {
      const started = performance.now();
      await fn();
      bySource[name] = (performance.now() - started) / 1000;
    };
    await timed("calendar", () => workIntervals(database, session, officeId));
    await timed("applications", async () => {
      await session.query(upsert(officeId, submitted(officeId)));
      await session.query(upsert(officeId, decided(officeId)));
    });
    await timed("messages", () => session.query(upsert(officeId, messages(officeId))));
    await timed("contacts", () => session.query(upsert(officeId, contacts(officeId))));
    await timed("audit", () => session.query(upsert(officeId, audited(officeId))));
    await timed("files", () => session.query(upsert(officeId, stored(officeId))));
    await session.query("DROP TABLE work_intervals");
    // Health samples are not per office: summarised once per database (a second office finds it done).
    await timed("health hours", async () => {
      while ((await summariseClosedHours(database.db, NOW, 24 * 366)) > 0);
    });
    await timed("summaries", () =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`SET LOCAL work_mem = '${pg ? "256MB" : "64MB"}'`));
        await rebuildSummaries(tx, officeId, Object.values(METRIC));
      }),
    );
    const [n] = await session.query<{ n: number }>(
      `SELECT count(*)::float8 AS n FROM daily_rollups WHERE office_id = '${officeId}'`,
    );
    return {
      seconds: Object.values(bySource).reduce((a, b) => a + b, 0),
      rows: Number(n?.n ?? 0),
      bySource,
    };
  });

export type RollupCheck = { rows: number; rebuilt: number; differences: number; sample: string[] };

const key = (r: RollupRow) =>
  [r.day, r.metric, r.serviceCode, r.operatorId, r.detail, r.bucket].map(String).join("|");
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** The SQL-filled rollups of an office against recomputeRollups (the JS rebuild from the same raw rows). */
export const checkRollups = async (database: Database, officeId: string): Promise<RollupCheck> => {
  const filled = await allRollups(database.db, officeId, RECOMPUTABLE);
  const rebuilt = await recomputeRollups(database.db, officeId);
  const a = new Map(filled.map((r) => [key(r), r]));
  const b = new Map(rebuilt.map((r) => [key(r), r]));
  const differing = [...new Set([...a.keys(), ...b.keys()])].filter((k) => {
    const [x, y] = [a.get(k), b.get(k)];
    return !x || !y || x.count !== y.count || !near(x.total, y.total);
  });
  const show = (r: RollupRow | undefined) => (r ? `${r.count}/${r.total}` : "absent");
  return {
    rows: filled.length,
    rebuilt: rebuilt.length,
    differences: differing.length,
    sample: differing.slice(0, 5).map((k) => `${k}: sql ${show(a.get(k))}, js ${show(b.get(k))}`),
  };
};
