/**
 * The reporter's reply to their complaint, from the bot (bot/complaint-reply.ts) to the complaint use case:
 * closed (satisfied), reopened (not satisfied) or kept as more information, in the turn's transaction, and
 * the reporter told through the complaint's notifications. The bot decided on what it read before the turn;
 * the complaint is checked again here, so a reply that comes too late is answered, never an error.
 */
import type { Tx } from "../../platform/db/client.ts";
import { complaintNoLongerWaiting } from "../bot/complaint-reply.ts";
import type { Effect } from "../bot/types.ts";
import { citizenReplied, findComplaintByTrackingNumber } from "../complaints/complaints.service.ts";
import type { Turn, TurnDeps } from "./effects.ts";
import { notifyComplaint } from "./notify-complaint.ts";

export type ComplaintReplyEffect = Extract<Effect, { type: "complaint_reply" }>;

/** Returns the text to tell the citizen when the reply could not be recorded (the complaint moved on). */
export const applyComplaintReply = async (
  tx: Tx,
  deps: TurnDeps,
  turn: Turn,
  effect: ComplaintReplyEffect,
): Promise<string | undefined> => {
  const { conversation, contact } = turn;
  const complaint = await findComplaintByTrackingNumber(tx, {
    officeId: conversation.officeId,
    text: effect.trackingNumber,
  });
  const verdict = effect.satisfied !== undefined;
  if (
    !complaint ||
    complaint.contactId !== contact.id ||
    complaint.status === "closed" ||
    (verdict && complaint.status !== "answered")
  )
    return complaintNoLongerWaiting(turn.locale, effect.trackingNumber);
  const { notifications } = await citizenReplied(tx, {
    keys: deps.keys,
    officeId: conversation.officeId,
    complaintId: complaint.id,
    actor: { kind: "citizen", contactId: contact.id },
    calendar: deps.calendar,
    text: effect.text,
    satisfied: effect.satisfied,
    now: deps.now(),
  });
  for (const n of notifications) await notifyComplaint(tx, deps, n);
  return undefined;
};
