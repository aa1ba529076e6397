/**
 * Complaint use cases on the SP4N-LAPOR! clocks (sla.ts): verification due 3 working days after receipt,
 * follow-up 5 after verification, auto-close 10 after the answer unless the reporter responds. Each writes a
 * complaint_events row and returns notification descriptors; sending is the caller's job.
 *
 * complaint_events.note is sealed at rest where a person wrote it (SEALED.complaintEventNote): the office's
 * answer, the reporter's replies (add_info, confirm, reopen) and a person's escalation reason. Codes stay in
 * clear: "fee_report", "verification_overdue", "follow_up_overdue" (system escalations), the operator id of
 * an assignment and the office named by a referral (also in complaints.referred_to and told to the reporter).
 */
import type { Tx } from "../../platform/db/client.ts";
import { type Actor, SYSTEM } from "../shared/actor.ts";
import { atomically } from "../shared/atomic.ts";
import { DomainError } from "../shared/domain-error.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { SEALED, sealText } from "../shared/sealed.ts";
import { allocateTrackingNumber } from "../shared/tracking-number.repo.ts";
import { parseTrackingNumber } from "../shared/tracking-number.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";
import { complaintAutoCloseAt, complaintFollowUpDue, complaintVerificationDue } from "../sla/sla.ts";
import {
  act,
  type ComplaintNotification,
  type ComplaintResult,
  notify,
  record,
  toSupervisor,
} from "./complaint-actions.ts";
import { type ComplaintAction, isComplaintCategory, isFeeReport } from "./complaint-lifecycle.ts";
import {
  type Complaint,
  findComplaintByTrackingNumber as findComplaintByNumber,
  insertComplaint,
} from "./complaints.repo.ts";

export type { ComplaintNotification, ComplaintResult } from "./complaint-actions.ts";
export type { Complaint } from "./complaints.repo.ts";
export { closeDueComplaints, escalateOverdueComplaints } from "./complaints.sweep.ts";

export type OpenComplaintOptions = {
  /** The description is sealed at rest (it names people, often with a NIK or an address). */
  keys: FieldKeys;
  officeId: string;
  contactId: string;
  conversationId?: string;
  applicationId?: string;
  category: string;
  description: string;
  confidential?: boolean;
  photoBlobIds?: string[];
  calendar: WorkingCalendar;
  now?: Date;
};

/** A new complaint with a P tracking number; a fee report is escalated to supervisors in the same step. */
export const openComplaint = (tx: Tx, o: OpenComplaintOptions): Promise<ComplaintResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    if (!isComplaintCategory(o.category)) throw new DomainError("unknown_category", o.category);
    const description = o.description.trim();
    if (!description) throw new DomainError("description_required");
    const fee = isFeeReport(o.category, description);
    const complaint = await insertComplaint(tx, {
      officeId: o.officeId,
      trackingNumber: await allocateTrackingNumber(tx, { officeId: o.officeId, kind: "P", at: now }),
      contactId: o.contactId,
      conversationId: o.conversationId ?? null,
      applicationId: o.applicationId ?? null,
      category: o.category,
      description: sealText(o.keys, description, SEALED.complaintDescription),
      confidential: o.confidential ?? false,
      photoBlobIds: o.photoBlobIds ?? [],
      receivedAt: now,
      verificationDueAt: complaintVerificationDue(o.calendar, now),
      ...(fee ? toSupervisor(now) : {}),
      createdAt: now,
      updatedAt: now,
    });
    const citizen = { kind: "citizen", contactId: o.contactId } as const;
    await record(tx, complaint, { action: "open", from: null, actor: citizen, now });
    if (fee)
      await record(tx, complaint, {
        action: "escalate",
        from: "received",
        actor: SYSTEM,
        now,
        note: "fee_report",
      });
    const notifications = [notify(complaint, "received", { dueAt: complaint.verificationDueAt })];
    if (fee) notifications.push(notify(complaint, "escalated", { reason: "fee_report" }));
    return { complaint, notifications };
  });

type StaffOptions = {
  officeId: string;
  complaintId: string;
  actor: Actor;
  calendar: WorkingCalendar;
  now?: Date;
};

