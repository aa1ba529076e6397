/** Shared steps of the complaint use cases: the one way a complaint changes, and its notification descriptors. */
import type { Tx } from "../../platform/db/client.ts";
import { type Actor, actorIdOf, roleOf } from "../shared/actor.ts";
import { DomainError } from "../shared/domain-error.ts";
import { type ComplaintAction, complaintTransition, isComplaintStatus } from "./complaint-lifecycle.ts";
import {
  type Complaint,
  insertComplaintEvent,
  lockComplaint,
  lockConversationOfComplaint,
  type NewComplaint,
  updateComplaint,
} from "./complaints.repo.ts";

export type ComplaintNotification = {
  kind: "received" | "verified" | "answered" | "closed" | "reopened" | "escalated" | "referred";
  /** Escalations go to the office's supervisors, everything else to the reporter. */
  audience: "citizen" | "supervisors";
  complaintId: string;
  trackingNumber: string;
  contactId: string;
  conversationId: string | null;
  category: string;
  answer?: string;
  reason?: string;
  /** "referred": the office the complaint belongs to. */
  office?: string;
  /** The next deadline the message may mention (verification, follow-up, reply window). */
  dueAt?: Date;
};

export type ComplaintResult = { complaint: Complaint; notifications: ComplaintNotification[] };

export const notify = (
  c: Complaint,
  kind: ComplaintNotification["kind"],
  extra: Partial<ComplaintNotification> = {},
): ComplaintNotification => ({
  kind,
  audience: kind === "escalated" ? "supervisors" : "citizen",
  complaintId: c.id,
  trackingNumber: c.trackingNumber,
  contactId: c.contactId,
  conversationId: c.conversationId,
  category: c.category,
  ...extra,
});

export const record = (
  tx: Tx,
  c: Complaint,
  e: { action: string; from: string | null; actor: Actor; now: Date; note?: string },
) =>
  insertComplaintEvent(tx, {
    officeId: c.officeId,
    complaintId: c.id,
    action: e.action,
    fromStatus: e.from,
    toStatus: c.status,
    actorKind: e.actor.kind,
    actorId: actorIdOf(e.actor),
    note: e.note ?? null,
    at: e.now,
  });

/** Locks (the conversation, then the complaint), checks the table and who may act, updates, records the event. */
export const act = async (
  tx: Tx,
  o: { officeId: string; complaintId: string; actor: Actor; now: Date; note?: string },
  action: ComplaintAction,
  patch: (c: Complaint) => Partial<NewComplaint> = () => ({}),
): Promise<Complaint> => {
  await lockConversationOfComplaint(tx, o.officeId, o.complaintId);
  const current = await lockComplaint(tx, o.officeId, o.complaintId);
  if (!current) throw new DomainError("complaint_not_found");
  return actLoaded(tx, current, { ...o, action, patch });
};

export const actLoaded = async (
  tx: Tx,
  current: Complaint,
  o: {
    actor: Actor;
    now: Date;
    note?: string;
    action: ComplaintAction;
    patch: (c: Complaint) => Partial<NewComplaint>;
  },
): Promise<Complaint> => {
  if (!isComplaintStatus(current.status))
    throw new Error(`complaint ${current.id} has status ${current.status}`);
  const status = complaintTransition(current.status, o.action, roleOf(o.actor));
  if (o.actor.kind === "citizen" && o.actor.contactId !== current.contactId) {
    throw new DomainError("not_your_complaint");
  }
  const complaint = await updateComplaint(tx, current.id, { status, updatedAt: o.now, ...o.patch(current) });
  await record(tx, complaint, {
    action: o.action,
    from: current.status,
    actor: o.actor,
    now: o.now,
    note: o.note,
  });
  return complaint;
};

/** Flagged for a supervisor to look at now. */
export const toSupervisor = (now: Date) => ({ flaggedToSupervisor: true, escalatedAt: now });
