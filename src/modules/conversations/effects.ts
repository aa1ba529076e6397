import type { Tx } from "../../platform/db/client.ts";
import {
  createDraft,
  findByTrackingNumber,
  resubmit,
  submitApplication,
} from "../applications/applications.service.ts";
import { attachDocument } from "../applications/documents.service.ts";
import type { Relationship } from "../applications/lifecycle.ts";
import type { ApplicationDraft, Effect, Locale, Reply } from "../bot/types.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { openComplaint } from "../complaints/complaints.service.ts";
import type { Contact, Conversation } from "../messaging/messaging.repo.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import { queueReceipt } from "../receipts/receipt.service.ts";
import { recordInfoAnswer } from "../reports/rollups.service.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";
import {
  completeEsqual,
  completeSurvey,
  declineSurvey,
  recordEsqualAnswer,
  recordSurveyAnswer,
  recordSurveyProfile,
} from "../surveys/survey.service.ts";
import { applyComplaintReply } from "./complaint-reply.ts";
import {
  blobsOfMessages,
  clearHandover,
  insertPendingAttachment,
  setHandover,
} from "./conversations.repo.ts";
import { applyPrivacyEffect } from "./privacy-effects.ts";
import { toWhatsApp } from "./reply-message.ts";
import { formatWita, SUBMITTED, statusLabel, statusNext } from "./status-text.ts";

export type TurnDeps = {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
  keys: FieldKeys;
  now: () => Date;
  onBotError?: (message: string) => void;
};
export type Turn = { contact: Contact; conversation: Conversation; locale: Locale };

/** Who reports a death, seen from the deceased: the deceased's child reports for a parent, and so on. */
const REPORTER: Record<string, Relationship> = {
  anak: "parent",
  orang_tua: "child",
  suami_istri: "spouse",
  keluarga_lain: "other",
  ketua_rt: "other",
};

/** The catalogue's relationship answers, as the applications module names them. */
const RELATIONSHIP: Record<string, Relationship> = {
  diri_sendiri: "self",
  anak: "child",
  suami_istri: "spouse",
  orang_tua: "parent",
  keluarga_lain: "other",
  wali: "other",
};

export const sendReply = async (tx: Tx, keys: FieldKeys, turn: Turn, reply: Reply) => {
  const to = turn.contact.waId ?? turn.contact.userId;
  if (!to) return;
  await queueMessage(tx, keys, {
    conversation: turn.conversation,
    recipient: to,
    body: toWhatsApp(reply, to),
  });
};

const text = (body: string): Reply => ({ kind: "text", body });

/** Applies one effect of a bot turn, in the turn's transaction. */
export const applyEffect = async (tx: Tx, deps: TurnDeps, turn: Turn, effect: Effect): Promise<void> => {
  const { conversation, contact } = turn;
  switch (effect.type) {
    case "reply":
      return sendReply(tx, deps.keys, turn, effect.reply);
    case "submit_application":
      return submit(tx, deps, turn, effect.draft);
    case "check_status":
      return checkStatus(tx, deps.keys, turn, effect.trackingNumber);
    case "list_applications":
      return;
    case "open_complaint": {
      const { complaint } = await openComplaint(tx, {
        keys: deps.keys,
        officeId: conversation.officeId,
        contactId: contact.id,
        conversationId: conversation.id,
        category: effect.complaint.category,
        description: effect.complaint.description,
        confidential: effect.complaint.confidential ?? false,
        photoBlobIds: (await blobsOfMessages(tx, effect.complaint.photos)).flatMap((m) =>
          m.blobId ? [m.blobId] : [],
        ),
        calendar: deps.calendar,
        now: deps.now(),
      });
      const body =
        turn.locale === "id"
          ? `✅ Pengaduan Anda sudah kami catat dengan nomor *${complaint.trackingNumber}*. Kami akan memverifikasinya paling lambat 3 hari kerja dan mengabari Anda di chat ini. Nomor ini juga bisa dicantumkan di LAPOR! (lapor.go.id / SMS 1708).`
          : `✅ Your complaint is recorded as *${complaint.trackingNumber}*. We will verify it within 3 working days and keep you informed here. You can also quote this number on LAPOR! (lapor.go.id / SMS 1708).`;
      return sendReply(tx, deps.keys, turn, text(body));
    }
    case "handover":
      if (effect.afterInfo) await recordInfoAnswer(tx, conversation.officeId, deps.now(), true);
      return setHandover(tx, conversation.id, effect.serviceCode);
    case "info_answered":
      return recordInfoAnswer(tx, conversation.officeId, deps.now(), false);
    case "cancel_handover":
      return clearHandover(tx, conversation.id);
    case "revision_uploaded":
      return revisionUploaded(tx, deps, turn, effect.applicationId, effect.documents);
    case "record_notice_view":
    case "record_consent":
    case "data_request":
      return applyPrivacyEffect(tx, deps, turn, effect);
    case "survey_answer":
    case "survey_profile":
    case "survey_complete":
    case "survey_decline":
    case "esqual_answer":
    case "esqual_complete":
      return applySurveyEffect(tx, deps, turn, effect);
    case "complaint_reply": {
      const late = await applyComplaintReply(tx, deps, turn, effect);
      if (late) await sendReply(tx, deps.keys, turn, text(late));
      return;
    }
    case "bot_error":
      deps.onBotError?.(effect.message);
      return;
  }
};

