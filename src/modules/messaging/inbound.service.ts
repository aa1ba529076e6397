import type { Tx } from "../../platform/db/client.ts";
import { enqueue } from "../../platform/queue/outbox.ts";
import { classifyStatusError } from "../../platform/whatsapp/errors.ts";
import type { InboundMessage, StatusUpdate } from "../../platform/whatsapp/types.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { SEALED, sealJson } from "../shared/sealed.ts";
import type { DownloadPayload } from "./media.handler.ts";
import {
  type Channel,
  type Contact,
  type Conversation,
  fillContactIdentity,
  findContactByIdentity,
  insertContactIfAbsent,
  insertInboundMessage,
  lockConversation,
  lockOutboundByOutboxId,
  lockOutboundByWamid,
  touchInbound,
} from "./messaging.repo.ts";
import { applyOutboundStatus, outboxIdFromCallback, queueFallback } from "./outbound.service.ts";

/** Called once per newly stored inbound message, inside its transaction (the bot plugs in here). */
export type InboundHandler = (
  tx: Tx,
  turn: {
    channel: Channel;
    contact: Contact;
    conversation: Conversation;
    message: InboundMessage;
    messageId: string;
  },
) => Promise<void>;

const MEDIA_KINDS = new Set(["image", "video", "document", "audio", "sticker"]);

/** Finds or creates the contact for a sender known by wa_id, user_id (BSUID) or both. */
export const resolveContact = async (
  tx: Tx,
  keys: FieldKeys,
  officeId: string,
  identity: { waId?: string; userId?: string; profileName?: string },
): Promise<Contact> => {
  let contact = await findContactByIdentity(tx, keys, officeId, identity);
  if (!contact) {
    await insertContactIfAbsent(tx, keys, officeId, identity);
    contact = await findContactByIdentity(tx, keys, officeId, identity);
  }
  if (!contact) throw new Error("contact could not be created");
  return fillContactIdentity(tx, keys, contact, identity);
};

/**
 * Stores one inbound message exactly once (dedupe on wamid), keeps the 24-hour window, schedules the
 * media download at once (Meta's media ids expire), and hands new messages to the handler.
 * Returns false for a redelivery.
 */
export const receiveMessage = async (
  tx: Tx,
  o: {
    keys: FieldKeys;
    channel: Channel;
    message: InboundMessage;
    profileName?: string;
    onMessage?: InboundHandler;
  },
): Promise<boolean> => {
  const { channel, message } = o;
  const contact = await resolveContact(tx, o.keys, channel.officeId, {
    ...message.from,
    profileName: o.profileName,
  });
  const conversation = await lockConversation(tx, {
    officeId: channel.officeId,
    contactId: contact.id,
    channelId: channel.id,
  });
  const isMedia = MEDIA_KINDS.has(message.content.kind);
  const messageId = await insertInboundMessage(tx, o.keys, {
    officeId: channel.officeId,
    channelId: channel.id,
    conversationId: conversation.id,
    wamid: message.wamid,
    type: message.content.kind,
    content: message.content,
    occurredAt: message.timestamp,
    mediaStatus: isMedia ? "pending" : undefined,
  });
  if (!messageId) return false;
  await touchInbound(tx, conversation.id, message.timestamp);
  if (isMedia && "media" in message.content) {
    const download: DownloadPayload = {
      messageId,
      mediaId: message.content.media.id,
      kind: message.content.kind,
    };
    await enqueue(tx, {
      officeId: channel.officeId,
      channelId: channel.id,
      kind: "download_media",
      payload: sealJson(o.keys, download, SEALED.outboxPayload),
    });
  }
  await o.onMessage?.(tx, { channel, contact, conversation, message, messageId });
  return true;
};

export type StatusResult = "applied" | "unchanged" | "unmatched";

/** Applies a delivery status monotonically; finds the message by wamid, else by our outbox id in the callback data. */
export const receiveStatus = async (
  tx: Tx,
  keys: FieldKeys,
  channel: Channel,
  status: StatusUpdate,
): Promise<StatusResult> => {
  let message = await lockOutboundByWamid(tx, channel.id, status.wamid);
  const outboxId = outboxIdFromCallback(status.callbackData);
  if (!message && outboxId) message = await lockOutboundByOutboxId(tx, outboxId);
  if (!message) return "unmatched";
  const error = status.error
    ? {
        code: status.error.code,
        title: status.error.details ? `${status.error.title}: ${status.error.details}` : status.error.title,
        needsTemplate:
          classifyStatusError({ code: status.error.code, title: status.error.title }).kind ===
          "needs_template",
      }
    : undefined;
  const target = status.status === "played" ? "read" : status.status;
  const changed = await applyOutboundStatus(tx, message, target, status.timestamp, {
    wamid: status.wamid,
    error,
  });
  // A late 131047 (the window closed before delivery): the template fallback goes out instead, once.
  if (changed && error?.needsTemplate && message.outboxId) await queueFallback(tx, keys, message.outboxId);
  return changed ? "applied" : "unchanged";
};
