/** Staff use cases: taking an application from the queue, sending it back, processing, finishing. */
import type { Tx } from "../../platform/db/client.ts";
import type { Actor } from "../shared/actor.ts";
import { atomically } from "../shared/atomic.ts";
import { DomainError } from "../shared/domain-error.ts";
import { insertItem, lockItem, operatorInOffice, updateItem } from "./applications.repo.ts";
import type { RevisionItem } from "./notifications.ts";
import { applyTransition, type TransitionResult } from "./transition.ts";

export type StaffActionOptions = { officeId: string; applicationId: string; actor: Actor; now?: Date };

const staffAction = (
  tx: Tx,
  o: StaffActionOptions,
  action: "claim" | "release" | "start_processing",
  patch: Parameters<typeof applyTransition>[1]["patch"],
): Promise<TransitionResult> =>
  atomically(tx, (tx) => applyTransition(tx, { ...o, action, now: o.now ?? new Date(), patch }));

/**
 * The operator takes it: submitted → in_review. An application held by someone else is refused (a
 * supervisor may take it over); one nobody holds any more (released) can be claimed in its current status.
 */
export const claim = (tx: Tx, o: StaffActionOptions) =>
  staffAction(tx, o, "claim", () => ({
    assignedTo: o.actor.kind === "operator" ? o.actor.operatorId : null,
  }));

/** Gives up holding it; it stays in its status for someone else to claim. */
export const release = (tx: Tx, o: StaffActionOptions) =>
  staffAction(tx, o, "release", () => ({ assignedTo: null }));

/** Verified: in_review → processing (being entered in SIAK). */
export const startProcessing = (tx: Tx, o: StaffActionOptions) =>
  staffAction(tx, o, "start_processing", undefined);

/** A supervisor hands it to an operator of the same office, without changing its status. */
export const assign = (tx: Tx, o: StaffActionOptions & { operatorId: string }): Promise<TransitionResult> =>
  atomically(tx, async (tx) => {
    if (!(await operatorInOffice(tx, o.officeId, o.operatorId))) throw new DomainError("operator_not_found");
    return applyTransition(tx, {
      ...o,
      action: "assign",
      now: o.now ?? new Date(),
      details: { operatorId: o.operatorId },
      patch: () => ({ assignedTo: o.operatorId }),
    });
  });

/**
 * Sends it back to the citizen with one reason per requirement: those items become rejected (an item never
 * uploaded is recorded too), the status needs_revision, and the SLA clock pauses until the resubmission.
 */
export const requestRevision = (
  tx: Tx,
  o: StaffActionOptions & { items: RevisionItem[] },
): Promise<TransitionResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const items = o.items.map((i) => ({ requirementId: i.requirementId, reason: i.reason.trim() }));
    if (items.length === 0) throw new DomainError("items_required");
    if (items.some((i) => !i.reason || !i.requirementId)) throw new DomainError("reason_required");
    const result = await applyTransition(tx, {
      ...o,
      action: "request_revision",
      now,
      items,
      patch: () => ({ pausedAt: now }),
    });
    for (const i of items) {
      const rejected = { verification: "rejected", rejectionReason: i.reason, updatedAt: now };
      const existing = await lockItem(tx, o.applicationId, i.requirementId);
      if (existing) await updateItem(tx, existing.id, rejected);
      else
        await insertItem(tx, {
          officeId: o.officeId,
          applicationId: o.applicationId,
          requirementId: i.requirementId,
          ...rejected,
          createdAt: now,
        });
    }
    return result;
  });

/** Done: the result goes out as files, or waits at the counter (`pickup`). */
export const complete = (
  tx: Tx,
  o: StaffActionOptions & { resultBlobIds?: string[]; pickup?: boolean },
): Promise<TransitionResult> =>
  atomically(tx, (tx) => {
    const now = o.now ?? new Date();
    // Neither files nor pickup is fine: some services answer in the chat (NIK validation).
    const resultBlobIds = o.resultBlobIds ?? [];
    return applyTransition(tx, {
      ...o,
      action: "complete",
      now,
      details: { resultBlobIds, pickup: o.pickup ?? false },
      patch: () => ({ resultBlobIds, pickup: o.pickup ?? false, completedAt: now }),
    });
  });

/** Refused, with the reason the citizen will read. */
export const reject = (tx: Tx, o: StaffActionOptions & { reason: string }): Promise<TransitionResult> =>
  atomically(tx, (tx) => applyTransition(tx, { ...o, action: "reject", now: o.now ?? new Date() }));
