/**
 * Which stored files that no application uses fall due, and when: a file citizens sent in free chat, a photo
 * sent with a complaint, the PDF copy of a citizen's data, or a file an application let go of (a replaced
 * page). Each is deleted a number of days after it was stored (blobs.created_at), by kind; a photo that a
 * complaint holds (complaints.photo_blob_ids) is kept while that complaint is open and deleted its days after
 * the complaint closed. A file some application uses follows the application rule only (retention.repo.ts),
 * whatever its kind — a chat photo that became a page of an application is that application's.
 *
 * blobs.referenced is true while blob_references holds a row for the file (triggers, migration 0013), so
 * blobs_unlinked_idx holds only files that are stored and used by no application. Per (office, kind) the
 * candidates are one range of it: stored at least that kind's days ago. The complaints' GIN index answers
 * "which complaints hold this file" per candidate, and blob_references has the last word on "no application".
 */
import { type SQL, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";

/** Days a file no application uses is kept, by what it is. */
export type UnlinkedRetention = {
  /** Files sent in chat, and any other file no application or complaint uses: from when it was stored. */
  chatDays: number;
  /** Photos of a complaint: from when the last complaint holding them closed (never while one is open). */
  complaintDays: number;
  /** PDF copies of a citizen's data (data-subject requests): from when it was made. */
  dataCopyDays: number;
};

export const UNLINKED_DEFAULTS: UnlinkedRetention = { chatDays: 30, complaintDays: 30, dataCopyDays: 7 };

/** What the storage page groups files by: the rule that deletes them. */
export type FileGroup = "application" | "chat" | "complaint" | "data_copy" | "other";

const DAY_MS = 86_400_000;

/** Days from storing, for a file of `kind` ('' for none) that no complaint holds. */
const kindDays = (p: UnlinkedRetention, kind: string) =>
  kind === "data_copy" ? p.dataCopyDays : kind === "complaint_photo" ? p.complaintDays : p.chatDays;

const kindHours = (p: UnlinkedRetention, kind: SQL) =>
  sql`24 * CASE COALESCE(${kind}, '') WHEN 'data_copy' THEN ${p.dataCopyDays}::int
    WHEN 'complaint_photo' THEN ${p.complaintDays}::int ELSE ${p.chatDays}::int END`;

/** What blobs_unlinked_idx holds (the predicate must read the same for the planner to use it). */
const UNLINKED = sql`b.purged_at IS NULL AND NOT b.referenced`;
const KIND = sql`COALESCE(b.kind, '')`;

type Kind = { office_id: string; kind: string };

/** The (office, kind) pairs among stored files no application uses: a skip scan, one probe per pair. */
const unlinkedKinds = (tx: Tx, officeId: string | undefined): Promise<Kind[]> => {
  const where = officeId ? sql`${UNLINKED} AND b.office_id = ${officeId}` : UNLINKED;
  const next = officeId ? sql`${KIND} > k.kind` : sql`(b.office_id, ${KIND}) > (k.office_id, k.kind)`;
  return rows<Kind>(
    tx,
    sql`WITH RECURSIVE kind AS (
          (SELECT b.office_id, ${KIND} AS kind FROM blobs b WHERE ${where} ORDER BY b.office_id, ${KIND} LIMIT 1)
          UNION ALL
          SELECT n.office_id, n.kind FROM kind k CROSS JOIN LATERAL (
            SELECT b.office_id, ${KIND} AS kind FROM blobs b WHERE ${where} AND ${next}
            ORDER BY b.office_id, ${KIND} LIMIT 1) n)
        SELECT office_id, kind FROM kind`,
  );
};

/**
 * Due time and group (d.due_at, d.grp) of the file `c` (columns id, kind, created_at) when no application uses
 * it: NULL while a complaint holding it is open. A complaint photo's days run from the later of the last close
 * and storing.
 */
export const unlinkedDueOf = (p: UnlinkedRetention) => sql`
  CROSS JOIN LATERAL (
    SELECT count(*) AS holders, count(*) FILTER (WHERE k.closed_at IS NULL) AS open, max(k.closed_at) AS closed
    FROM complaints k WHERE k.photo_blob_ids @> ARRAY[c.id]
  ) h
  CROSS JOIN LATERAL (SELECT
    CASE WHEN h.holders = 0 THEN c.created_at + make_interval(hours => ${kindHours(p, sql`c.kind`)})
      WHEN h.open = 0 THEN GREATEST(h.closed, c.created_at) + make_interval(hours => 24 * ${p.complaintDays}::int)
    END AS due_at,
    CASE WHEN h.holders > 0 OR c.kind = 'complaint_photo' THEN 'complaint' WHEN c.kind = 'data_copy' THEN 'data_copy'
      WHEN c.kind = 'chat_media' THEN 'chat' ELSE 'other' END AS grp
  ) d`;

/**
 * Files no application uses due before `cutoff` (or at it, when `inclusive`), with due time and group, or
 * undefined when there are none to look at. A file is due no earlier than its kind's days (or the complaint
 * days, if sooner) after it was stored, so that bounds each (office, kind) range.
 */
export const unlinkedDueBlobs = async (
  tx: Tx,
  p: UnlinkedRetention,
  o: { officeId?: string; cutoff: Date; inclusive: boolean },
): Promise<SQL | undefined> => {
  const kinds = await unlinkedKinds(tx, o.officeId);
  if (kinds.length === 0) return undefined;
  const before = o.inclusive ? sql`<=` : sql`<`;
  const ranges = kinds.map((k) => {
    const storedBy = new Date(o.cutoff.getTime() - Math.min(kindDays(p, k.kind), p.complaintDays) * DAY_MS);
    return sql`SELECT b.id, b.kind, b.created_at FROM blobs b
      WHERE ${UNLINKED} AND b.office_id = ${k.office_id} AND ${KIND} = ${k.kind} AND b.created_at ${before} ${storedBy}`;
  });
  return sql`
    SELECT c.id AS blob_id, d.due_at, d.grp FROM (${sql.join(ranges, sql` UNION ALL `)}) c
    ${unlinkedDueOf(p)}
    WHERE d.due_at ${before} ${o.cutoff}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM blob_references r WHERE r.blob_id = c.id)`;
};
