/**
 * rollup_summaries: the daily rollups summed per level and per day and month (summary-plan.ts says which rows a
 * report reads). Written by the fold from the deltas it moves, rebuilt from daily_rollups, and read together
 * with the deltas not folded yet.
 */
import { type SQL, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { METRIC, OPERATOR_SCOPED, SERVICE_SCOPED } from "./rollup-metrics.ts";
import { type LevelRead, levelReads, type PeriodRead, periodReads, SUMMED } from "./summary-plan.ts";

export const list = (values: readonly string[]) =>
  sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;

const SUMMARY_COLUMNS = sql.raw(
  "office_id, level, grain, metric, period, service_code, operator_id, detail, bucket, count, total",
);

/**
 * Upserts the summaries of `source` (a relation with daily_rollups' columns) in key order, so two writers lock
 * rows in the same order. Every daily row lands in 8 summaries: 4 levels × day and month.
 */
export const upsertSummariesFrom = (source: SQL) => sql`
  INSERT INTO rollup_summaries (${SUMMARY_COLUMNS})
  SELECT d.office_id, l.level, g.grain, d.metric, g.period,
         CASE WHEN l.level IN (1, 3) THEN d.service_code ELSE ${SUMMED} END,
         CASE WHEN l.level IN (2, 3) THEN d.operator_id ELSE ${SUMMED} END,
         d.detail, d.bucket, sum(d.count)::bigint, sum(d.total)
    FROM ${source} d
   CROSS JOIN (VALUES (0), (1), (2), (3)) AS l(level)
   CROSS JOIN LATERAL (VALUES ('day', d.day), ('month', date_trunc('month', d.day)::date)) AS g(grain, period)
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
   ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT ON CONSTRAINT rollup_summaries_pkey
  DO UPDATE SET count = rollup_summaries.count + EXCLUDED.count, total = rollup_summaries.total + EXCLUDED.total`;

/** Replaces the office's summaries of `metrics` with those of its daily_rollups (after a rebuild or a load). */
export const rebuildSummaries = async (tx: Tx, officeId: string, metrics: readonly string[]) => {
  await tx.execute(
    sql`DELETE FROM rollup_summaries WHERE office_id = ${officeId} AND metric IN ${list(metrics)}`,
  );
  await tx.execute(
    upsertSummariesFrom(
      sql`(SELECT * FROM daily_rollups WHERE office_id = ${officeId} AND metric IN ${list(metrics)})`,
    ),
  );
};

export type RollupQuery = {
  officeId: string;
  from: string;
  to: string;
  serviceCode?: string;
  operatorId?: string;
};

/** Deltas not folded yet, with the report's filters (they carry every dimension, like daily_rollups). */
const pendingDeltas = (q: RollupQuery, metrics: readonly string[]) => sql`
  SELECT metric, detail, operator_id, bucket, day AS period, count, total FROM rollup_deltas
   WHERE office_id = ${q.officeId} AND day BETWEEN ${q.from}::date AND ${q.to}::date AND metric IN ${list(metrics)}
   ${q.serviceCode ? sql`AND (metric NOT IN ${list(SERVICE_SCOPED)} OR service_code = ${q.serviceCode})` : sql``}
   ${q.operatorId ? sql`AND (metric NOT IN ${list(OPERATOR_SCOPED)} OR operator_id = ${q.operatorId})` : sql``}`;

const summaryRows = (officeId: string, read: LevelRead, period: PeriodRead, bucketClause: SQL) => sql`
  SELECT metric, detail, operator_id, bucket, period, count, total FROM rollup_summaries
   WHERE office_id = ${officeId} AND level = ${read.level} AND grain = ${period.grain}
     AND metric IN ${list(read.metrics)} AND period BETWEEN ${period.from}::date AND ${period.to}::date
     ${read.serviceCode ? sql`AND service_code = ${read.serviceCode}` : sql``}
     ${read.operatorId ? sql`AND operator_id = ${read.operatorId}` : sql``} ${bucketClause}`;

/** Every summary and pending delta row that answers the query, as one relation (a UNION ALL of index ranges). */
const answering = (q: RollupQuery, metrics: readonly string[], periods: PeriodRead[], bucketClause = sql``) =>
  sql.join(
    [
      ...levelReads(q, metrics).flatMap((read) =>
        periods.map((period) => summaryRows(q.officeId, read, period, bucketClause)),
      ),
      sql`${pendingDeltas(q, metrics)} ${bucketClause}`,
    ],
    sql` UNION ALL `,
  );

const ALL_METRICS = Object.values(METRIC);

/** Sum of count and total per metric, detail, operator and bucket over the period (the report's raw material). */
export const sumRollups = (tx: Tx, q: RollupQuery) =>
  rows<{ metric: string; detail: string; operator_id: string; bucket: number; count: number; total: number }>(
    tx,
    sql`SELECT metric, detail, operator_id, bucket, sum(count)::float8 AS count, sum(total)::float8 AS total
          FROM (${answering(q, ALL_METRICS, periodReads(q.from, q.to))}) r
         GROUP BY metric, detail, operator_id, bucket`,
  );

/** Per-day counts of the given plain metrics (charts), from the daily summaries. */
export const dailyCounts = (tx: Tx, q: RollupQuery, metrics: readonly string[]) =>
  rows<{ day: string; metric: string; count: number }>(
    tx,
    sql`SELECT period::text AS day, metric, sum(count)::float8 AS count
          FROM (${answering(q, metrics, [{ grain: "day", from: q.from, to: q.to }], sql`AND bucket = -1`)}) r
         GROUP BY period, metric ORDER BY period`,
  );
