/**
 * The report's reads outside the rollups: small tables (outages, data-subject requests, counter figures,
 * health samples, survey answers) and indexed counts. Period bounds are instants [from, to).
 */
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import type { EsqualAnswers } from "../surveys/esqual.ts";
import { ELEMENT_CODES } from "../surveys/ikm.ts";
import { ceilHour, floorHour, HOUR_MS, healthyMinutesIn, uncoveredRanges } from "./health.ts";

export type Span = { officeId: string; start: Date; end: Date };

const one = async <T>(tx: Tx, query: ReturnType<typeof sql>) => (await rows<T>(tx, query))[0]!;

/** Hours of declared SIAK outage inside the period (an open one counts up to `now`). */
export const outageHours = async (tx: Tx, s: Span, now: Date) =>
  Number(
    (
      await one<{ hours: number | null }>(
        tx,
        sql`SELECT sum(extract(epoch FROM least(coalesce(ended_at, ${now}), ${s.end}) - greatest(started_at, ${s.start})) / 3600)::float8 AS hours
              FROM siak_outages
             WHERE office_id = ${s.officeId} AND started_at < ${s.end} AND coalesce(ended_at, ${now}) > ${s.start}`,
      )
    ).hours ?? 0,
  );

/** Requests due in the period, and those answered (done or refused) by their due time. */
export const dsrDeadlines = (tx: Tx, s: Span) =>
  one<{ due: number; in_time: number }>(
    tx,
    sql`SELECT count(*)::int AS due,
               count(*) FILTER (WHERE completed_at IS NOT NULL AND completed_at <= due_at)::int AS in_time
          FROM data_subject_requests
         WHERE office_id = ${s.officeId} AND due_at >= ${s.start} AND due_at < ${s.end}`,
  );

