import { markAsRead, textMessage } from "../../platform/whatsapp/builders.ts";
import { isWindowOpen } from "./delivery-status.ts";
import type { InboundHandler } from "./inbound.service.ts";
import { queueMessage, queueReadReceipt } from "./outbound.service.ts";

const SILENT_KINDS = new Set(["reaction", "system"]);

export const WELCOME_TEXT =
  "Halo! Pesan Anda sudah diterima oleh Dinas Dukcapil. Petugas kami akan membalas pada jam kerja.\n\n" +
  "Dukcapil tidak pernah meminta uang, PIN/OTP, atau aktivasi IKD lewat chat.";

/**
 * Until the bot answers (the citizen-service work), every message gets blue ticks, and the first message
 * of each 24-hour window gets a short acknowledgement, so no citizen is met with silence.
 */
export const acknowledgeInbound: InboundHandler = async (tx, { contact, conversation, message }) => {
  if (SILENT_KINDS.has(message.content.kind)) return;
  await queueReadReceipt(tx, conversation, markAsRead({ messageId: message.wamid }));
  if (isWindowOpen(conversation.lastInboundAt, message.timestamp)) return;
  const to = contact.waId ?? contact.userId;
  if (!to) return;
  await queueMessage(tx, { conversation, recipient: to, body: textMessage({ to, body: WELCOME_TEXT }) });
};
