import { sql } from "drizzle-orm";
import type { Database, Tx } from "../../platform/db/client.ts";
import { blobs } from "../../platform/db/schema/index.ts";
import type { OutboxRow } from "../../platform/queue/outbox.ts";
import { backoffMs, type JobHandler, type JobResult } from "../../platform/queue/worker.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import { type CloudApi, GraphRequestError } from "../../platform/whatsapp/cloud-api.ts";
import { findChannel, updateMessage } from "./messaging.repo.ts";

/** Meta's own limits per kind (media facts §4); the documents issue adds stricter, configurable ones. */
const MAX_BYTES: Record<string, number> = {
  image: 5 * 1024 * 1024,
  sticker: 500 * 1024,
  audio: 16 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  document: 100 * 1024 * 1024,
};

type DownloadPayload = { messageId: string; mediaId: string; kind: string };

/**
 * Fetches an inbound file at once: GET /{media-id} for a URL that lives 5 minutes, then GET the URL with the
 * bearer token. Every retry asks for a fresh URL. The file goes encrypted into the blob store.
 */
export const createMediaHandler =
  (deps: {
    database: Database;
    api: CloudApi;
    blobs: BlobStore;
    retryBaseMs: number;
    /** Runs in the transaction that records the stored file (attaches it to a waiting application). */
    onStored?: (tx: Tx, messageId: string, blobId: string) => Promise<void>;
  }): JobHandler =>
  async (row: OutboxRow): Promise<JobResult> => {
    const payload = row.payload as DownloadPayload;
    const channel = await findChannel(deps.database.db, row.channel_id);
    const limit = MAX_BYTES[payload.kind] ?? MAX_BYTES.document!;
    try {
      const info = await deps.api.mediaInfo(payload.mediaId, channel?.phoneNumberId);
      const bytes = await deps.api.download(info.url, limit);
      const stored = await deps.blobs.put(bytes);
      return {
        type: "done",
        after: async (tx) => {
          const [blob] = await tx
            .insert(blobs)
            .values({
              officeId: row.office_id,
              storageKey: stored.key,
              sizeBytes: stored.size,
              sha256: stored.sha256,
              mimeType: info.mimeType ?? "application/octet-stream",
            })
            .returning({ id: blobs.id });
          await updateMessage(tx, payload.messageId, { blobId: blob!.id, mediaStatus: "stored" });
          await deps.onStored?.(tx, payload.messageId, blob!.id);
        },
      };
    } catch (error) {
      if (!(error instanceof GraphRequestError)) throw error;
      if (error.outcome.kind !== "retry") {
        return {
          type: "fail",
          status: "failed",
          errorCode: error.outcome.code,
          error: error.outcome.reason,
          after: (tx) => markMediaFailed(tx, payload.messageId),
        };
      }
      return {
        type: "retry",
        delayMs: backoffMs(row.attempts, 0, deps.retryBaseMs),
        countAttempt: true,
        error: error.outcome.reason,
      };
    }
  };

const markMediaFailed = async (
  tx: Parameters<NonNullable<Extract<JobResult, { type: "fail" }>["after"]>>[0],
  messageId: string,
) => {
  await tx.execute(sql`UPDATE messages SET media_status = 'failed' WHERE id = ${messageId}`);
};
