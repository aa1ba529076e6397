/**
 * How the copy of a citizen's data reaches them on WhatsApp, the way Lontar sends a result PDF: inside the
 * 24-hour window as free-form messages (with the approved template kept as the fallback for a late 131047),
 * outside it as the approved template with the PDF as its document header.
 */
import type { Tx } from "../../platform/db/client.ts";
import { documentMessage, templateMessage, textMessage } from "../../platform/whatsapp/builders.ts";
import type { Locale } from "../catalogue/schema.ts";
import type { Conversation } from "../messaging/messaging.repo.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { approvedLanguages } from "../templates/templates.repo.ts";

/** The template that carries the copy's PDF (catalogue/templates.json); the office must get it approved. */
export const COPY_TEMPLATE = "lontar_salinan_data";

/** What the audit row and the desk say about how the copy went. */
export type CopyDelivery = {
  /** text + document while the window is open; the template alone once it has closed. */
  sentAs: Array<"text" | "document" | "template">;
  windowOpen: boolean;
  /** Text messages the copy took (0 outside the window). */
  parts: number;
  /** The approved template's language: what was sent (window closed) or kept for a 131047 (open); null: none. */
  templateLanguage: Locale | null;
};

/** The citizen's language if Meta approved the template in it, else Indonesian (the original), else none. */
export const approvedCopyTemplate = async (
  tx: Tx,
  officeId: string,
  locale: Locale,
): Promise<Locale | undefined> => {
  const approved = await approvedLanguages(tx, officeId, COPY_TEMPLATE);
  return ([locale, "id"] as const).find((l) => approved.includes(l));
};

export const copyFilename = (locale: Locale, requestNumber: string) =>
  locale === "id" ? `salinan-data-${requestNumber}.pdf` : `data-copy-${requestNumber}.pdf`;

const CAPTION: Record<Locale, (number: string) => string> = {
  id: (n) =>
    `Salinan data Anda (permintaan ${n}) sebagai PDF, isinya sama dengan pesan di atas. Simpan file ini dan jangan bagikan kepada orang lain.`,
  en: (n) =>
    `Your data copy (request ${n}) as a PDF, the same as the messages above. Keep this file and do not share it with others.`,
};

/**
 * Queues the copy in the caller's transaction. `text` (the copy split for WhatsApp) is given only while the
 * window is open; `template` is the approved language of the template, if any. The PDF goes up to /media at
 * send time and travels by its media id, never by a link.
 */
export const queueCopy = async (
  tx: Tx,
  keys: FieldKeys,
  o: {
    conversation: Pick<Conversation, "id" | "officeId" | "channelId">;
    to: string;
    locale: Locale;
    requestNumber: string;
    text?: string[];
    pdf: { storageKey: string; filename: string };
    template?: Locale;
  },
): Promise<CopyDelivery> => {
  const { conversation, to, pdf } = o;
  const upload = { storageKey: pdf.storageKey, mimeType: "application/pdf", filename: pdf.filename };
  const template = o.template
    ? templateMessage({
        to,
        name: COPY_TEMPLATE,
        language: o.template,
        components: [
          { type: "header", format: "document", mediaId: "pending-upload", filename: pdf.filename },
          { type: "body", params: [o.requestNumber] },
        ],
      })
    : undefined;
  const templateLanguage = o.template ?? null;
  if (!o.text) {
    if (!template) throw new Error("the window is closed and no template is approved: nothing can be sent");
    await queueMessage(tx, keys, { conversation, recipient: to, body: template, upload });
    return { sentAs: ["template"], windowOpen: false, parts: 0, templateLanguage };
  }
  for (const part of o.text)
    await queueMessage(tx, keys, { conversation, recipient: to, body: textMessage({ to, body: part }) });
  // One fallback for the whole copy, on the last message: the template carries all of it in its PDF.
  await queueMessage(tx, keys, {
    conversation,
    recipient: to,
    body: documentMessage({
      to,
      mediaId: "pending-upload",
      filename: pdf.filename,
      caption: CAPTION[o.locale](o.requestNumber),
    }),
    upload,
    fallback: template,
  });
  return { sentAs: ["text", "document"], windowOpen: true, parts: o.text.length, templateLanguage };
};
