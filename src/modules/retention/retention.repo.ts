/**
 * Which stored files fall due for deletion, and when: an application's pages, results and receipt, N days
 * after it ended (closed_at), N from its service's `retention_days` or the default. A file that an open
 * application still uses is never due; one shared by closed applications is due after the last of them.
 * A day here is 24 hours, so a due time never depends on the session's TimeZone (WITA has no summer time).
 *
 * Which applications use a file, and their office, service and closed_at, come from blob_references: database
 * triggers (migration 0012) keep it equal to the applications' rows for every file not purged, whoever writes.
 * Its partial index holds the references of closed applications, so finding due files reads those — about one
 * retention period's worth — never the years of purged history; the blobs rows have the last word.
 *
 * Files no application uses (chat files, complaint photos, data copies) have rules of their own
 * (unlinked.repo.ts); the count, the purge's list and the schedule below include them.
 */
import { type SQL, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { type FileGroup, type UnlinkedRetention, unlinkedDueBlobs, unlinkedDueOf } from "./unlinked.repo.ts";

export type RetentionPolicy = {
  defaultDays: number;
  days: Record<string, number>;
  /** Files no application uses; without it only applications' files are ever due (retentionPolicy sets it). */
  unlinked?: UnlinkedRetention;
};

const DAY_MS = 86_400_000;

const keptDays = (p: RetentionPolicy, service: string) =>
  Object.hasOwn(p.days, service) ? p.days[service]! : p.defaultDays;

/** The same in SQL, in hours, for `service` (a column). */
const keptHours = (p: RetentionPolicy, service: SQL) =>
  sql`24 * COALESCE((${JSON.stringify(p.days)}::jsonb ->> ${service})::int, ${p.defaultDays})`;

type Kind = { office_id: string; service_code: string };

/** What blob_references_closed_idx holds: references of closed applications (to files not purged). */
const CLOSED = sql`r.closed_at IS NOT NULL`;

/** The (office, service) pairs among those: a skip scan of the partial index, one probe per pair. */
const closedKinds = (tx: Tx, officeId: string | undefined): Promise<Kind[]> => {
  const where = officeId ? sql`${CLOSED} AND r.office_id = ${officeId}` : CLOSED;
  const next = officeId
    ? sql`r.service_code > k.service_code`
    : sql`(r.office_id, r.service_code) > (k.office_id, k.service_code)`;
  return rows<Kind>(
    tx,
    sql`WITH RECURSIVE kind AS (
          (SELECT r.office_id, r.service_code FROM blob_references r WHERE ${where}
            ORDER BY r.office_id, r.service_code LIMIT 1)
          UNION ALL
          SELECT n.office_id, n.service_code FROM kind k CROSS JOIN LATERAL (
            SELECT r.office_id, r.service_code FROM blob_references r WHERE ${where} AND ${next}
            ORDER BY r.office_id, r.service_code LIMIT 1) n)
        SELECT office_id, service_code FROM kind`,
  );
};

/**
 * Stored files due before `cutoff` (or at it, when `inclusive`) with their due time, or undefined when there
 * is nothing to look at. Candidates are, per (office, service), the references whose application closed at
 * least that service's retention before the cutoff — one index range each, with the bound as a value so the
 * planner estimates it from statistics. A candidate is due only if every application using it is closed and
 * the latest of their due times has passed. Callers read it AS MATERIALIZED, so the blobs rows (which have
 * the last word on office and purge) are read for due files only, not for every candidate.
 */
const dueBlobs = async (
  tx: Tx,
  p: RetentionPolicy,
  o: { officeId?: string; cutoff: Date; inclusive: boolean },
): Promise<SQL | undefined> => {
  const kinds = await closedKinds(tx, o.officeId);
  if (kinds.length === 0) return undefined;
  const before = o.inclusive ? sql`<=` : sql`<`;
  const ranges = kinds.map((k) => {
    const closedBy = new Date(o.cutoff.getTime() - keptDays(p, k.service_code) * DAY_MS);
    return sql`SELECT r.blob_id FROM blob_references r
      WHERE ${CLOSED} AND r.office_id = ${k.office_id} AND r.service_code = ${k.service_code}
        AND r.closed_at ${before} ${closedBy}`;
  });
  return sql`
    SELECT c.blob_id, d.due_at FROM (SELECT DISTINCT blob_id FROM (${sql.join(ranges, sql` UNION ALL `)}) u) c
    CROSS JOIN LATERAL (
      SELECT max(r.closed_at + make_interval(hours => ${keptHours(p, sql`r.service_code`)})) AS due_at,
        bool_and(r.closed_at IS NOT NULL) AS closed
      FROM blob_references r WHERE r.blob_id = c.blob_id
    ) d
    WHERE d.closed AND d.due_at ${before} ${o.cutoff}::timestamptz`;
};

/** Every file due before `cutoff` (at it, when `inclusive`), by either rule: blob_id, due_at and its group. */
const allDueBlobs = async (
  tx: Tx,
  p: RetentionPolicy,
  o: { officeId?: string; cutoff: Date; inclusive: boolean },
): Promise<SQL | undefined> => {
  const parts: SQL[] = [];
  const applications = await dueBlobs(tx, p, o);
  if (applications)
    parts.push(sql`SELECT a.blob_id, a.due_at, 'application' AS grp FROM (${applications}) a`);
  const unlinked = p.unlinked && (await unlinkedDueBlobs(tx, p.unlinked, o));
  if (unlinked) parts.push(unlinked);
  return parts.length ? sql.join(parts, sql` UNION ALL `) : undefined;
};

const officeFilter = (officeId: string | undefined): SQL =>
  officeId ? sql`AND b.office_id = ${officeId}` : sql``;

/** Files due by `now` and not yet purged, oldest due first. */
export const findDueBlobs = async (
  tx: Tx,
  o: { policy: RetentionPolicy; now: Date; limit: number; officeId?: string },
) => {
  const due = await allDueBlobs(tx, o.policy, { officeId: o.officeId, cutoff: o.now, inclusive: true });
  if (!due) return [];
  return rows<{ id: string; storage_key: string; size_bytes: number }>(
    tx,
    sql`WITH d AS MATERIALIZED (${due})
        SELECT b.id, b.storage_key, b.size_bytes::float8 AS size_bytes
        FROM d JOIN blobs b ON b.id = d.blob_id
        WHERE b.purged_at IS NULL ${officeFilter(o.officeId)}
        ORDER BY d.due_at, b.id LIMIT ${o.limit}`,
  );
};

/** How many files are past their retention and still stored (the privacy report wants 0). */
export const countOverdueBlobs = async (
  tx: Tx,
  o: { policy: RetentionPolicy; now: Date; officeId: string },
) => {
  const due = await allDueBlobs(tx, o.policy, { officeId: o.officeId, cutoff: o.now, inclusive: true });
  if (!due) return 0;
  const [found] = await rows<{ n: number }>(
    tx,
    sql`WITH d AS MATERIALIZED (${due})
        SELECT count(*)::int AS n FROM d JOIN blobs b ON b.id = d.blob_id
        WHERE b.purged_at IS NULL AND b.office_id = ${o.officeId}`,
  );
  return Number(found?.n ?? 0);
};

/** After the bytes are gone: the row stays as metadata (size, hash, type) with the time of deletion. */
export const markPurged = async (tx: Tx, blobId: string, at: Date) => {
  await tx.execute(sql`UPDATE blobs SET purged_at = ${at} WHERE id = ${blobId} AND purged_at IS NULL`);
};

/**
 * Locks a stored file's row, then tells whether it is due at `now` by either rule, read after the lock: an
 * application that took the file meanwhile (the reference triggers lock the same row) keeps it.
 */
export const lockIfDue = async (tx: Tx, o: { policy: RetentionPolicy; blobId: string; now: Date }) => {
  const locked = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM blobs WHERE id = ${o.blobId} AND purged_at IS NULL FOR NO KEY UPDATE`,
  );
  if (locked.length === 0) return false;
  const unlinked = o.policy.unlinked;
  const [found] = await rows<{ due: boolean }>(
    tx,
    sql`SELECT COALESCE(CASE WHEN a.n > 0 THEN CASE WHEN a.open = 0 THEN a.due_at END
                          ELSE ${unlinked ? sql`d.due_at` : sql`NULL::timestamptz`} END <= ${o.now}, false) AS due
        FROM blobs c
        CROSS JOIN LATERAL (
          SELECT count(*) AS n, count(*) FILTER (WHERE r.closed_at IS NULL) AS open,
            max(r.closed_at + make_interval(hours => ${keptHours(o.policy, sql`r.service_code`)})) AS due_at
          FROM blob_references r WHERE r.blob_id = c.id) a
        ${unlinked ? unlinkedDueOf(unlinked) : sql``}
        WHERE c.id = ${o.blobId}`,
  );
  return found?.due === true;
};

/**
 * Bytes still stored, per service and for files no application uses per group (service_code "": chat
 * files, complaint photos, data copies, other). A file several services use counts under the first.
 */
export const storedBytesByService = (tx: Tx, o: { policy: RetentionPolicy; officeId: string }) =>
  rows<{ service_code: string; grp: FileGroup; files: number; bytes: number }>(
    tx,
    sql`WITH owner AS (
          SELECT DISTINCT ON (blob_id) blob_id, service_code FROM blob_references
          WHERE office_id = ${o.officeId} ORDER BY blob_id, service_code),
        stored AS (
          SELECT owner.service_code, 'application' AS grp, b.size_bytes
          FROM blobs b JOIN owner ON owner.blob_id = b.id
          WHERE b.office_id = ${o.officeId} AND b.purged_at IS NULL
          UNION ALL
          SELECT '', ${o.policy.unlinked ? sql`d.grp` : sql`'other'`}, c.size_bytes
          FROM (SELECT b.id, b.kind, b.created_at, b.size_bytes FROM blobs b
                WHERE b.office_id = ${o.officeId} AND b.purged_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM blob_references r
                                  WHERE r.blob_id = b.id AND r.office_id = ${o.officeId})) c
          ${o.policy.unlinked ? unlinkedDueOf(o.policy.unlinked) : sql``})
        SELECT service_code, grp, count(*)::int AS files, COALESCE(sum(size_bytes), 0)::float8 AS bytes
        FROM stored GROUP BY 1, 2 ORDER BY 4 DESC, 1, 2`,
  );

/**
 * What the purge will delete, per office day (WITA) and group, up to `until`; overdue files count under
 * `now`'s day.
 */
export const purgeSchedule = async (
  tx: Tx,
  o: { policy: RetentionPolicy; officeId: string; now: Date; until: Date },
) => {
  const due = await allDueBlobs(tx, o.policy, { officeId: o.officeId, cutoff: o.until, inclusive: false });
  if (!due) return [];
  return rows<{ day: string; grp: FileGroup; files: number; bytes: number }>(
    tx,
    sql`WITH d AS MATERIALIZED (${due})
        SELECT to_char(GREATEST(d.due_at, ${o.now}::timestamptz) AT TIME ZONE 'Asia/Makassar', 'YYYY-MM-DD') AS day,
          d.grp, count(*)::int AS files, COALESCE(sum(b.size_bytes), 0)::float8 AS bytes
        FROM d JOIN blobs b ON b.id = d.blob_id
        WHERE b.purged_at IS NULL AND b.office_id = ${o.officeId}
        GROUP BY 1, 2 ORDER BY 1, 2`,
  );
};

/**
 * Refills blob_references from the applications' id arrays, for after a bulk load that ran with triggers off
 * (session_replication_role = replica): the triggers that keep it did not fire then.
 */
export const rebuildBlobReferences = async (tx: Tx) => {
  await tx.execute(sql`SELECT blob_references_rebuild()`);
};
