import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { outbox } from "../../platform/db/schema/index.ts";
import { enqueue } from "../../platform/queue/outbox.ts";
import type { OutboundMessage, ReadReceipt } from "../../platform/whatsapp/types.ts";
import { recordDeliveryChange, recordResponse } from "../reports/rollups.service.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openJson, SEALED, sealJson } from "../shared/sealed.ts";
import { advanceStatus, isOutboundStatus } from "./delivery-status.ts";
import {
  type Conversation,
  insertOutboundMessage,
  lockOutboundByOutboxId,
  type Message,
  takeAwaitingReply,
  updateMessage,
} from "./messaging.repo.ts";

/**
 * What an outbox "send" row carries, sealed at rest (the body holds the text, captions and template
 * parameters a citizen reads). `upload` names a stored blob to upload to /media first.
 */
export type SendPayload = {
  messageId?: string;
  body: OutboundMessage | ReadReceipt;
  upload?: { storageKey: string; mimeType: string; filename: string };
  /** The approved template to send instead if Meta answers 131047 (the 24-hour window has closed). */
  fallback?: OutboundMessage;
};

export const sealSendPayload = (keys: FieldKeys, payload: SendPayload) =>
  sealJson(keys, payload, SEALED.outboxPayload);

/** A claimed or locked row's payload; rows queued before sealing existed read as they are. */
export const openSendPayload = (keys: FieldKeys, stored: unknown) =>
  openJson(keys, stored, SEALED.outboxPayload) as SendPayload;

export const CALLBACK_PREFIX = "lontar:ob:";
export const callbackDataFor = (outboxId: number) => `${CALLBACK_PREFIX}${outboxId}`;
export const outboxIdFromCallback = (data: string | undefined): number | undefined => {
  if (!data?.startsWith(CALLBACK_PREFIX)) return undefined;
  const id = Number(data.slice(CALLBACK_PREFIX.length));
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
};

/**
 * Queues a message to a citizen in the caller's transaction: the message row (status queued, shown in the
 * desk at once) and the outbox row that will send it. Nothing is sent from here.
 */
export const queueMessage = async (
  tx: Tx,
  keys: FieldKeys,
  o: {
    conversation: Pick<Conversation, "id" | "officeId" | "channelId">;
    recipient: string;
    body: OutboundMessage;
    upload?: SendPayload["upload"];
    fallback?: OutboundMessage;
    /** The operator who wrote it (the desk); absent for the bot and the system. */
    sentBy?: string;
  },
): Promise<{ messageId: string; outboxId: number }> => {
  const messageId = randomUUID();
  const { officeId, channelId, id: conversationId } = o.conversation;
  const payload: SendPayload = { messageId, body: o.body, upload: o.upload, fallback: o.fallback };
  const outboxId = await enqueue(tx, {
    officeId,
    channelId,
    kind: "send",
    payload: sealSendPayload(keys, payload),
    recipient: o.recipient,
  });
  const now = new Date();
  const waitingSince = await takeAwaitingReply(tx, conversationId);
  const responseSeconds = waitingSince
    ? Math.max(0, Math.round((now.getTime() - waitingSince.getTime()) / 1000))
    : null;
  await insertOutboundMessage(tx, keys, {
    occurredAt: now,
    sentBy: o.sentBy ?? null,
    responseSeconds,
    officeId,
    channelId,
    conversationId,
    type: o.body.type,
    content: o.body,
    outboxId,
    id: messageId,
  });
  if (responseSeconds !== null)
    await recordResponse(tx, { officeId, at: now, seconds: responseSeconds, sentBy: o.sentBy ?? null });
  return { messageId, outboxId };
};

/** Mark-as-read: blue ticks for the citizen; no message row of its own. */
export const queueReadReceipt = async (
  tx: Tx,
  keys: FieldKeys,
  conversation: Conversation,
  receipt: ReadReceipt,
) =>
  enqueue(tx, {
    officeId: conversation.officeId,
    channelId: conversation.channelId,
    kind: "send",
    payload: sealSendPayload(keys, { body: receipt }),
  });

/** Meta accepted the send: record the wamid (unless a status webhook got there first) and move the status. */
export const recordAccepted = async (tx: Tx, outboxId: number, wamid: string | undefined) => {
  const message = await lockOutboundByOutboxId(tx, outboxId);
  if (!message) return;
  await applyOutboundStatus(tx, message, "accepted", new Date(), { wamid });
};

export const recordSendFailure = async (
  tx: Tx,
  outboxId: number,
  failure: { code?: number; title: string; needsTemplate: boolean },
) => {
  const message = await lockOutboundByOutboxId(tx, outboxId);
  if (!message) return;
  await applyOutboundStatus(tx, message, "failed", new Date(), { error: failure });
};

/** The single place an outbound message's status moves, monotonically. */
export const applyOutboundStatus = async (
  tx: Tx,
  message: Message,
  incoming: string,
  at: Date,
  extra: { wamid?: string; error?: { code?: number; title: string; needsTemplate: boolean } } = {},
): Promise<boolean> => {
  const current = isOutboundStatus(message.status) ? message.status : "queued";
  const next = isOutboundStatus(incoming) ? advanceStatus(current, incoming) : undefined;
  const patch: Partial<Message> = {};
  if (extra.wamid && !message.wamid) patch.wamid = extra.wamid;
  if (next) {
    patch.status = next;
    patch.statusAt = at;
  }
  if (next === "failed" && extra.error) {
    patch.errorCode = extra.error.code ?? null;
    patch.errorTitle = extra.error.title;
    patch.needsTemplate = extra.error.needsTemplate;
  }
  // The first move past "queued" is Meta accepting it: the outbox lag ends here.
  const accepted = next && next !== "failed" && !message.acceptedAt ? at : undefined;
  if (accepted) patch.acceptedAt = accepted;
  if (Object.keys(patch).length === 0) return false;
  await updateMessage(tx, message.id, patch);
  if (next)
    await recordDeliveryChange(
      tx,
      { ...message, from: current, to: next, errorCode: patch.errorCode ?? message.errorCode },
      accepted,
    );
  return Boolean(next);
};

/**
 * After a 131047 (synchronous, or a failed status later), queue the message's template fallback once.
 * Returns whether there was one.
 */
export const queueFallback = async (tx: Tx, keys: FieldKeys, outboxId: number): Promise<boolean> => {
  const [row] = await tx.select().from(outbox).where(eq(outbox.id, outboxId)).for("update");
  const payload = row ? openSendPayload(keys, row.payload) : undefined;
  const message = await lockOutboundByOutboxId(tx, outboxId);
  if (!row || !payload?.fallback || !message || !row.recipient) return false;
  await tx
    .update(outbox)
    .set({ payload: sealSendPayload(keys, { ...payload, fallback: undefined }) })
    .where(eq(outbox.id, outboxId));
  await queueMessage(tx, keys, {
    conversation: { id: message.conversationId, officeId: row.officeId, channelId: row.channelId },
    recipient: row.recipient,
    body: payload.fallback,
    upload: payload.upload,
  });
  return true;
};