/** Files stored in the period without a key id (from before key ids): the privacy report wants none. */
export const unencryptedDocuments = async (tx: Tx, s: Span) =>
  Number(
    (
      await one<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM blobs
             WHERE office_id = ${s.officeId} AND created_at >= ${s.start} AND created_at < ${s.end} AND key_id IS NULL`,
      )
    ).n,
  );

/** Applications handled at the counter in the months the period touches (null when none were entered). */
export const counterApplications = async (
  tx: Tx,
  o: { officeId: string; fromMonth: string; toMonth: string; serviceCode?: string },
) =>
  (
    await one<{ n: number | null }>(
      tx,
      sql`SELECT sum(applications)::int AS n FROM counter_figures
           WHERE office_id = ${o.officeId} AND month BETWEEN ${o.fromMonth} AND ${o.toMonth}
             AND ${o.serviceCode ? sql`service_code = ${o.serviceCode}` : sql`service_code = ''`}`,
    )
  ).n;

/**
 * Minutes of the period with a sample (from the first sample ever, so time before installation is not
 * counted as down), and the minutes in which an instance was healthy and no webhook got a failure answer.
 * Whole hours already summarised (health.ts) are read from health_hours; only the rest of the period (edges
 * off the hour, hours not summarised yet) is counted from the raw samples, so each minute is counted once.
 */
export const healthMinutes = async (tx: Tx, s: Span, now: Date) => {
  const span = { start: s.start.getTime(), end: s.end.getTime() };
  const runs = await summarisedRuns(tx, ceilHour(span.start), floorHour(span.end));
  const gaps = uncoveredRanges(span, runs).map(
    (g) => sql`(minute >= ${new Date(g.start)} AND minute < ${new Date(g.end)})`,
  );
  const row = await one<{ first: Date | string | null; healthy: number }>(
    tx,
    sql`SELECT (SELECT min(minute) FROM health_samples) AS first,
               (SELECT count(*)::int FROM (${healthyMinutesIn(gaps.length ? sql.join(gaps, sql` OR `) : sql`false`)}) h) AS healthy`,
  );
  if (!row.first) return { observed: 0, healthy: 0 };
  const start = Math.max(s.start.getTime(), new Date(row.first).getTime());
  const end = Math.min(s.end.getTime(), now.getTime());
  const summarised = runs.reduce((sum, r) => sum + r.healthy, 0);
  return { observed: Math.max(0, Math.floor((end - start) / 60_000)), healthy: row.healthy + summarised };
};

type HourRun = { start: number; end: number; healthy: number };

/**
 * The runs of consecutive summarised hours in [from, to) (instants on the hour), with their healthy minutes.
 * Hours are summarised in order, so there is one run in practice: one aggregate (1 ms for a year) says so.
 * Otherwise (rows deleted by hand) the runs are found with a window, ten times slower but still exact.
 */
const summarisedRuns = async (tx: Tx, from: number, to: number): Promise<HourRun[]> => {
  if (from >= to) return [];
  const range = sql`hour >= ${new Date(from)} AND hour < ${new Date(to)}`;
  type Run = { first: Date | string | null; last: Date | string; hours: number; healthy: number };
  const asRun = (r: Run): HourRun => {
    const start = new Date(r.first!).getTime();
    return { start, end: start + r.hours * HOUR_MS, healthy: r.healthy };
  };
  const all = await one<Run>(
    tx,
    sql`SELECT min(hour) AS first, max(hour) AS last, count(*)::int AS hours,
               coalesce(sum(healthy_minutes), 0)::int AS healthy
          FROM health_hours WHERE ${range}`,
  );
  if (!all.first) return [];
  if (new Date(all.last).getTime() + HOUR_MS === asRun(all).end) return [asRun(all)];
  // Consecutive hours share hour − rank·1h, so each run comes back as one row.
  return (
    await rows<Run>(
      tx,
      sql`SELECT min(hour) AS first, max(hour) AS last, count(*)::int AS hours, sum(healthy_minutes)::int AS healthy
            FROM (SELECT hour, healthy_minutes, hour - row_number() OVER (ORDER BY hour) * interval '1 hour' AS run
                    FROM health_hours WHERE ${range}) h
           GROUP BY run ORDER BY 1`,
    )
  ).map(asRun);
};

/** Per-unsur answered count and score sum of the SKM answers in the period (WhatsApp and paper). */
export const skmTallies = async (
  tx: Tx,
  o: { officeId: string; from: string; to: string; serviceCode?: string },
) => {
  const columns = sql.join(
    ELEMENT_CODES.map(
      (c) => sql`count(answers ->> ${c})::int AS ${sql.raw(`"${c}_n"`)},
                 coalesce(sum((answers ->> ${c})::int), 0)::int AS ${sql.raw(`"${c}_sum"`)}`,
    ),
    sql`, `,
  );
  return one<Record<string, number>>(
    tx,
    sql`SELECT count(*)::int AS responses,
               count(*) FILTER (WHERE answers <> '{}'::jsonb)::int AS respondents, ${columns}
          FROM survey_responses
         WHERE office_id = ${o.officeId} AND instrument = 'skm' AND status = 'completed'
           AND answered_on BETWEEN ${o.from}::date AND ${o.to}::date
           ${o.serviceCode ? sql`AND service_code = ${o.serviceCode}` : sql``}`,
  );
};

/**
 * The answers of the adapted E-S-QUAL rows (never the SKM's) counting for the period: completed ones and
 * those left half answered, by the day of their latest answer.
 */
export const esqualAnswers = async (
  tx: Tx,
  o: { officeId: string; from: string; to: string; serviceCode?: string },
) =>
  (
    await rows<{ answers: EsqualAnswers }>(
      tx,
      sql`SELECT answers FROM survey_responses
           WHERE office_id = ${o.officeId} AND instrument = 'esqual' AND status IN ('answering', 'completed')
             AND answered_on BETWEEN ${o.from}::date AND ${o.to}::date
             ${o.serviceCode ? sql`AND service_code = ${o.serviceCode}` : sql``}`,
    )
  ).map((r) => r.answers);

export const operatorNames = async (tx: Tx, officeId: string) =>
  new Map(
    (
      await rows<{ id: string; display_name: string }>(
        tx,
        sql`SELECT id, display_name FROM operators WHERE office_id = ${officeId}`,
      )
    ).map((r) => [r.id, r.display_name]),
  );
