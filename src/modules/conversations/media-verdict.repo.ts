import { eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { blobs, conversations, messages } from "../../platform/db/schema/index.ts";
import { findContact } from "../messaging/messaging.repo.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";

/** The conversation a message belongs to, locked (a bot turn for the same contact waits), with its contact. */
export const lockConversationOfMessage = async (tx: Tx, keys: FieldKeys, messageId: string) => {
  const [message] = await tx
    .select({ conversationId: messages.conversationId, type: messages.type })
    .from(messages)
    .where(eq(messages.id, messageId));
  if (!message) return undefined;
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, message.conversationId))
    .for("update");
  if (!conversation) return undefined;
  const contact = await findContact(tx, keys, conversation.contactId);
  return contact && { conversation, contact, messageType: message.type };
};

export const blobMimeType = async (tx: Tx, blobId: string): Promise<string | undefined> =>
  (await tx.select({ mimeType: blobs.mimeType }).from(blobs).where(eq(blobs.id, blobId)))[0]?.mimeType;
