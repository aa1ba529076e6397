/** Jobs over many complaints: auto-close after the reply window, escalation when a LAPOR! clock runs out. */
import type { Tx } from "../../platform/db/client.ts";
import { SYSTEM } from "../shared/actor.ts";
import { atomically } from "../shared/atomic.ts";
import {
  actLoaded,
  type ComplaintNotification,
  type ComplaintResult,
  notify,
  toSupervisor,
} from "./complaint-actions.ts";
import { type Complaint, lockDueForAutoClose, lockOverdueUnescalated } from "./complaints.repo.ts";

type Sweep = { now: Date; officeId?: string; limit?: number };

/** Answered complaints whose reply window has passed close as done (LAPOR!: no response means settled). */
export const closeDueComplaints = (
  tx: Tx,
  o: Sweep,
): Promise<{ closed: Complaint[]; notifications: ComplaintNotification[] }> =>
  atomically(tx, async (tx) => {
    const due = await lockDueForAutoClose(tx, { ...o, limit: o.limit ?? 500 });
    const closed: Complaint[] = [];
    for (const c of due) {
      closed.push(
        await actLoaded(tx, c, {
          actor: SYSTEM,
          now: o.now,
          action: "auto_close",
          patch: () => ({ closedAt: o.now, closeReason: "no_response" }),
        }),
      );
    }
    return { closed, notifications: closed.map((c) => notify(c, "closed", { reason: "no_response" })) };
  });

/** Escalates, once, every complaint past its verification or follow-up due time. */
export const escalateOverdueComplaints = (tx: Tx, o: Sweep): Promise<ComplaintResult[]> =>
  atomically(tx, async (tx) => {
    const overdue = await lockOverdueUnescalated(tx, { ...o, limit: o.limit ?? 500 });
    const results: ComplaintResult[] = [];
    for (const c of overdue) {
      const reason = c.status === "received" ? "verification_overdue" : "follow_up_overdue";
      const complaint = await actLoaded(tx, c, {
        actor: SYSTEM,
        now: o.now,
        note: reason,
        action: "escalate",
        patch: () => toSupervisor(o.now),
      });
      results.push({ complaint, notifications: [notify(complaint, "escalated", { reason })] });
    }
    return results;
  });
