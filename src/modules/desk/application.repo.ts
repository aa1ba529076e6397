/** Queries behind the application view: page files, staff names, internal notes, who can be assigned. */

import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { applicationNotes, blobs, operatorServices, operators } from "../../platform/db/schema/index.ts";

export type BlobInfo = { id: string; mimeType: string; sizeBytes: number };
export type StoredBlob = typeof blobs.$inferSelect;
export type NoteRow = { id: string; body: string; createdAt: Date; authorName: string };
export type StaffOption = { id: string; displayName: string };

export const blobInfos = async (tx: Tx, officeId: string, ids: string[]): Promise<Map<string, BlobInfo>> => {
  if (ids.length === 0) return new Map();
  const found = await tx
    .select({ id: blobs.id, mimeType: blobs.mimeType, sizeBytes: blobs.sizeBytes })
    .from(blobs)
    .where(and(eq(blobs.officeId, officeId), inArray(blobs.id, ids)));
  return new Map(found.map((b) => [b.id, b]));
};

export const findBlob = async (tx: Tx, officeId: string, id: string): Promise<StoredBlob | undefined> =>
  (
    await tx
      .select()
      .from(blobs)
      .where(and(eq(blobs.officeId, officeId), eq(blobs.id, id)))
  )[0];

/** Display names of the office's staff, for the history and the holder line. */
export const staffNames = async (tx: Tx, officeId: string, ids: string[]): Promise<Map<string, string>> => {
  if (ids.length === 0) return new Map();
  const found = await tx
    .select({ id: operators.id, displayName: operators.displayName })
    .from(operators)
    .where(and(eq(operators.officeId, officeId), inArray(operators.id, ids)));
  return new Map(found.map((o) => [o.id, o.displayName]));
};

/** Active operators and supervisors of the office who work on `serviceCode`: whom a supervisor may assign. */
export const assignableStaff = async (
  tx: Tx,
  officeId: string,
  serviceCode: string,
): Promise<StaffOption[]> =>
  tx
    .select({ id: operators.id, displayName: operators.displayName })
    .from(operators)
    .innerJoin(operatorServices, eq(operatorServices.operatorId, operators.id))
    .where(
      and(
        eq(operators.officeId, officeId),
        eq(operators.active, true),
        inArray(operators.role, ["operator", "supervisor"]),
        eq(operatorServices.serviceCode, serviceCode),
      ),
    )
    .orderBy(asc(operators.displayName));

export const listNotes = async (tx: Tx, applicationId: string): Promise<NoteRow[]> =>
  tx
    .select({
      id: applicationNotes.id,
      body: applicationNotes.body,
      createdAt: applicationNotes.createdAt,
      authorName: operators.displayName,
    })
    .from(applicationNotes)
    .innerJoin(operators, eq(operators.id, applicationNotes.authorId))
    .where(eq(applicationNotes.applicationId, applicationId))
    .orderBy(asc(applicationNotes.createdAt), asc(applicationNotes.id));

export const insertNote = async (tx: Tx, values: typeof applicationNotes.$inferInsert) => {
  await tx.insert(applicationNotes).values(values);
};
