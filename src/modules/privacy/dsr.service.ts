/**
 * Data-subject requests (UU 27/2022 Pasal 32): made and confirmed by the citizen on WhatsApp (the same account
 * that holds the data, so no one else can ask for it), answered from the desk within 3×24 hours of the
 * confirmation. Every answer is audited and told to the citizen on the same WhatsApp contact.
 */

import type { Tx } from "../../platform/db/client.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import { textMessage } from "../../platform/whatsapp/builders.ts";
import { recordAudit } from "../audit/audit.service.ts";
import type { Catalogue, Locale } from "../catalogue/schema.ts";
import { botStateOf } from "../conversations/bot-state.ts";
import { formatWita } from "../conversations/status-text.ts";
import { isWindowOpen } from "../messaging/delivery-status.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { anonymiseSurveys } from "../surveys/survey.service.ts";
import { withdrawAll } from "./consent.service.ts";
import { buildDataCopy, splitForWhatsApp } from "./dsr.copy.ts";
import { approvedCopyTemplate, type CopyDelivery, copyFilename, queueCopy } from "./dsr.delivery.ts";
import { renderDataCopyPdf } from "./dsr.pdf.ts";
import {
  closeRequest,
  type DataRequest,
  type DataRequestKind,
  findContact,
  findOpenRequest,
  insertRequest,
  latestConversation,
  lockRequest,
  recordCopyBlob,
} from "./dsr.repo.ts";

/** Pasal 32: 3×24 hours, counted in clock hours (not working time) from the citizen's confirmation. */
export const DSR_HOURS = 72;

/** What the citizen and the desk call a request: short, readable over the phone. */
export const requestNumber = (id: string) => `PDP-${id.slice(0, 8).toUpperCase()}`;

const ACK: Record<Locale, (number: string, kind: DataRequestKind, due: string, again: boolean) => string> = {
  id: (number, kind, due, again) =>
    `${again ? "Permintaan ini sudah tercatat" : "✅ Permintaan Anda tercatat"} dengan nomor *${number}*. ${
      kind === "copy" ? "Salinan data Anda kami kirim ke chat ini" : "Data opsional Anda kami hapus"
    } paling lambat ${due}.`,
  en: (number, kind, due, again) =>
    `${again ? "This request is already recorded" : "✅ Your request is recorded"} as *${number}*. ${
      kind === "copy"
        ? "We will send the copy of your data to this chat"
        : "We will delete your optional data"
    } by ${due} at the latest.`,
};

/** The bot's confirmed request: a row with its clock, or the one already open for the same thing. */
export const openDataRequest = async (
  tx: Tx,
  o: {
    officeId: string;
    contactId: string;
    kind: DataRequestKind;
    requestedAt: Date;
    now: Date;
    locale: Locale;
  },
): Promise<{ request: DataRequest; acknowledgement: string }> => {
  const existing = await findOpenRequest(tx, o.contactId, o.kind);
  const request =
    existing ??
    (await insertRequest(tx, {
      officeId: o.officeId,
      contactId: o.contactId,
      kind: o.kind,
      status: "open",
      requestedAt: o.requestedAt,
      confirmedAt: o.now,
      dueAt: new Date(o.now.getTime() + DSR_HOURS * 3_600_000),
    }));
  const due = formatWita(request.dueAt ?? o.now, o.locale);
  return {
    request,
    acknowledgement: ACK[o.locale](requestNumber(request.id), o.kind, due, Boolean(existing)),
  };
};

type DeskOptions = {
  officeId: string;
  requestId: string;
  /** The admin or supervisor answering. */
  staffId: string;
  /** Field keys: outgoing messages are stored sealed. */
  keys: FieldKeys;
  now: Date;
  ip?: string;
};

const openRequestFor = async (tx: Tx, o: DeskOptions, kind?: DataRequestKind) => {
  const request = await lockRequest(tx, o.officeId, o.requestId);
  if (!request) throw new DomainError("request_not_found");
  if (request.status !== "open") throw new DomainError("request_not_open");
  if (kind && request.kind !== kind) throw new DomainError("request_wrong_kind");
  const contact = await findContact(tx, request.contactId);
  const conversation = await latestConversation(tx, request.contactId);
  const to = contact?.waId ?? contact?.userId;
  if (!contact || !conversation || !to) throw new DomainError("request_no_chat");
  // The language the citizen chose in this chat (as the bot's acknowledgement used), else the contact's.
  const locale: Locale = botStateOf(o.keys, conversation, contact).locale;
  const tell = async (body: string) => {
    for (const part of splitForWhatsApp(body))
      await queueMessage(tx, o.keys, { conversation, recipient: to, body: textMessage({ to, body: part }) });
  };
  return { request, contact, conversation, to, locale, tell };
};

