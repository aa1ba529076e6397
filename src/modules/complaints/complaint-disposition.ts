/**
 * A supervisor's disposition of a complaint flagged to them: hand it to an operator, or close it as not this
 * office's authority, telling the reporter which office to go to. (Escalation is complaints.service escalate.)
 */
import type { Tx } from "../../platform/db/client.ts";
import { operatorInOffice } from "../applications/applications.repo.ts";
import type { Actor } from "../shared/actor.ts";
import { atomically } from "../shared/atomic.ts";
import { DomainError } from "../shared/domain-error.ts";
import { act, type ComplaintResult, notify } from "./complaint-actions.ts";

type DispositionOptions = { officeId: string; complaintId: string; actor: Actor; now?: Date };

/** Held by `operatorId` from now on; the stage and its clocks do not change. */
export const assignComplaint = (
  tx: Tx,
  o: DispositionOptions & { operatorId: string },
): Promise<ComplaintResult> =>
  atomically(tx, async (tx) => {
    if (!(await operatorInOffice(tx, o.officeId, o.operatorId))) throw new DomainError("operator_not_found");
    const complaint = await act(tx, { ...o, now: o.now ?? new Date(), note: o.operatorId }, "assign", () => ({
      assignedTo: o.operatorId,
    }));
    return { complaint, notifications: [] };
  });

/** Closed as "bukan kewenangan kami": the reporter learns the office that can act on it. */
export const referComplaint = (
  tx: Tx,
  o: DispositionOptions & { office: string },
): Promise<ComplaintResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const office = o.office.trim().slice(0, 200);
    if (!office) throw new DomainError("office_required");
    const complaint = await act(tx, { ...o, now, note: office }, "refer_elsewhere", () => ({
      referredTo: office,
      closedAt: now,
      closeReason: "not_our_authority",
      autoCloseAt: null,
    }));
    return { complaint, notifications: [notify(complaint, "referred", { office })] };
  });