/** Files are attached when their download is done; the rest wait in pending_attachments. */
const attachFiles = async (
  tx: Tx,
  turn: Turn,
  applicationId: string,
  documents: Record<string, string[]>,
) => {
  let waiting = 0;
  for (const [requirementId, messageIds] of Object.entries(documents)) {
    const files = await blobsOfMessages(tx, messageIds);
    const blobs = new Map(files.map((m) => [m.id, m.blobId]));
    // A refused file is never stored: nothing may wait for it (the bot normally took it back already).
    const refused = new Set(files.filter((m) => m.mediaStatus === "refused").map((m) => m.id));
    for (const messageId of messageIds) {
      if (refused.has(messageId)) continue;
      const blobId = blobs.get(messageId);
      const actor = { kind: "citizen" as const, contactId: turn.contact.id };
      if (blobId)
        await attachDocument(tx, {
          officeId: turn.conversation.officeId,
          applicationId,
          actor,
          requirementId,
          blobId,
        });
      else {
        waiting++;
        await insertPendingAttachment(tx, {
          officeId: turn.conversation.officeId,
          messageId,
          applicationId,
          requirementId,
        });
      }
    }
  }
  return waiting;
};

const submit = async (tx: Tx, deps: TurnDeps, turn: Turn, draft: ApplicationDraft) => {
  const { values } = draft;
  const now = deps.now();
  const application = await createDraft(tx, {
    officeId: turn.conversation.officeId,
    contactId: turn.contact.id,
    conversationId: turn.conversation.id,
    catalogue: deps.catalogue,
    serviceCode: draft.serviceCode,
    variantCode: draft.variantCode,
    // Who applies: "relationship"/"applicant_name" in most services, "reporter"/"reporter_name" for a death.
    applicantName: values.applicant_name || values.reporter_name || values.subject_name || undefined,
    relationship: values.reporter
      ? (REPORTER[values.reporter] ?? "other")
      : (RELATIONSHIP[values.relationship ?? "diri_sendiri"] ?? "other"),
    subjectNik: values.subject_nik || undefined,
    fields: { ...values, alternatives: draft.alternatives },
    keys: deps.keys,
    now,
  });
  const waiting = await attachFiles(tx, turn, application.id, draft.documents);
  const actor = { kind: "citizen" as const, contactId: turn.contact.id };
  const { application: submitted } = await submitApplication(tx, {
    officeId: turn.conversation.officeId,
    applicationId: application.id,
    actor,
    catalogue: deps.catalogue,
    calendar: deps.calendar,
    now,
  });
  const due = submitted.dueAt ? formatWita(submitted.dueAt, turn.locale) : undefined;
  await sendReply(
    tx,
    deps.keys,
    turn,
    text(SUBMITTED[turn.locale](submitted.trackingNumber ?? "", due, waiting)),
  );
  const to = turn.contact.waId ?? turn.contact.userId;
  if (to)
    await queueReceipt(tx, deps.keys, {
      catalogue: deps.catalogue,
      application: submitted,
      conversation: turn.conversation,
      recipient: to,
      locale: turn.locale,
    });
};

const checkStatus = async (tx: Tx, keys: FieldKeys, turn: Turn, trackingNumber: string) => {
  const l = turn.locale;
  const app = await findByTrackingNumber(tx, { officeId: turn.conversation.officeId, text: trackingNumber });
  // Only the citizen who applied sees the status: a tracking number is not a password, but it is not public either.
  if (!app || app.contactId !== turn.contact.id) {
    const body =
      l === "id"
        ? `Nomor *${trackingNumber}* tidak ditemukan untuk nomor WhatsApp ini. Periksa kembali nomornya, atau ketik *PETUGAS*.`
        : `We could not find *${trackingNumber}* for this WhatsApp number. Check the number, or type *OFFICER*.`;
    return sendReply(tx, keys, turn, text(body));
  }
  const lines = [
    `*${app.trackingNumber}*`,
    `${l === "id" ? "Status" : "Status"}: *${statusLabel(app.status, l)}*`,
    statusNext(app.status, l),
    app.dueAt && !["completed", "rejected", "cancelled", "expired"].includes(app.status)
      ? `${l === "id" ? "Perkiraan selesai" : "Expected completion"}: ${formatWita(app.dueAt, l)}`
      : "",
  ];
  return sendReply(tx, keys, turn, text(lines.filter(Boolean).join("\n")));
};

const revisionUploaded = async (
  tx: Tx,
  deps: TurnDeps,
  turn: Turn,
  applicationId: string,
  documents: Record<string, string[]>,
) => {
  // Files still downloading resubmit the application themselves once stored (citizen-service onMediaStored).
  if ((await attachFiles(tx, turn, applicationId, documents)) > 0) return;
  await resubmit(tx, {
    officeId: turn.conversation.officeId,
    applicationId,
    actor: { kind: "citizen", contactId: turn.contact.id },
    calendar: deps.calendar,
    now: deps.now(),
  });
};

type SurveyEffect = Extract<
  Effect,
  {
    type:
      | "survey_answer"
      | "survey_profile"
      | "survey_complete"
      | "survey_decline"
      | "esqual_answer"
      | "esqual_complete";
  }
>;

const applySurveyEffect = (tx: Tx, deps: TurnDeps, turn: Turn, effect: SurveyEffect) => {
  const o = {
    keys: deps.keys,
    contactId: turn.contact.id,
    officeId: turn.conversation.officeId,
    now: deps.now(),
  };
  switch (effect.type) {
    case "survey_answer":
      return recordSurveyAnswer(tx, o, effect.responseId, effect.key, effect.value);
    case "survey_profile":
      return recordSurveyProfile(tx, o, effect.responseId, effect.field, effect.code);
    case "survey_complete":
      return completeSurvey(tx, o, effect.responseId, effect.suggestion);
    case "survey_decline":
      return declineSurvey(tx, o, effect.responseId);
    case "esqual_answer":
      return recordEsqualAnswer(tx, o, effect.skmResponseId, effect.key, effect.value);
    case "esqual_complete":
      return completeEsqual(tx, o, effect.skmResponseId);
  }
};
