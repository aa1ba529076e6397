/** Queries of the daily rollups: add increments in the caller's transaction, and read sums for a report. */
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { aggregate, type RollupIncrement, type RollupRow } from "./rollup-metrics.ts";
import { list, upsertSummariesFrom } from "./summaries.repo.ts";

const timeZones = new Map<string, string>();

/** An office's time zone (cached: it does not change while the process runs). */
export const officeTimeZone = async (tx: Tx, officeId: string): Promise<string> => {
  const cached = timeZones.get(officeId);
  if (cached) return cached;
  const [row] = await rows<{ time_zone: string }>(
    tx,
    sql`SELECT time_zone FROM offices WHERE id = ${officeId}`,
  );
  const tz = row?.time_zone ?? "Asia/Makassar";
  timeZones.set(officeId, tz);
  return tz;
};

let enabled = true;
/**
 * Benchmark only (bench/quality.ts measures the same writes with and without rollup maintenance); nothing in
 * the app calls it. Rebuilds (writeRollupRows) are not affected.
 */
export const setRollupsEnabled = (on: boolean) => {
  enabled = on;
};
export const rollupsEnabled = () => enabled;

const valuesOf = (officeId: string, sums: readonly RollupRow[]) =>
  sql.join(
    sums.map(
      (r) =>
        sql`(${officeId}::uuid, ${r.day}::date, ${r.metric}, ${r.serviceCode}, ${r.operatorId}, ${r.detail}, ${r.bucket}, ${r.count}, ${r.total})`,
    ),
    sql`, `,
  );

/**
 * Adds the increments in the caller's transaction, as new delta rows: an INSERT that locks no shared row, so
 * events of the same office and day never wait on each other (or deadlock) over a counter.
 */
export const addToRollups = async (tx: Tx, officeId: string, increments: readonly RollupIncrement[]) => {
  const sums = aggregate(increments);
  if (!enabled || sums.length === 0) return;
  await tx.execute(sql`
    INSERT INTO rollup_deltas (office_id, day, metric, service_code, operator_id, detail, bucket, count, total)
    VALUES ${valuesOf(officeId, sums)}`);
};

/** Adds summed rows straight into daily_rollups (a rebuild); keys sorted so writers lock rows in one order. */
export const writeRollupRows = async (tx: Tx, officeId: string, sums: readonly RollupRow[]) => {
  if (sums.length === 0) return;
  const sorted = [...sums].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  await tx.execute(sql`
    INSERT INTO daily_rollups (office_id, day, metric, service_code, operator_id, detail, bucket, count, total)
    VALUES ${valuesOf(officeId, sorted)}
    ON CONFLICT (office_id, day, metric, service_code, operator_id, detail, bucket)
    DO UPDATE SET count = daily_rollups.count + EXCLUDED.count, total = daily_rollups.total + EXCLUDED.total`);
};

/**
 * Moves up to `limit` deltas into daily_rollups in one statement (summed and sorted by key, so two folds
 * lock rows in the same order). Returns how many deltas were folded; run it until it returns less than limit.
 */
export const FOLD_BATCH = 10_000;
export const foldRollupDeltas = async (tx: Tx, limit = FOLD_BATCH): Promise<number> => {
  const [row] = await rows<{ n: number }>(
    tx,
    sql`WITH moved AS (
          DELETE FROM rollup_deltas WHERE id IN (
            SELECT id FROM rollup_deltas ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING office_id, day, metric, service_code, operator_id, detail, bucket, count, total),
        summed AS (
          SELECT office_id, day, metric, service_code, operator_id, detail, bucket,
                 sum(count)::bigint AS count, sum(total) AS total, count(*) AS n
            FROM moved GROUP BY office_id, day, metric, service_code, operator_id, detail, bucket),
        summarised AS (${upsertSummariesFrom(sql`summed`)} RETURNING 1),
        written AS (
          INSERT INTO daily_rollups (office_id, day, metric, service_code, operator_id, detail, bucket, count, total)
          SELECT office_id, day, metric, service_code, operator_id, detail, bucket, count, total FROM summed
           ORDER BY office_id, day, metric, service_code, operator_id, detail, bucket
          ON CONFLICT (office_id, day, metric, service_code, operator_id, detail, bucket)
          DO UPDATE SET count = daily_rollups.count + EXCLUDED.count, total = daily_rollups.total + EXCLUDED.total
          RETURNING 1)
        SELECT coalesce(sum(n), 0)::int AS n FROM summed`,
  );
  return Number(row?.n ?? 0);
};

/** Folded and not yet folded rows together: what every reader sums. */
const ALL_ROLLUPS = sql`(SELECT office_id, day, metric, service_code, operator_id, detail, bucket, count, total
                           FROM daily_rollups
                         UNION ALL
                         SELECT office_id, day, metric, service_code, operator_id, detail, bucket, count, total
                           FROM rollup_deltas) r`;

/** Every rollup row of an office with a non-zero count or total (the comparison a rebuild is checked by). */
export const allRollups = async (
  tx: Tx,
  officeId: string,
  metrics: readonly string[],
): Promise<RollupRow[]> => {
  const found = await rows<RollupRow & { day: string | Date }>(
    tx,
    sql`SELECT day::text AS day, metric, service_code AS "serviceCode", operator_id AS "operatorId", detail, bucket,
               sum(count)::float8 AS count, sum(total)::float8 AS total
          FROM ${ALL_ROLLUPS}
         WHERE office_id = ${officeId} AND metric IN ${list(metrics)}
         GROUP BY day, metric, service_code, operator_id, detail, bucket
        HAVING sum(count) <> 0 OR abs(sum(total)) > 1e-9`,
  );
  return found.map((r) => ({ ...r, day: String(r.day), count: Number(r.count), total: Number(r.total) }));
};
