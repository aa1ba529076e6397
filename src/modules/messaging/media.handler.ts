import { sql } from "drizzle-orm";
import type { Database, Tx } from "../../platform/db/client.ts";
import type { OutboxRow } from "../../platform/queue/outbox.ts";
import { backoffMs, type JobHandler, type JobResult } from "../../platform/queue/worker.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import { type CloudApi, GraphRequestError } from "../../platform/whatsapp/cloud-api.ts";
import {
  downloadLimit,
  inspectFile,
  META_MAX_DOCUMENT_BYTES,
  META_MAX_IMAGE_BYTES,
  type MediaLimits,
  type Refusal,
  type RefusalReason,
} from "../documents/policy.ts";
import { insertStoredFile } from "../documents/stored-file.repo.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openJson, SEALED } from "../shared/sealed.ts";
import { claimedFileName, findChannel, updateMessage } from "./messaging.repo.ts";

/** Meta's own limits per kind (media facts §4); the documents issue adds stricter, configurable ones. */
const MAX_BYTES: Record<string, number> = {
  image: 5 * 1024 * 1024,
  sticker: 500 * 1024,
  audio: 16 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  document: 100 * 1024 * 1024,
};

/** What an outbox "download_media" row carries (sealed like every outbox payload). */
export type DownloadPayload = { messageId: string; mediaId: string; kind: string };

const META_LIMITS: MediaLimits = {
  maxImageBytes: META_MAX_IMAGE_BYTES,
  maxDocumentBytes: META_MAX_DOCUMENT_BYTES,
};

/**
 * Fetches an inbound file at once: GET /{media-id} for a URL that lives 5 minutes, then GET the URL with the
 * bearer token. Every retry asks for a fresh URL. The bytes then pass the media policy (documents/policy.ts:
 * real type, size, polyglots, metadata stripped); a refused file is never stored, the message is marked
 * and onRefused tells the citizen. A kept file goes encrypted into the blob store.
 */
export const createMediaHandler =
  (deps: {
    database: Database;
    /** The sender's file name is read from the sealed message content. */
    keys: FieldKeys;
    api: CloudApi;
    blobs: BlobStore;
    retryBaseMs: number;
    /** The configured size limits (config.media); Meta's own when absent. */
    limits?: MediaLimits;
    /** Runs in the transaction that records the stored file (attaches it to a waiting application). */
    onStored?: (tx: Tx, messageId: string, blobId: string) => Promise<void>;
    /** Runs in the transaction that marks a file refused (takes it back, tells the citizen). */
    onRefused?: (tx: Tx, messageId: string, refusal: Refusal) => Promise<void>;
  }): JobHandler =>
  async (row: OutboxRow): Promise<JobResult> => {
    const payload = openJson(deps.keys, row.payload, SEALED.outboxPayload) as DownloadPayload;
    const channel = await findChannel(deps.database.db, row.channel_id);
    const limits = deps.limits ?? META_LIMITS;
    const limit = Math.min(
      MAX_BYTES[payload.kind] ?? MAX_BYTES.document!,
      downloadLimit(payload.kind, limits),
    );
    const refuse = (reason: RefusalReason): JobResult => ({
      type: "done",
      after: async (tx) => {
        await updateMessage(tx, payload.messageId, { mediaStatus: "refused", errorTitle: reason });
        await deps.onRefused?.(tx, payload.messageId, { reason, limits });
      },
    });
    try {
      const info = await deps.api.mediaInfo(payload.mediaId, channel?.phoneNumberId);
      if (info.fileSize !== undefined && info.fileSize > limit) return refuse("too_large");
      const bytes = await deps.api.download(info.url, limit);
      const claimedName = await claimedFileName(deps.database.db, deps.keys, payload.messageId);
      const file = inspectFile(bytes, { claimedName, limits });
      if (!file.ok) return refuse(file.reason);
      const stored = await deps.blobs.put(file.bytes);
      return {
        type: "done",
        after: async (tx) => {
          const blobId = await insertStoredFile(tx, {
            officeId: row.office_id,
            stored,
            mimeType: file.mimeType,
            kind: "chat_media",
            originalName: file.name,
          });
          await updateMessage(tx, payload.messageId, { blobId, mediaStatus: "stored" });
          await deps.onStored?.(tx, payload.messageId, blobId);
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
