/**
 * The breach helper's question (UU 27/2022 Pasal 46: notice within 3×24 hours): which citizens' data is in
 * this set of stored files, these applications, or the files received in this time window.
 */
import { sql } from "drizzle-orm";
import { rows, type Tx, textArray } from "../../platform/db/client.ts";

export type BreachScope = {
  officeId: string;
  blobIds: string[];
  trackingNumbers: string[];
  window?: { from: Date; to: Date };
};

export type AffectedCitizen = {
  contact_id: string;
  wa_id: string | null;
  /** Sealed at rest (contacts.profile_name): the service opens it, and orders by it. */
  profile_name: string | null;
  tracking_numbers: string[] | null;
  documents: number;
};

/** Ids are checked as UUIDs by the caller; the array still goes in as one bound parameter. */
const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/** One row per contact, with the applications/complaints and the number of their files in scope. */
export const findAffected = (tx: Tx, s: BreachScope) => {
  const from = s.window?.from ?? null;
  const to = s.window?.to ?? null;
  return rows<AffectedCitizen>(
    tx,
    sql`WITH hit AS (
          SELECT id FROM blobs WHERE office_id = ${s.officeId} AND (
            id = ANY(${uuidArray(s.blobIds)})
            OR (${from}::timestamptz IS NOT NULL AND created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz))
        ), links AS (
          SELECT a.contact_id, a.tracking_number, b AS blob_id
            FROM applications a JOIN application_items i ON i.application_id = a.id, unnest(i.blob_ids) b
            WHERE b IN (SELECT id FROM hit)
          UNION ALL SELECT a.contact_id, a.tracking_number, b
            FROM applications a, unnest(a.result_blob_ids) b WHERE b IN (SELECT id FROM hit)
          UNION ALL SELECT a.contact_id, a.tracking_number, a.receipt_blob_id
            FROM applications a WHERE a.receipt_blob_id IN (SELECT id FROM hit)
          UNION ALL SELECT k.contact_id, k.tracking_number, b
            FROM complaints k, unnest(k.photo_blob_ids) b WHERE b IN (SELECT id FROM hit)
          UNION ALL SELECT c.contact_id, NULL, m.blob_id
            FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.blob_id IN (SELECT id FROM hit)
          UNION ALL SELECT a.contact_id, a.tracking_number, b
            FROM applications a LEFT JOIN application_items i ON i.application_id = a.id
            LEFT JOIN LATERAL unnest(i.blob_ids) b ON true
            WHERE a.office_id = ${s.officeId} AND a.tracking_number = ANY(${textArray(s.trackingNumbers)})
        )
        SELECT c.id AS contact_id, c.wa_id, c.profile_name,
               array_agg(DISTINCT l.tracking_number) FILTER (WHERE l.tracking_number IS NOT NULL) AS tracking_numbers,
               count(DISTINCT l.blob_id)::int AS documents
        FROM links l JOIN contacts c ON c.id = l.contact_id
        WHERE c.office_id = ${s.officeId}
        GROUP BY c.id, c.wa_id, c.profile_name
        ORDER BY c.wa_id`,
  );
};
