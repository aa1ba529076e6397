/**
 * The report's reads outside the rollups: small tables (outages, data-subject requests, counter figures,
 * health samples, survey answers) and indexed counts. Period bounds are instants [from, to).
 */
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { ELEMENT_CODES } from "../surveys/ikm.ts";

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

/** Documents stored in the period, and how many of them are encrypted (wrapped by a master key). */
export const storedDocuments = (tx: Tx, s: Span) =>
  one<{ stored: number; encrypted: number }>(
    tx,
    sql`SELECT count(*)::int AS stored, count(key_id)::int AS encrypted
          FROM blobs WHERE office_id = ${s.officeId} AND created_at >= ${s.start} AND created_at < ${s.end}`,
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
 */
export const healthMinutes = async (tx: Tx, s: Span, now: Date) => {
  const row = await one<{ first: Date | string | null; healthy: number }>(
    tx,
    sql`SELECT (SELECT min(minute) FROM health_samples) AS first,
               (SELECT count(*)::int FROM (
                  SELECT minute FROM health_samples
                   WHERE minute >= ${s.start} AND minute < ${s.end}
                   GROUP BY minute HAVING bool_or(database_ok) AND sum(webhook_failed) = 0) h) AS healthy`,
  );
  if (!row.first) return { observed: 0, healthy: 0 };
  const start = Math.max(s.start.getTime(), new Date(row.first).getTime());
  const end = Math.min(s.end.getTime(), now.getTime());
  return { observed: Math.max(0, Math.floor((end - start) / 60_000)), healthy: row.healthy };
};

/** Campaign messages queued in the period, and how many reached the phone. */
export const broadcastReach = (tx: Tx, s: Span) =>
  one<{ recipients: number; delivered: number }>(
    tx,
    sql`SELECT count(*)::int AS recipients,
               count(*) FILTER (WHERE m.status IN ('delivered', 'read'))::int AS delivered
          FROM campaign_recipients r LEFT JOIN messages m ON m.id = r.message_id
         WHERE r.office_id = ${s.officeId} AND r.queued_at >= ${s.start} AND r.queued_at < ${s.end}`,
  );

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

export const operatorNames = async (tx: Tx, officeId: string) =>
  new Map(
    (
      await rows<{ id: string; display_name: string }>(
        tx,
        sql`SELECT id, display_name FROM operators WHERE office_id = ${officeId}`,
      )
    ).map((r) => [r.id, r.display_name]),
  );
