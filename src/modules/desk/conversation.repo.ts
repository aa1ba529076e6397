/** Queries of the desk's conversation view: the chat, who the citizen is, ready answers and approved templates. */
import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import {
  applications,
  cannedResponses,
  conversations,
  messages,
  operators,
  templateStatuses,
} from "../../platform/db/schema/index.ts";
import { type Conversation, type Message, openMessage } from "../messaging/messaging.repo.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";

export type CannedResponse = typeof cannedResponses.$inferSelect;

/** The newest `limit` messages, oldest first (contents opened), and whether older ones exist. */
export const newestMessages = async (
  tx: Tx,
  keys: FieldKeys,
  conversationId: string,
  limit: number,
): Promise<{ messages: Message[]; hasOlder: boolean }> => {
  const found = await tx
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.occurredAt), desc(messages.createdAt), desc(messages.id))
    .limit(limit + 1);
  const newest = found.slice(0, limit).reverse();
  return { messages: newest.map((m) => openMessage(keys, m)), hasOlder: found.length > limit };
};

export const operatorName = async (tx: Tx, operatorId: string | null): Promise<string | undefined> =>
  operatorId
    ? (
        await tx.select({ name: operators.displayName }).from(operators).where(eq(operators.id, operatorId))
      )[0]?.name
    : undefined;

/** The citizen's latest application that has a tracking number (drafts have none yet). */
export const latestApplicationOf = async (
  tx: Tx,
  o: { officeId: string; contactId: string },
): Promise<{ trackingNumber: string | null; applicantName: string | null } | undefined> =>
  (
    await tx
      .select({ trackingNumber: applications.trackingNumber, applicantName: applications.applicantName })
      .from(applications)
      .where(
        and(
          eq(applications.officeId, o.officeId),
          eq(applications.contactId, o.contactId),
          isNotNull(applications.trackingNumber),
        ),
      )
      .orderBy(desc(applications.createdAt), desc(applications.id))
      .limit(1)
  )[0];

export const listCanned = (tx: Tx, officeId: string): Promise<CannedResponse[]> =>
  tx
    .select()
    .from(cannedResponses)
    .where(eq(cannedResponses.officeId, officeId))
    .orderBy(asc(cannedResponses.title));

export const findCanned = async (tx: Tx, officeId: string, id: string): Promise<CannedResponse | undefined> =>
  (
    await tx
      .select()
      .from(cannedResponses)
      .where(and(eq(cannedResponses.officeId, officeId), eq(cannedResponses.id, id)))
  )[0];

/** (name, language) pairs the admin marked approved by Meta for this office. */
export const approvedTemplateKeys = async (tx: Tx, officeId: string): Promise<Set<string>> => {
  const found = await tx
    .select({ name: templateStatuses.name, language: templateStatuses.language })
    .from(templateStatuses)
    .where(and(eq(templateStatuses.officeId, officeId), eq(templateStatuses.status, "approved")));
  return new Set(found.map((t) => templateKey(t.name, t.language)));
};

export const templateKey = (name: string, language: string) => `${name}:${language}`;

/** The row lock a bot turn also takes: a hand-over and a citizen's message are applied one after the other. */
export const lockConversationRow = async (tx: Tx, id: string): Promise<Conversation> => {
  const [row] = await tx.select().from(conversations).where(eq(conversations.id, id)).for("update");
  if (!row) throw new Error("conversation vanished while locked");
  return row;
};

export const updateConversation = async (
  tx: Tx,
  id: string,
  patch: Partial<Pick<Conversation, "heldBy" | "handoverAt" | "handoverService" | "botState">>,
) => {
  await tx
    .update(conversations)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(conversations.id, id));
};
