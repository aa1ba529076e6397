/**
 * Which stored files fall due for deletion, and when: an application's pages, results and receipt, N days
 * after it ended (closed_at), N from its service's `retention_days` or the default. A file that an open
 * application still uses is never due; one shared by closed applications is due after the last of them.
 */
import { type SQL, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";

export type RetentionPolicy = { defaultDays: number; days: Record<string, number> };

/** Every application's files with the instant each falls due (NULL while the application is open). */
const references = (p: RetentionPolicy) => sql`
  SELECT a.office_id, a.service_code, x.blob_id,
    a.closed_at + make_interval(days => COALESCE((${JSON.stringify(p.days)}::jsonb ->> a.service_code)::int,
      ${p.defaultDays})) AS due_at
  FROM applications a
  CROSS JOIN LATERAL (
    SELECT unnest(i.blob_ids) FROM application_items i WHERE i.application_id = a.id
    UNION ALL SELECT unnest(a.result_blob_ids)
    UNION ALL SELECT a.receipt_blob_id WHERE a.receipt_blob_id IS NOT NULL
  ) AS x(blob_id)`;

const dueBlobs = (p: RetentionPolicy) => sql`
  SELECT blob_id, max(due_at) AS due_at FROM (${references(p)}) r
  GROUP BY blob_id HAVING bool_and(due_at IS NOT NULL)`;

const officeFilter = (officeId: string | undefined): SQL =>
  officeId ? sql`AND b.office_id = ${officeId}` : sql``;

/** Files due by `now` and not yet purged, oldest due first. */
export const findDueBlobs = (
  tx: Tx,
  o: { policy: RetentionPolicy; now: Date; limit: number; officeId?: string },
) =>
  rows<{ id: string; storage_key: string; size_bytes: number }>(
    tx,
    sql`SELECT b.id, b.storage_key, b.size_bytes::float8 AS size_bytes
        FROM (${dueBlobs(o.policy)}) d JOIN blobs b ON b.id = d.blob_id
        WHERE b.purged_at IS NULL AND d.due_at <= ${o.now} ${officeFilter(o.officeId)}
        ORDER BY d.due_at, b.id LIMIT ${o.limit}`,
  );

/** How many files are past their retention and still stored (the privacy report wants 0). */
export const countOverdueBlobs = async (
  tx: Tx,
  o: { policy: RetentionPolicy; now: Date; officeId: string },
) =>
  Number(
    (
      await rows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n
            FROM (${dueBlobs(o.policy)}) d JOIN blobs b ON b.id = d.blob_id
            WHERE b.purged_at IS NULL AND d.due_at <= ${o.now} ${officeFilter(o.officeId)}`,
      )
    )[0]?.n ?? 0,
  );

/** After the bytes are gone: the row stays as metadata (size, hash, type) with the time of deletion. */
export const markPurged = async (tx: Tx, blobId: string, at: Date) => {
  await tx.execute(sql`UPDATE blobs SET purged_at = ${at} WHERE id = ${blobId} AND purged_at IS NULL`);
};

/** Bytes still stored, per service (files no application uses, such as chat media, under ""). */
export const storedBytesByService = (tx: Tx, o: { policy: RetentionPolicy; officeId: string }) =>
  rows<{ service_code: string; files: number; bytes: number }>(
    tx,
    sql`WITH owner AS (
          SELECT DISTINCT ON (blob_id) blob_id, service_code FROM (${references(o.policy)}) r
          WHERE r.office_id = ${o.officeId} ORDER BY blob_id, service_code)
        SELECT COALESCE(owner.service_code, '') AS service_code, count(*)::int AS files,
          COALESCE(sum(b.size_bytes), 0)::float8 AS bytes
        FROM blobs b LEFT JOIN owner ON owner.blob_id = b.id
        WHERE b.office_id = ${o.officeId} AND b.purged_at IS NULL
        GROUP BY 1 ORDER BY 3 DESC, 1`,
  );

/** What the purge will delete, per office day (WITA), up to `until`; overdue files count under `now`'s day. */
export const purgeSchedule = (
  tx: Tx,
  o: { policy: RetentionPolicy; officeId: string; now: Date; until: Date },
) =>
  rows<{ day: string; files: number; bytes: number }>(
    tx,
    sql`SELECT to_char(GREATEST(d.due_at, ${o.now}::timestamptz) AT TIME ZONE 'Asia/Makassar', 'YYYY-MM-DD') AS day,
          count(*)::int AS files, COALESCE(sum(b.size_bytes), 0)::float8 AS bytes
        FROM (${dueBlobs(o.policy)}) d JOIN blobs b ON b.id = d.blob_id
        WHERE b.purged_at IS NULL AND b.office_id = ${o.officeId} AND d.due_at < ${o.until}
        GROUP BY 1 ORDER BY 1`,
  );
