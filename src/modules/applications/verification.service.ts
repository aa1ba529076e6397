/**
 * The operator's verdict on one requirement while reviewing: accepted, or rejected with the reason the
 * citizen will read when the application is sent back (requestRevision collects the rejected ones). The
 * status does not change; the verdict is still an event, so the history shows who checked what.
 */
import type { Tx } from "../../platform/db/client.ts";
import { actorIdOf } from "../shared/actor.ts";
import { atomically } from "../shared/atomic.ts";
import { DomainError } from "../shared/domain-error.ts";
import {
  type Application,
  type ApplicationItem,
  insertApplicationEvent,
  insertItem,
  lockItem,
  updateItem,
} from "./applications.repo.ts";
import type { StaffActionOptions } from "./review.service.ts";
import { loadForUpdate, statusOf } from "./transition.ts";

export type ItemVerdict = "accepted" | "rejected";
export const ITEM_VERDICTS: readonly ItemVerdict[] = ["accepted", "rejected"];

export type VerifyItemOptions = StaffActionOptions & {
  requirementId: string;
  verdict: ItemVerdict;
  /** Required for a rejection: the citizen reads it. */
  reason?: string;
};

export type VerifyItemResult = { application: Application; item: ApplicationItem };

/**
 * Only staff verify, only while the application is in review, and (like the other review steps) only the
 * operator who holds it; a supervisor may step in.
 */
const checkVerifier = (app: Application, o: VerifyItemOptions) => {
  if (o.actor.kind !== "operator") throw new DomainError("action_not_allowed", "only staff verify items");
  if (statusOf(app) !== "in_review") {
    throw new DomainError(
      "action_not_allowed",
      `cannot verify items of an application that is ${app.status}`,
    );
  }
  if (o.actor.role === "supervisor" || app.assignedTo === o.actor.operatorId) return;
  throw new DomainError(app.assignedTo ? "held_by_another" : "not_claimed");
};

export const verifyItem = (tx: Tx, o: VerifyItemOptions): Promise<VerifyItemResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const app = await loadForUpdate(tx, o.officeId, o.applicationId);
    checkVerifier(app, o);
    if (!o.requirementId.trim()) throw new DomainError("item_not_found");
    const reason = o.verdict === "rejected" ? (o.reason ?? "").trim() : "";
    if (o.verdict === "rejected" && !reason) throw new DomainError("reason_required");
    const existing = await lockItem(tx, app.id, o.requirementId);
    // Accepting needs pages to accept; a missing document can only be rejected ("belum dilampirkan").
    if (o.verdict === "accepted" && !existing?.blobIds.length) throw new DomainError("item_not_found");
    const verdict = { verification: o.verdict, rejectionReason: reason || null, updatedAt: now };
    const item = existing
      ? await updateItem(tx, existing.id, verdict)
      : await insertItem(tx, {
          officeId: app.officeId,
          applicationId: app.id,
          requirementId: o.requirementId,
          ...verdict,
          createdAt: now,
        });
    await insertApplicationEvent(tx, {
      officeId: app.officeId,
      applicationId: app.id,
      action: "verify_item",
      fromStatus: app.status,
      toStatus: app.status,
      actorKind: "operator",
      actorId: actorIdOf(o.actor),
      reason: reason || null,
      details: { requirementId: o.requirementId, verdict: o.verdict },
      at: now,
    });
    return { application: app, item };
  });
