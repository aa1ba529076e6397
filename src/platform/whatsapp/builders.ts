/**
 * Bodies for POST /{version}/{phone-number-id}/messages. Meta's limits are enforced here, at build
 * time, so a too-long Bahasa Indonesia label fails in a unit test instead of as a Graph error in
 * the outbox (see shared/domain/whatsapp-cloud-api.md §2 and "Implications" 12).
 */
import {
  checkCount,
  checkFilename,
  checkMediaId,
  checkText,
  checkUnique,
  MessageLimitError,
  optionalText,
} from "./limits.ts";
import { isBsuid, normaliseRecipient } from "./phone.ts";
import { type TemplateSpec, templatePayload } from "./template.ts";
import type { OutboundMessage, ReadReceipt } from "./types.ts";

export type { TemplateComponent, TemplateSpec } from "./template.ts";
export { MessageLimitError };

export type CommonOptions = {
  /** A phone number in any common notation, or a business-scoped user id (BSUID). */
  to: string;
  /** wamid of the citizen's message this one answers. */
  replyTo?: string;
  /** Echoed back in status webhooks; used to correlate sends we could not confirm. */
  callbackData?: string;
};

export type TextMessageOptions = CommonOptions & { body: string; previewUrl?: boolean };
export type ReplyButton = { id: string; title: string };
export type ButtonsMessageOptions = CommonOptions & {
  body: string;
  buttons: ReplyButton[];
  header?: string;
  footer?: string;
};
export type ListRow = { id: string; title: string; description?: string };
export type ListSection = { title?: string; rows: ListRow[] };
export type ListMessageOptions = CommonOptions & {
  body: string;
  buttonLabel: string;
  sections: ListSection[];
  header?: string;
  footer?: string;
};
export type ImageMessageOptions = CommonOptions & { mediaId: string; caption?: string };
export type DocumentMessageOptions = CommonOptions & { mediaId: string; filename?: string; caption?: string };
export type TemplateMessageOptions = CommonOptions & TemplateSpec;
export type MarkAsReadOptions = { messageId: string; typing?: boolean };

const CALLBACK_DATA_MAX = 512;
const INTERACTIVE_BODY_MAX = 1024;
const HEADER_MAX = 60;
const FOOTER_MAX = 60;
const CAPTION_MAX = 1024;

/**
 * The envelope every message shares. `to` carries a leading "+": without it Cloud API prepends the
 * business number's own country code (send-messages), and Meta's docs say to always send it.
 */
const envelope = (common: CommonOptions, type: string, payload: unknown): OutboundMessage => {
  const message: OutboundMessage = { messaging_product: "whatsapp", recipient_type: "individual", type };
  if (isBsuid(common.to)) message.recipient = common.to;
  else message.to = `+${normaliseRecipient(common.to)}`;
  if (common.replyTo !== undefined) {
    checkText("replyTo message id", common.replyTo, 1, Number.POSITIVE_INFINITY);
    message.context = { message_id: common.replyTo };
  }
  const callbackData = optionalText("callbackData", common.callbackData, CALLBACK_DATA_MAX);
  if (callbackData !== undefined) message.biz_opaque_callback_data = callbackData;
  message[type] = payload;
  return message;
};

export const textMessage = (o: TextMessageOptions): OutboundMessage => {
  checkText("text body", o.body, 1, 4096);
  return envelope(o, "text", { body: o.body, ...(o.previewUrl ? { preview_url: true } : {}) });
};

/** Header, body and footer shared by reply-button and list messages. */
const interactiveFrame = (o: { body: string; header?: string; footer?: string }) => {
  checkText("body text", o.body, 1, INTERACTIVE_BODY_MAX);
  const header = optionalText("header text", o.header, HEADER_MAX);
  const footer = optionalText("footer text", o.footer, FOOTER_MAX);
  return {
    ...(header !== undefined ? { header: { type: "text", text: header } } : {}),
    body: { text: o.body },
    ...(footer !== undefined ? { footer: { text: footer } } : {}),
  };
};

export const buttonsMessage = (o: ButtonsMessageOptions): OutboundMessage => {
  checkCount("buttons", o.buttons.length, 1, 3);
  for (const b of o.buttons) {
    checkText(`button title "${b.title}"`, b.title, 1, 20);
    checkText(`button id "${b.id}"`, b.id, 1, 256);
  }
  checkUnique(
    "button id",
    o.buttons.map((b) => b.id),
  );
  checkUnique(
    "button title",
    o.buttons.map((b) => b.title),
  );
  return envelope(o, "interactive", {
    type: "button",
    ...interactiveFrame(o),
    action: { buttons: o.buttons.map((b) => ({ type: "reply", reply: { id: b.id, title: b.title } })) },
  });
};

export const listMessage = (o: ListMessageOptions): OutboundMessage => {
  checkText(`list button label "${o.buttonLabel}"`, o.buttonLabel, 1, 20);
  checkCount("list sections", o.sections.length, 1, 10);
  const rows = o.sections.flatMap((s) => s.rows);
  checkCount("list rows (all sections combined)", rows.length, 1, 10);
  const sections = o.sections.map((s, i) => {
    const title = optionalText(`section title "${s.title}"`, s.title, 24);
    if (title === undefined && o.sections.length > 1) {
      throw new MessageLimitError(
        `section ${i + 1} has no title; WhatsApp requires one when a list has more than one section`,
      );
    }
    checkCount(`rows in section ${i + 1}`, s.rows.length, 1, 10);
    return {
      ...(title !== undefined ? { title } : {}),
      rows: s.rows.map((r) => {
        checkText(`row title "${r.title}"`, r.title, 1, 24);
        checkText(`row id "${r.id}"`, r.id, 1, 200);
        const description = optionalText(`row description "${r.description}"`, r.description, 72);
        return { id: r.id, title: r.title, ...(description !== undefined ? { description } : {}) };
      }),
    };
  });
  checkUnique(
    "row id",
    rows.map((r) => r.id),
  );
  return envelope(o, "interactive", {
    type: "list",
    ...interactiveFrame(o),
    action: { button: o.buttonLabel, sections },
  });
};

export const imageMessage = (o: ImageMessageOptions): OutboundMessage => {
  checkMediaId(o.mediaId);
  const caption = optionalText("image caption", o.caption, CAPTION_MAX);
  return envelope(o, "image", { id: o.mediaId, ...(caption !== undefined ? { caption } : {}) });
};

/** Citizen documents go by uploaded media id only: a public `link` would expose them. */
export const documentMessage = (o: DocumentMessageOptions): OutboundMessage => {
  checkMediaId(o.mediaId);
  const filename = checkFilename(o.filename);
  const caption = optionalText("document caption", o.caption, CAPTION_MAX);
  return envelope(o, "document", {
    id: o.mediaId,
    ...(filename !== undefined ? { filename } : {}),
    ...(caption !== undefined ? { caption } : {}),
  });
};

/** Outside the 24-hour window only approved templates can be sent. */
export const templateMessage = (o: TemplateMessageOptions): OutboundMessage =>
  envelope(o, "template", templatePayload(o));

/** Marks the citizen's message (and all earlier ones) as read, optionally showing "typing…". */
export const markAsRead = (o: MarkAsReadOptions): ReadReceipt => {
  checkText("message id", o.messageId, 1, Number.POSITIVE_INFINITY);
  return {
    messaging_product: "whatsapp",
    status: "read",
    message_id: o.messageId,
    ...(o.typing ? { typing_indicator: { type: "text" as const } } : {}),
  };
};