const finish = async (
  tx: Tx,
  o: DeskOptions,
  request: DataRequest,
  status: "done" | "refused",
  details: Record<string, unknown>,
  note?: string,
) => {
  await closeRequest(tx, request.id, { status, handledBy: o.staffId, note, at: o.now });
  await recordAudit(tx, {
    officeId: o.officeId,
    actorId: o.staffId,
    action: `privacy.request_${status === "done" ? request.kind : "refused"}`,
    subjectType: "data_subject_request",
    subjectId: request.id,
    details: { ...details, overdue: request.dueAt ? o.now > request.dueAt : false },
    ip: o.ip,
    at: o.now,
  });
};

/**
 * "Send copy": what Lontar holds about the contact, to the same WhatsApp contact. Inside the 24-hour window
 * as text (readable on any phone) followed by the same copy as a PDF to keep; outside it only the approved
 * lontar_salinan_data template can reach the citizen, with the PDF as its document header. Without that
 * approval the action is refused before anything is stored or queued, and the request stays open.
 */
export const sendDataCopy = async (
  tx: Tx,
  o: DeskOptions & { catalogue: Catalogue; blobs: BlobStore },
): Promise<CopyDelivery> => {
  const { request, contact, conversation, to, locale } = await openRequestFor(tx, o, "copy");
  const windowOpen = isWindowOpen(conversation.lastInboundAt, o.now);
  const language = await approvedCopyTemplate(tx, o.officeId, locale);
  if (!windowOpen && !language) throw new DomainError("copy_template_not_approved");
  const copy = await buildDataCopy(tx, { catalogue: o.catalogue, keys: o.keys, locale, contact });
  const number = requestNumber(request.id);
  const pdf = await renderDataCopyPdf({
    locale,
    officeName: o.catalogue.office.name[locale],
    requestNumber: number,
    madeAt: formatWita(o.now, locale),
    copy,
    createdAt: o.now,
  });
  const filename = copyFilename(locale, number);
  const stored = await o.blobs.put(pdf);
  try {
    const blobId = await recordCopyBlob(tx, { officeId: o.officeId, stored, filename });
    const delivery = await queueCopy(tx, o.keys, {
      conversation,
      to,
      locale,
      requestNumber: number,
      text: windowOpen ? splitForWhatsApp(copy) : undefined,
      pdf: { storageKey: stored.key, filename },
      template: language,
    });
    await finish(tx, o, request, "done", { ...delivery, blobId, pdfBytes: pdf.length });
    return delivery;
  } catch (error) {
    // Nothing will point at the file if the action fails: do not leave a copy of someone's data behind.
    await o.blobs.delete(stored.key).catch(() => undefined);
    throw error;
  }
};

const DELETED: Record<Locale, (number: string) => string> = {
  id: (n) =>
    `✅ Permintaan *${n}* selesai: data opsional Anda (persetujuan survei dan info layanan) sudah dihapus. Data permohonan tetap disimpan sesuai undang-undang.`,
  en: (n) =>
    `✅ Request *${n}* is done: your optional data (survey and service-news consents) is deleted. Application records are kept as the law requires.`,
};

/**
 * "Delete optional data": every optional consent withdrawn (a new row: the history stays as proof of what was
 * agreed when), and survey answers cut loose from the person (they stay in the statistics without contact,
 * profile or suggestion). The registry records (applications, documents, complaints) are legally required and never touched.
 */
export const deleteOptionalData = async (tx: Tx, o: DeskOptions) => {
  const { request, locale, tell } = await openRequestFor(tx, o, "delete_optional");
  await withdrawAll(tx, { officeId: o.officeId, contactId: request.contactId, source: "desk", now: o.now });
  await anonymiseSurveys(tx, request.contactId);
  await tell(DELETED[locale](requestNumber(request.id)));
  await finish(tx, o, request, "done", { withdrawn: ["survey", "broadcast"], surveysAnonymised: true });
};

const REFUSED: Record<Locale, (number: string, reason: string) => string> = {
  id: (n, reason) =>
    `Permintaan *${n}* tidak dapat kami penuhi: ${reason}\nKetik *PETUGAS* bila ada pertanyaan.`,
  en: (n, reason) => `We cannot carry out request *${n}*: ${reason}\nType *OFFICER* if you have questions.`,
};

/** Refused, with the reason the citizen is told (in the words the staff member typed). */
export const refuseRequest = async (tx: Tx, o: DeskOptions & { reason: string }) => {
  const reason = o.reason.trim();
  if (reason.length < 5) throw new DomainError("request_reason_required");
  const { request, locale, tell } = await openRequestFor(tx, o);
  await tell(REFUSED[locale](requestNumber(request.id), reason));
  await finish(tx, o, request, "refused", {}, reason);
};