/** Checked and accepted (optionally forwarded to LAPOR!): the follow-up clock starts. */
export const verifyComplaint = (
  tx: Tx,
  o: StaffOptions & { laporReference?: string },
): Promise<ComplaintResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const complaint = await act(tx, { ...o, now }, "verify", () => ({
      verifiedAt: now,
      followUpDueAt: complaintFollowUpDue(o.calendar, now),
      ...(o.actor.kind === "operator" ? { assignedTo: o.actor.operatorId } : {}),
      ...(o.laporReference ? { laporReference: o.laporReference } : {}),
    }));
    return { complaint, notifications: [notify(complaint, "verified", { dueAt: complaint.followUpDueAt! })] };
  });

/** The office's answer (sealed at rest); the reporter's reply window (auto-close) starts. */
export const answerComplaint = (
  tx: Tx,
  o: StaffOptions & { answer: string; keys: FieldKeys },
): Promise<ComplaintResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const answer = o.answer.trim();
    if (!answer) throw new DomainError("answer_required");
    const note = sealText(o.keys, answer, SEALED.complaintEventNote);
    const complaint = await act(tx, { ...o, now, note }, "answer", () => ({
      answer: sealText(o.keys, answer, SEALED.complaintAnswer),
      answeredAt: now,
      autoCloseAt: complaintAutoCloseAt(o.calendar, now),
    }));
    return {
      complaint,
      notifications: [notify(complaint, "answered", { answer, dueAt: complaint.autoCloseAt! })],
    };
  });

/**
 * The reporter wrote back. After an answer, `satisfied` closes (true) or reopens (false) the complaint; any
 * other reply is kept as more information. A reply that newly mentions money escalates it.
 */
export const citizenReplied = (
  tx: Tx,
  o: StaffOptions & { text: string; satisfied?: boolean; keys: FieldKeys },
): Promise<ComplaintResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const action: ComplaintAction =
      o.satisfied === true ? "confirm" : o.satisfied === false ? "reopen" : "add_info";
    let newlyFee = false;
    const note = sealText(o.keys, o.text, SEALED.complaintEventNote);
    const complaint = await act(tx, { ...o, now, note }, action, (c) => {
      newlyFee = !c.flaggedToSupervisor && isFeeReport(c.category, o.text);
      return {
        ...(newlyFee ? toSupervisor(now) : {}),
        ...(action === "confirm" ? { closedAt: now, closeReason: "confirmed" } : {}),
        ...(action === "reopen"
          ? { followUpDueAt: complaintFollowUpDue(o.calendar, now), autoCloseAt: null, answeredAt: null }
          : {}),
      };
    });
    const notifications: ComplaintNotification[] = [];
    if (action === "confirm") notifications.push(notify(complaint, "closed", { reason: "confirmed" }));
    if (action === "reopen")
      notifications.push(notify(complaint, "reopened", { dueAt: complaint.followUpDueAt! }));
    if (newlyFee) {
      await record(tx, complaint, {
        action: "escalate",
        from: complaint.status,
        actor: SYSTEM,
        now,
        note: "fee_report",
      });
      notifications.push(notify(complaint, "escalated", { reason: "fee_report" }));
    }
    return { complaint, notifications };
  });

/**
 * Raised to the supervisors by a person with a reason (sealed: it may name people). The system's own
 * escalations (a LAPOR! clock ran out, a fee report) are the sweep's and openComplaint's, with a code.
 */
export const escalate = (
  tx: Tx,
  o: { officeId: string; complaintId: string; actor: Actor; reason: string; keys: FieldKeys; now?: Date },
): Promise<ComplaintResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    if (!o.reason.trim()) throw new DomainError("reason_required");
    const note = sealText(o.keys, o.reason.trim(), SEALED.complaintEventNote);
    const complaint = await act(tx, { ...o, now, note }, "escalate", () => toSupervisor(now));
    return { complaint, notifications: [notify(complaint, "escalated", { reason: o.reason.trim() })] };
  });

/** A complaint by a tracking number typed anywhere in a message. */
export const findComplaintByTrackingNumber = async (
  tx: Tx,
  o: { officeId: string; text: string },
): Promise<Complaint | undefined> => {
  const parsed = parseTrackingNumber(o.text);
  return parsed?.kind === "P" ? findComplaintByNumber(tx, o.officeId, parsed.text) : undefined;
};
