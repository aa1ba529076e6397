/**
 * The retention purge: deletes the files of ended applications once their service's retention has passed,
 * and files no application uses (chat files, complaint photos, data copies) once theirs has. Per file, in
 * one transaction: lock its row and check it is still due, delete the bytes, mark the row. A crash in between
 * rolls the mark back, and the next run deletes again (a no-op) and marks it. Small batches keep each step
 * short and let a run stop anywhere.
 */
import type { Database } from "../../platform/db/client.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { findDueBlobs, lockIfDue, markPurged, type RetentionPolicy } from "./retention.repo.ts";
import { UNLINKED_DEFAULTS, type UnlinkedRetention } from "./unlinked.repo.ts";

export const retentionPolicy = (
  catalogue: Pick<Catalogue, "services">,
  defaultDays: number,
  unlinked: UnlinkedRetention = UNLINKED_DEFAULTS,
): RetentionPolicy => ({
  defaultDays,
  days: Object.fromEntries(
    catalogue.services.flatMap((s) => (s.retention_days ? [[s.code, s.retention_days]] : [])),
  ),
  unlinked: {
    chatDays: unlinked.chatDays,
    complaintDays: unlinked.complaintDays,
    dataCopyDays: unlinked.dataCopyDays,
  },
});

export type PurgeResult = { files: number; bytes: number };

export const purgeDocuments = async (o: {
  database: Database;
  blobs: BlobStore;
  policy: RetentionPolicy;
  now: Date;
  dryRun?: boolean;
  batchSize?: number;
}): Promise<PurgeResult> => {
  const batchSize = o.batchSize ?? 50;
  const db = o.database.db;
  if (o.dryRun) {
    const due = await findDueBlobs(db, { policy: o.policy, now: o.now, limit: 1_000_000 });
    return { files: due.length, bytes: due.reduce((n, b) => n + b.size_bytes, 0) };
  }
  const done: PurgeResult = { files: 0, bytes: 0 };
  for (;;) {
    const batch = await findDueBlobs(db, { policy: o.policy, now: o.now, limit: batchSize });
    let purged = 0;
    for (const blob of batch) {
      const deleted = await db.transaction(async (tx) => {
        if (!(await lockIfDue(tx, { policy: o.policy, blobId: blob.id, now: o.now }))) return false;
        await o.blobs.delete(blob.storage_key);
        await markPurged(tx, blob.id, o.now);
        return true;
      });
      if (!deleted) continue;
      purged++;
      done.files++;
      done.bytes += blob.size_bytes;
    }
    // A batch that deleted nothing (all taken meanwhile, or purged by another instance) would come back the same.
    if (batch.length < batchSize || purged === 0) return done;
  }
};
