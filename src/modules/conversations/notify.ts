import { and, eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { blobs, conversations } from "../../platform/db/schema/index.ts";
import { documentMessage, templateMessage, textMessage } from "../../platform/whatsapp/builders.ts";
import type { OutboundMessage } from "../../platform/whatsapp/types.ts";
import { lockApplication } from "../applications/applications.repo.ts";
import type { ApplicationNotification } from "../applications/applications.service.ts";
import { startRevision } from "../bot/revision.ts";
import type { Locale } from "../bot/types.ts";
import { isWindowOpen } from "../messaging/delivery-status.ts";
import { findContact } from "../messaging/messaging.repo.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { inviteToSurvey } from "../surveys/survey.service.ts";
import { botStateOf } from "./bot-state.ts";
import { saveBotState } from "./conversations.repo.ts";
import type { TurnDeps } from "./effects.ts";
import { templateParam as param } from "./reply-message.ts";
import { formatWita } from "./status-text.ts";

/**
 * Tells the citizen that their application moved: a free-form message while the 24-hour window is open
 * (with the matching template kept as the fallback for a 131047), the approved template once it has closed.
 */
export const notifyApplication = async (tx: Tx, deps: TurnDeps, n: ApplicationNotification) => {
  if (!n.conversationId || !["received", "revision_needed", "completed", "rejected"].includes(n.kind)) return;
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, n.conversationId))
    .for("update");
  const contact = conversation ? await findContact(tx, deps.keys, conversation.contactId) : undefined;
  const app = conversation ? await lockApplication(tx, conversation.officeId, n.applicationId) : undefined;
  const to = contact?.waId ?? contact?.userId;
  if (!conversation || !contact || !app || !to) return;
  const state = botStateOf(deps.keys, conversation, contact);
  const l: Locale = state.locale;
  const service = deps.catalogue.services.find((s) => s.code === app.serviceCode);
  const serviceName =
    (app.variantCode && service?.variants.find((v) => v.code === app.variantCode)?.names[l]) ||
    service?.names[l] ||
    app.serviceCode;
  const name = param(app.applicantName ?? contact.profileName ?? (l === "id" ? "Bapak/Ibu" : "Sir/Madam"));
  const tracking = n.trackingNumber ?? "";
  const open = isWindowOpen(conversation.lastInboundAt, deps.now());
  const send = (body: OutboundMessage, fallback?: OutboundMessage) =>
    queueMessage(tx, deps.keys, {
      conversation,
      recipient: to,
      body: open || !fallback ? body : fallback,
      fallback: open ? fallback : undefined,
    });

  if (n.kind === "received") {
    const due = n.dueAt ? formatWita(n.dueAt, l) : "-";
    const template = templateMessage({
      to,
      name: "lontar_permohonan_diterima",
      language: "id",
      components: [{ type: "body", params: [name, param(serviceName), tracking, param(due)] }],
    });
    return send(
      textMessage({
        to,
        body: `Permohonan *${serviceName}* (${tracking}) sudah kami terima kembali. Perkiraan selesai: ${due}.`,
      }),
      template,
    );
  }
  if (n.kind === "rejected") {
    const reason = n.reason ?? "-";
    const template = templateMessage({
      to,
      name: "lontar_permohonan_ditolak",
      language: "id",
      components: [{ type: "body", params: [name, param(serviceName), tracking, param(reason)] }],
    });
    const body =
      l === "id"
        ? `Mohon maaf, permohonan *${serviceName}* nomor ${tracking} belum dapat kami proses karena: ${reason}\n\nAnda bisa mengajukan lagi kapan saja lewat chat ini, atau menyampaikan pengaduan (ketik *MENU*).`
        : `Sorry, application *${serviceName}* ${tracking} could not be processed: ${reason}\n\nYou may apply again at any time, or make a complaint (type *MENU*).`;
    return send(textMessage({ to, body }), template);
  }
  if (n.kind === "revision_needed") {
    const items = (n.items ?? []).map((i) => ({
      ...i,
      label: service
        ? (findRequirementLabel(service, i.requirementId, l) ?? i.requirementId)
        : i.requirementId,
    }));
    const revision = startRevision(state, { applicationId: app.id, trackingNumber: tracking, items });
    await saveBotState(tx, deps.keys, conversation.id, revision.state);
    const reasons = items.map((i) => `${i.label}: ${i.reason}`).join("; ");
    const template = templateMessage({
      to,
      name: "lontar_perlu_perbaikan",
      language: "id",
      components: [{ type: "body", params: [name, param(serviceName), tracking, param(reasons), "-"] }],
    });
    const first = revision.effects[0];
    const body = first?.type === "reply" && first.reply.kind === "text" ? first.reply.body : reasons;
    return send(textMessage({ to, body }), template);
  }
  await notifyCompleted(tx, deps.keys, { n, to, l, name, serviceName, tracking, open, send, conversation });
  // After the result: the satisfaction survey, only for a citizen who agreed to surveys.
  await inviteToSurvey(tx, {
    keys: deps.keys,
    conversation,
    contactId: contact.id,
    application: { id: app.id, serviceCode: app.serviceCode },
    to,
    locale: l,
    windowOpen: open,
    name,
    serviceName: param(serviceName),
    trackingNumber: tracking,
    now: deps.now(),
  });
};

