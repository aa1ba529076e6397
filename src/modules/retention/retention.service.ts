/**
 * The retention purge: deletes the files of ended applications once their service's retention has passed.
 * Bytes first, then the row is marked: a crash in between leaves the row unmarked, and the next run deletes
 * again (a no-op) and marks it. Small batches keep each step short and let a run stop anywhere.
 */
import type { Database } from "../../platform/db/client.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { findDueBlobs, markPurged, type RetentionPolicy } from "./retention.repo.ts";

export const retentionPolicy = (
  catalogue: Pick<Catalogue, "services">,
  defaultDays: number,
): RetentionPolicy => ({
  defaultDays,
  days: Object.fromEntries(
    catalogue.services.flatMap((s) => (s.retention_days ? [[s.code, s.retention_days]] : [])),
  ),
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
    for (const blob of batch) {
      await o.blobs.delete(blob.storage_key);
      await markPurged(db, blob.id, o.now);
      done.files++;
      done.bytes += blob.size_bytes;
    }
    if (batch.length < batchSize) return done;
  }
};
