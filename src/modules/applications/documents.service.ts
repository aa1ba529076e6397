/** Uploads: pages of one requirement, to a draft or to the items an operator sent back. */
import type { Tx } from "../../platform/db/client.ts";
import type { Actor } from "../shared/actor.ts";
import { atomically } from "../shared/atomic.ts";
import {
  type Application,
  type ApplicationItem,
  insertItem,
  listItems,
  lockItem,
  updateItem,
} from "./applications.repo.ts";
import { applyTransition } from "./transition.ts";

export type AttachDocumentOptions = {
  officeId: string;
  applicationId: string;
  actor: Actor;
  requirementId: string;
  blobId: string;
  now?: Date;
};

export type AttachDocumentResult = {
  application: Application;
  item: ApplicationItem;
  /** In needs_revision: every rejected item has a new upload, so the bot can offer to resubmit. */
  readyToResubmit: boolean;
};

/**
 * Adds a page to a requirement. A new upload for a rejected item replaces its pages (they were the problem)
 * and any upload puts the item back to pending for the operator. The same blob twice (a redelivered webhook)
 * changes nothing.
 */
export const attachDocument = (tx: Tx, o: AttachDocumentOptions): Promise<AttachDocumentResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const { application } = await applyTransition(tx, {
      ...o,
      action: o.actor.kind === "system" ? "attach_downloaded" : "attach_document",
      now,
      details: { requirementId: o.requirementId, blobId: o.blobId },
    });
    const existing = await lockItem(tx, application.id, o.requirementId);
    const item = !existing
      ? await insertItem(tx, {
          officeId: application.officeId,
          applicationId: application.id,
          requirementId: o.requirementId,
          blobIds: [o.blobId],
          createdAt: now,
          updatedAt: now,
        })
      : existing.blobIds.includes(o.blobId)
        ? existing
        : await updateItem(tx, existing.id, {
            blobIds: existing.verification === "rejected" ? [o.blobId] : [...existing.blobIds, o.blobId],
            verification: "pending",
            rejectionReason: null,
            updatedAt: now,
          });
    const readyToResubmit =
      application.status === "needs_revision" &&
      (await listItems(tx, application.id)).every((i) => i.verification !== "rejected");
    return { application, item, readyToResubmit };
  });
