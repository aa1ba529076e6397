/** Queries for data-subject requests (UU 27/2022: copy of one's data, deletion of optional data). */

import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { contacts, conversations, dataSubjectRequests } from "../../platform/db/schema/index.ts";
import type { StoredBlob } from "../../platform/storage/blob-store.ts";
import { insertStoredFile } from "../documents/stored-file.repo.ts";

export type DataRequest = typeof dataSubjectRequests.$inferSelect;
export type DataRequestKind = "copy" | "delete_optional";

export const findOpenRequest = async (tx: Tx, contactId: string, kind: DataRequestKind) =>
  (
    await tx
      .select()
      .from(dataSubjectRequests)
      .where(
        and(
          eq(dataSubjectRequests.contactId, contactId),
          eq(dataSubjectRequests.kind, kind),
          inArray(dataSubjectRequests.status, ["awaiting_confirmation", "open"]),
        ),
      )
      .limit(1)
  )[0];

export const insertRequest = async (
  tx: Tx,
  row: Pick<
    DataRequest,
    "officeId" | "contactId" | "kind" | "status" | "requestedAt" | "confirmedAt" | "dueAt"
  >,
): Promise<DataRequest> => (await tx.insert(dataSubjectRequests).values(row).returning())[0]!;

export const lockRequest = async (tx: Tx, officeId: string, id: string) =>
  (
    await tx
      .select()
      .from(dataSubjectRequests)
      .where(and(eq(dataSubjectRequests.officeId, officeId), eq(dataSubjectRequests.id, id)))
      .for("update")
  )[0];

export const closeRequest = async (
  tx: Tx,
  id: string,
  o: { status: "done" | "refused"; handledBy: string; note?: string; at: Date },
) => {
  await tx
    .update(dataSubjectRequests)
    .set({ status: o.status, handledBy: o.handledBy, note: o.note ?? null, completedAt: o.at })
    .where(eq(dataSubjectRequests.id, id));
};

export type QueueRow = {
  id: string;
  kind: DataRequestKind;
  status: string;
  requested_at: Date;
  confirmed_at: Date | null;
  due_at: Date | null;
  completed_at: Date | null;
  note: string | null;
  wa_id: string | null;
  profile_name: string | null;
  handled_by_name: string | null;
};

/** Open requests first, the most urgent on top; then the most recently closed ones. */
export const listRequests = (tx: Tx, officeId: string, limit = 200) =>
  rows<QueueRow>(
    tx,
    sql`SELECT r.id, r.kind, r.status, r.requested_at, r.confirmed_at, r.due_at, r.completed_at, r.note,
               c.wa_id, c.profile_name, o.display_name AS handled_by_name
        FROM data_subject_requests r
        JOIN contacts c ON c.id = r.contact_id
        LEFT JOIN operators o ON o.id = r.handled_by
        WHERE r.office_id = ${officeId} AND r.status <> 'awaiting_confirmation'
        ORDER BY (r.status = 'open') DESC, CASE WHEN r.status = 'open' THEN r.due_at END ASC,
                 r.completed_at DESC NULLS LAST
        LIMIT ${limit}`,
  );

export const findContact = async (tx: Tx, contactId: string) =>
  (await tx.select().from(contacts).where(eq(contacts.id, contactId)))[0];

/** The conversation to answer in: the contact's most recent one. */
export const latestConversation = async (tx: Tx, contactId: string) =>
  (
    await tx
      .select()
      .from(conversations)
      .where(eq(conversations.contactId, contactId))
      .orderBy(desc(conversations.updatedAt))
      .limit(1)
  )[0];

/** The copy's PDF as a stored file (kind "data_copy"), named as the citizen receives it. */
export const recordCopyBlob = (
  tx: Tx,
  o: { officeId: string; stored: StoredBlob; filename: string },
): Promise<string> =>
  insertStoredFile(tx, {
    officeId: o.officeId,
    stored: o.stored,
    mimeType: "application/pdf",
    kind: "data_copy",
    originalName: o.filename,
  });