const findRequirementLabel = (service: TurnDeps["catalogue"]["services"][number], id: string, l: Locale) =>
  [...service.requirements, ...service.variants.flatMap((v) => v.requirements ?? [])].find((r) => r.id === id)
    ?.label[l];

/** The result PDF goes byte for byte as uploaded: a document inside the window, the document template outside. */
const notifyCompleted = async (
  tx: Tx,
  keys: FieldKeys,
  o: {
    n: ApplicationNotification;
    to: string;
    l: Locale;
    name: string;
    serviceName: string;
    tracking: string;
    open: boolean;
    send: (body: OutboundMessage, fallback?: OutboundMessage) => Promise<unknown>;
    conversation: typeof conversations.$inferSelect;
  },
) => {
  const { n, to, l, tracking } = o;
  const files = n.resultBlobIds?.length
    ? await tx
        .select()
        .from(blobs)
        .where(and(eq(blobs.officeId, o.conversation.officeId)))
    : [];
  const results = files.filter((b) => n.resultBlobIds?.includes(b.id));
  const text = n.pickup
    ? l === "id"
      ? `✅ Permohonan *${o.serviceName}* nomor ${tracking} sudah *selesai* dan dokumennya *siap diambil* di kantor Dukcapil. Bawa nomor permohonan ini. Gratis.`
      : `✅ Application *${o.serviceName}* ${tracking} is *completed*; the document is *ready for pick-up* at the Dukcapil office. Bring this number. Free of charge.`
    : l === "id"
      ? `✅ Permohonan *${o.serviceName}* nomor ${tracking} sudah *selesai*. Dokumennya kami kirim di bawah ini sebagai PDF bertanda tangan elektronik; boleh dicetak sendiri.`
      : `✅ Application *${o.serviceName}* ${tracking} is *completed*. The document follows as an electronically signed PDF; you may print it yourself.`;
  if (!o.open && results[0]) {
    const filename = `${tracking}.pdf`;
    return queueMessage(tx, keys, {
      conversation: o.conversation,
      recipient: to,
      body: templateMessage({
        to,
        name: "lontar_permohonan_selesai",
        language: "id",
        components: [
          { type: "header", format: "document", mediaId: "pending-upload", filename },
          { type: "body", params: [o.name, param(o.serviceName), tracking] },
        ],
      }),
      upload: { storageKey: results[0].storageKey, mimeType: results[0].mimeType, filename },
    });
  }
  const pickupTemplate = n.pickup
    ? templateMessage({
        to,
        name: "lontar_siap_diambil",
        language: "id",
        components: [{ type: "body", params: [o.name, param(o.serviceName), tracking] }],
      })
    : undefined;
  await o.send(textMessage({ to, body: text }), pickupTemplate);
  for (const [i, blob] of results.entries()) {
    const filename = results.length > 1 ? `${tracking}-${i + 1}.pdf` : `${tracking}.pdf`;
    await queueMessage(tx, keys, {
      conversation: o.conversation,
      recipient: to,
      body: documentMessage({ to, mediaId: "pending-upload", filename }),
      upload: { storageKey: blob.storageKey, mimeType: blob.mimeType, filename },
    });
  }
};
