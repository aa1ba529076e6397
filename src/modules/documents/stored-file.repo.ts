import type { Tx } from "../../platform/db/client.ts";
import { blobs } from "../../platform/db/schema/index.ts";
import { type StoredBlob, storedColumns } from "../../platform/storage/blob-store.ts";
import { recordStoredDocument } from "../reports/rollups.service.ts";

/**
 * The row of a file just written to the blob store, and its count in the quality report's "files stored"
 * (every file Lontar keeps goes through here, so the figure cannot miss one). Returns the file's id.
 */
export const insertStoredFile = async (
  tx: Tx,
  o: {
    officeId: string;
    stored: StoredBlob;
    mimeType: string;
    /** citizen_document | chat_media | result | receipt | complaint_photo | data_copy (schema/messaging.ts). */
    kind?: string;
    originalName?: string | null;
    /** When it was stored (tests on a fake clock); the database's now() otherwise. */
    at?: Date;
  },
): Promise<string> => {
  const [row] = await tx
    .insert(blobs)
    .values({
      officeId: o.officeId,
      ...storedColumns(o.stored),
      mimeType: o.mimeType,
      kind: o.kind,
      originalName: o.originalName ?? null,
      createdAt: o.at,
    })
    .returning({ id: blobs.id, createdAt: blobs.createdAt });
  await recordStoredDocument(tx, o.officeId, row!.createdAt);
  return row!.id;
};
