/**
 * queueMessage (messaging/outbound.service.ts) for a whole batch: the same message rows (sealed, status
 * queued) and outbox "send" rows with the same (sealed) payload, in the caller's transaction, in two statements
 * instead of several per recipient. Unlike queueMessage it leaves the conversations' response clock alone:
 * a broadcast answers nobody who is waiting for an officer.
 */
import { randomUUID } from "node:crypto";
import type { Tx } from "../../platform/db/client.ts";
import { messages, outbox } from "../../platform/db/schema/index.ts";
import type { OutboundMessage } from "../../platform/whatsapp/types.ts";
import { sealSendPayload } from "../messaging/outbound.service.ts";
import { recordBroadcastQueued } from "../reports/rollups.service.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { SEALED, type Sealed, sealJson } from "../shared/sealed.ts";
import type { ConversationRef } from "./recipients.repo.ts";

export type BatchItem = {
  key: string;
  conversation: ConversationRef;
  recipient: string;
  body: OutboundMessage;
};

/** Returns, per item key, the message and outbox ids it was queued under. */
export const queueMessages = async (
  tx: Tx,
  keys: FieldKeys,
  items: BatchItem[],
  campaign: { id: string; officeId: string },
): Promise<Map<string, { messageId: string; outboxId: number }>> => {
  if (items.length === 0) return new Map();
  const now = new Date();
  const withIds = items.map((item) => {
    const messageId = randomUUID();
    return { ...item, messageId, payload: sealSendPayload(keys, { messageId, body: item.body }) };
  });
  const inserted = await tx
    .insert(outbox)
    .values(
      withIds.map((i) => ({
        officeId: i.conversation.officeId,
        channelId: i.conversation.channelId,
        kind: "send",
        payload: i.payload,
        recipient: i.recipient,
        runAt: now,
      })),
    )
    .returning({ id: outbox.id, payload: outbox.payload });
  // RETURNING promises no order: rows are matched by their sealed payload, unique per row (a random IV each),
  // so nothing is decrypted to find them.
  const byToken = new Map(inserted.map((r) => [(r.payload as Sealed).sealed, r.id]));
  const outboxIdOf = new Map(withIds.map((i) => [i.messageId, byToken.get(i.payload.sealed)!]));
  await tx.insert(messages).values(
    withIds.map((i) => ({
      id: i.messageId,
      officeId: i.conversation.officeId,
      channelId: i.conversation.channelId,
      conversationId: i.conversation.id,
      direction: "out",
      type: i.body.type,
      content: sealJson(keys, i.body, SEALED.messageContent),
      status: "queued",
      outboxId: outboxIdOf.get(i.messageId)!,
      occurredAt: now,
      campaignId: campaign.id,
    })),
  );
  await recordBroadcastQueued(tx, { officeId: campaign.officeId, at: now, count: items.length });
  return new Map(
    withIds.map((i) => [i.key, { messageId: i.messageId, outboxId: outboxIdOf.get(i.messageId)! }]),
  );
};
