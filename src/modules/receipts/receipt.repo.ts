import { and, eq, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { applications } from "../../platform/db/schema/index.ts";
import type { StoredBlob } from "../../platform/storage/blob-store.ts";
import { insertStoredFile } from "../documents/stored-file.repo.ts";

export const findApplicationForReceipt = async (tx: Tx, officeId: string, id: string) =>
  (
    await tx
      .select({
        id: applications.id,
        trackingNumber: applications.trackingNumber,
        receiptCode: applications.receiptCode,
        receiptBlobId: applications.receiptBlobId,
        submittedAt: applications.submittedAt,
        dueAt: applications.dueAt,
      })
      .from(applications)
      .where(and(eq(applications.officeId, officeId), eq(applications.id, id)))
  )[0];

/** Pages received per requirement, in the catalogue's order of ids (the items table keeps no order). */
export const pagesPerRequirement = (tx: Tx, applicationId: string) =>
  rows<{ requirement_id: string; pages: number }>(
    tx,
    sql`SELECT requirement_id, cardinality(blob_ids)::int AS pages FROM application_items
        WHERE application_id = ${applicationId} AND cardinality(blob_ids) > 0 ORDER BY created_at, requirement_id`,
  );

/** Locks the application and tells whether a receipt is already recorded (a second run of the job). */
export const lockReceiptBlobId = async (tx: Tx, applicationId: string): Promise<string | null | undefined> =>
  (
    await tx
      .select({ receiptBlobId: applications.receiptBlobId })
      .from(applications)
      .where(eq(applications.id, applicationId))
      .for("update")
  )[0]?.receiptBlobId;

export const recordReceiptBlob = async (
  tx: Tx,
  o: { officeId: string; applicationId: string; stored: StoredBlob; filename: string },
): Promise<string> => {
  const blobId = await insertStoredFile(tx, {
    officeId: o.officeId,
    stored: o.stored,
    mimeType: "application/pdf",
    kind: "receipt",
    originalName: o.filename,
  });
  await tx.update(applications).set({ receiptBlobId: blobId }).where(eq(applications.id, o.applicationId));
  return blobId;
};
