import { eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { conversations, messages, pendingAttachments } from "../../platform/db/schema/index.ts";
import type { BotState } from "../bot/types.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { sealBotState } from "./bot-state.ts";

export const saveBotState = async (tx: Tx, keys: FieldKeys, conversationId: string, state: BotState) => {
  await tx
    .update(conversations)
    .set({ botState: sealBotState(keys, state), updatedAt: new Date() })
    .where(eq(conversations.id, conversationId));
};

export const setHandover = async (tx: Tx, conversationId: string, serviceCode: string | undefined) => {
  await tx
    .update(conversations)
    .set({ handoverAt: new Date(), handoverService: serviceCode ?? null, updatedAt: new Date() })
    .where(eq(conversations.id, conversationId));
};

export const clearHandover = async (tx: Tx, conversationId: string) => {
  await tx
    .update(conversations)
    .set({ handoverAt: null, handoverService: null, updatedAt: new Date() })
    .where(eq(conversations.id, conversationId));
};

/** The stored blob of each message (null while its download is still running). */
export const blobsOfMessages = async (tx: Tx, messageIds: string[]) =>
  messageIds.length === 0
    ? []
    : tx
        .select({ id: messages.id, blobId: messages.blobId, mediaStatus: messages.mediaStatus })
        .from(messages)
        .where(inArray(messages.id, messageIds));

export const insertPendingAttachment = async (
  tx: Tx,
  row: { officeId: string; messageId: string; applicationId: string; requirementId: string },
) => {
  await tx.insert(pendingAttachments).values(row);
};

/** Removes and returns what waited for this message's file. */
export const takePendingAttachments = async (tx: Tx, messageId: string) =>
  tx.execute(
    sql`DELETE FROM pending_attachments WHERE message_id = ${messageId} RETURNING office_id, application_id, requirement_id`,
  ) as unknown as Promise<{
    rows: Array<{ office_id: string; application_id: string; requirement_id: string }>;
  }>;

export const countPendingAttachments = async (tx: Tx, applicationId: string): Promise<number> =>
  (
    await tx
      .select({ id: pendingAttachments.id })
      .from(pendingAttachments)
      .where(eq(pendingAttachments.applicationId, applicationId))
  ).length;
