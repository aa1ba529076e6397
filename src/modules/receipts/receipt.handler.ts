import type { Database } from "../../platform/db/client.ts";
import type { OutboxRow } from "../../platform/queue/outbox.ts";
import { backoffMs, type JobHandler, type JobResult } from "../../platform/queue/worker.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import { documentMessage } from "../../platform/whatsapp/builders.ts";
import { countPendingAttachments } from "../conversations/conversations.repo.ts";
import { formatWita } from "../conversations/status-text.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openJson, SEALED } from "../shared/sealed.ts";
import { renderReceiptPdf } from "./receipt.pdf.ts";
import {
  findApplicationForReceipt,
  lockReceiptBlobId,
  pagesPerRequirement,
  recordReceiptBlob,
} from "./receipt.repo.ts";
import type { ReceiptJob } from "./receipt.service.ts";
import { verificationUrl } from "./receipt-code.ts";

/** Files still downloading at submission belong on the receipt: wait for them a few tries, then go without. */
const WAIT_FOR_FILES_ATTEMPTS = 5;

const CAPTION = {
  id: (tracking: string) => `Tanda terima permohonan ${tracking}. Simpan file ini.`,
  en: (tracking: string) => `Receipt for application ${tracking}. Keep this file.`,
};

/**
 * Renders the receipt, stores it (blob kind "receipt") and queues it as a document. Runs twice harmlessly: a
 * receipt already recorded ends the job, and the recording re-checks under the application's row lock.
 */
export const createReceiptHandler =
  (deps: {
    database: Database;
    keys: FieldKeys;
    blobs: BlobStore;
    publicUrl: string;
    retryBaseMs: number;
  }): JobHandler =>
  async (row: OutboxRow): Promise<JobResult> => {
    const job = openJson(deps.keys, row.payload, SEALED.outboxPayload) as ReceiptJob;
    const db = deps.database.db;
    const app = await findApplicationForReceipt(db, row.office_id, job.applicationId);
    if (!app?.receiptCode || !app.trackingNumber || !app.submittedAt)
      return { type: "fail", status: "failed", error: "No submitted application with a receipt code." };
    if (app.receiptBlobId) return { type: "done" };
    if (row.attempts < WAIT_FOR_FILES_ATTEMPTS && (await countPendingAttachments(db, app.id)) > 0)
      return {
        type: "retry",
        delayMs: backoffMs(row.attempts, 0, deps.retryBaseMs),
        countAttempt: true,
        error: "waiting for files still downloading",
      };
    const l = job.locale;
    const pages = await pagesPerRequirement(db, app.id);
    const bytes = await renderReceiptPdf({
      locale: l,
      officeName: job.officeName,
      trackingNumber: app.trackingNumber,
      serviceName: job.serviceName,
      submittedAt: formatWita(app.submittedAt, l),
      dueAt: app.dueAt ? formatWita(app.dueAt, l) : undefined,
      documents: pages.map((p) => ({
        label: job.labels[p.requirement_id] ?? p.requirement_id,
        pages: p.pages,
      })),
      freeOfCharge: job.freeOfCharge,
      verifyUrl: verificationUrl(deps.publicUrl, app.receiptCode),
      createdAt: app.submittedAt,
    });
    const stored = await deps.blobs.put(bytes);
    const tracking = app.trackingNumber;
    const filename = `tanda-terima-${tracking}.pdf`;
    return {
      type: "done",
      after: async (tx) => {
        // Another run got there first (its lease ran out while it worked): keep its receipt, not two.
        if (await lockReceiptBlobId(tx, app.id)) return;
        await recordReceiptBlob(tx, { officeId: row.office_id, applicationId: app.id, filename, stored });
        await queueMessage(tx, deps.keys, {
          conversation: { id: job.conversationId, officeId: row.office_id, channelId: row.channel_id },
          recipient: job.recipient,
          body: documentMessage({
            to: job.recipient,
            mediaId: "pending-upload",
            filename,
            caption: CAPTION[l](tracking),
          }),
          upload: { storageKey: stored.key, mimeType: "application/pdf", filename },
        });
      },
    };
  };
