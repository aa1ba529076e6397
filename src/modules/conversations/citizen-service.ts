import type { Database, Tx } from "../../platform/db/client.ts";
import type { ApplicationNotification } from "../applications/applications.service.ts";
import { resubmit } from "../applications/applications.service.ts";
import { attachDocument } from "../applications/documents.service.ts";
import { loadCatalogue } from "../catalogue/load.ts";
import type { ComplaintNotification } from "../complaints/complaint-actions.ts";
import type { Refusal } from "../documents/policy.ts";
import { SYSTEM } from "../shared/actor.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { createCalendar } from "../sla/calendar.ts";
import { createBotHandler } from "./bot-turn.ts";
import { countPendingAttachments, takePendingAttachments } from "./conversations.repo.ts";
import { fileKeptMisfits, fileRefused } from "./media-verdict.ts";
import { notifyApplication } from "./notify.ts";
import { notifyComplaint, runComplaintClocks } from "./notify-complaint.ts";
import { type DraftTimers, runDraftTimers } from "./timers.ts";

/**
 * The citizen's service on WhatsApp, ready to plug into the inbox: the bot for every new message, and the
 * hook that attaches a file to its application once its download is stored.
 */
export const createCitizenService = async (o: {
  /** deriveFieldKeys(master key), derived once by the composition root and shared with buildApp. */
  keys: FieldKeys;
  catalogueDir?: string;
  now?: () => Date;
  onBotError?: (message: string) => void;
}) => {
  const catalogue = await loadCatalogue(o.catalogueDir);
  const deps = {
    catalogue,
    calendar: createCalendar(),
    keys: o.keys,
    now: o.now ?? (() => new Date()),
    onBotError: o.onBotError,
  };
  return {
    catalogue,
    deps,
    onMessage: createBotHandler(deps),
    /** Reminds and expires abandoned drafts (run every minute or so). */
    runDraftTimers: (database: Database, timers: DraftTimers) => runDraftTimers(database, deps, timers),
    /**
     * The complaints' LAPOR! clocks (run every minute or so): answered ones whose reply window ran out close
     * as settled, the reporter told; ones past their verification or follow-up due time go to supervisors.
     */
    runComplaintClocks: (database: Database, now = deps.now()) => runComplaintClocks(database, deps, now),
    /** Tells the citizen of a step in their complaint (verified, answered, closed, reopened). */
    notifyComplaint: (tx: Tx, notification: ComplaintNotification) => notifyComplaint(tx, deps, notification),
    /** Tells the citizen about a change the desk made (received again, revision needed, completed, rejected). */
    notify: (tx: Tx, notification: ApplicationNotification) => notifyApplication(tx, deps, notification),
    /** The media pipeline refused a file: taken back out of the conversation, the citizen told. */
    onMediaRefused: (tx: Tx, messageId: string, refusal: Refusal) =>
      fileRefused(tx, deps, messageId, refusal),
    onMediaStored: async (tx: Tx, messageId: string, blobId: string) => {
      if (await fileKeptMisfits(tx, deps, messageId, blobId)) return;
      const pending = await takePendingAttachments(tx, messageId);
      for (const p of pending.rows) {
        const { application, readyToResubmit } = await attachDocument(tx, {
          officeId: p.office_id,
          applicationId: p.application_id,
          actor: SYSTEM,
          requirementId: p.requirement_id,
          blobId,
        });
        // A correction goes back to the officer once its last file is in.
        if (readyToResubmit && (await countPendingAttachments(tx, application.id)) === 0) {
          await resubmit(tx, {
            officeId: p.office_id,
            applicationId: application.id,
            actor: SYSTEM,
            calendar: deps.calendar,
            now: deps.now(),
          });
        }
      }
    },
  };
};
