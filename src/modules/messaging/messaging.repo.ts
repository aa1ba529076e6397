import { and, eq, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { channels, contacts, conversations, messages } from "../../platform/db/schema/index.ts";
import { recordNewContact } from "../reports/rollups.service.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openJson, openTextOrNull, SEALED, sealJson, sealTextOrNull } from "../shared/sealed.ts";

export type Channel = typeof channels.$inferSelect;
/** A contact as the code sees it: `profileName` opened (it is sealed at rest: a citizen's name). */
export type Contact = typeof contacts.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
type MessageRow = typeof messages.$inferSelect;
/** A message as the code sees it: `content` opened (it is sealed at rest, see sealed.ts). */
export type Message = Omit<MessageRow, "content"> & { content: unknown };

/** Opens a message row read from the database; rows from before sealing pass as they are. */
export const openMessage = (keys: FieldKeys, row: MessageRow): Message => ({
  ...row,
  content: openJson(keys, row.content, SEALED.messageContent),
});

/** The WhatsApp display name of a contacts row read with SQL; rows from before sealing pass as they are. */
export const openProfileName = (keys: FieldKeys, stored: string | null): string | null =>
  openTextOrNull(keys, stored, SEALED.contactProfileName);

/** Opens a contacts row read from the database. */
export const openContact = (keys: FieldKeys, row: Contact): Contact => ({
  ...row,
  profileName: openProfileName(keys, row.profileName),
});

export const findContact = async (tx: Tx, keys: FieldKeys, id: string): Promise<Contact | undefined> => {
  const [row] = await tx.select().from(contacts).where(eq(contacts.id, id));
  return row && openContact(keys, row);
};

export const findChannelByPhoneNumberId = async (
  tx: Tx,
  phoneNumberId: string,
): Promise<Channel | undefined> =>
  (await tx.select().from(channels).where(eq(channels.phoneNumberId, phoneNumberId)).limit(1))[0];

export const findChannel = async (tx: Tx, id: string): Promise<Channel | undefined> =>
  (await tx.select().from(channels).where(eq(channels.id, id)).limit(1))[0];

export const findContactByIdentity = async (
  tx: Tx,
  keys: FieldKeys,
  officeId: string,
  identity: { waId?: string; userId?: string },
): Promise<Contact | undefined> => {
  const first = async (where: ReturnType<typeof and>) => {
    const [row] = await tx.select().from(contacts).where(where).limit(1);
    return row && openContact(keys, row);
  };
  if (identity.userId) {
    const byUser = await first(and(eq(contacts.officeId, officeId), eq(contacts.userId, identity.userId)));
    if (byUser) return byUser;
  }
  if (!identity.waId) return undefined;
  return first(and(eq(contacts.officeId, officeId), eq(contacts.waId, identity.waId)));
};

/** Inserts (the name sealed) unless a concurrent worker already did; the caller looks the contact up again either way. */
export const insertContactIfAbsent = async (
  tx: Tx,
  keys: FieldKeys,
  officeId: string,
  identity: { waId?: string; userId?: string; profileName?: string },
) => {
  const name = sealTextOrNull(keys, identity.profileName ?? null, SEALED.contactProfileName);
  const inserted = await rows<{ created_at: Date | string }>(
    tx,
    sql`
    INSERT INTO contacts (office_id, wa_id, user_id, profile_name)
    VALUES (${officeId}, ${identity.waId ?? null}, ${identity.userId ?? null}, ${name})
    ON CONFLICT DO NOTHING
    RETURNING created_at`,
  );
  if (inserted[0]) await recordNewContact(tx, officeId, new Date(inserted[0].created_at));
};

/** Fills in what a message newly tells about the contact; `contact` is opened, so names compare as text. */
export const fillContactIdentity = async (
  tx: Tx,
  keys: FieldKeys,
  contact: Contact,
  identity: { waId?: string; userId?: string; profileName?: string },
): Promise<Contact> => {
  const patch: Partial<Contact> = {};
  if (identity.waId && !contact.waId) patch.waId = identity.waId;
  if (identity.userId && !contact.userId) patch.userId = identity.userId;
  if (identity.profileName && identity.profileName !== contact.profileName)
    patch.profileName = sealTextOrNull(keys, identity.profileName, SEALED.contactProfileName);
  if (Object.keys(patch).length === 0) return contact;
  const [updated] = await tx
    .update(contacts)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(contacts.id, contact.id))
    .returning();
  return updated ? openContact(keys, updated) : contact;
};

/** The conversation row, created if needed and locked: one contact's messages are applied one at a time. */
export const lockConversation = async (
  tx: Tx,
  ids: { officeId: string; contactId: string; channelId: string },
): Promise<Conversation> => {
  await tx.execute(sql`
    INSERT INTO conversations (office_id, contact_id, channel_id)
    VALUES (${ids.officeId}, ${ids.contactId}, ${ids.channelId})
    ON CONFLICT (contact_id, channel_id) DO NOTHING`);
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactId, ids.contactId), eq(conversations.channelId, ids.channelId)))
    .for("update");
  if (!row) throw new Error("conversation vanished after insert");
  return row;
};

export const touchInbound = async (tx: Tx, conversationId: string, at: Date) => {
  await tx.execute(sql`
    UPDATE conversations
    SET last_inbound_at = GREATEST(COALESCE(last_inbound_at, ${at}), ${at}),
        awaiting_reply_since = COALESCE(awaiting_reply_since, ${at}),
        updated_at = now()
    WHERE id = ${conversationId}`);
};

/** An answer is going out: stops the first-response clock and says since when the citizen waited. */
export const takeAwaitingReply = async (tx: Tx, conversationId: string): Promise<Date | undefined> => {
  const [row] = await rows<{ since: Date | string | null }>(
    tx,
    sql`UPDATE conversations c SET awaiting_reply_since = NULL
          FROM (SELECT id, awaiting_reply_since AS since FROM conversations WHERE id = ${conversationId} FOR UPDATE) w
         WHERE c.id = w.id AND w.since IS NOT NULL
        RETURNING w.since`,
  );
  return row?.since ? new Date(row.since) : undefined;
};

/** Inserts an inbound message (content sealed); undefined when its wamid was already stored (a redelivery). */
export const insertInboundMessage = async (
  tx: Tx,
  keys: FieldKeys,
  m: {
    officeId: string;
    channelId: string;
    conversationId: string;
    wamid: string;
    type: string;
    content: unknown;
    occurredAt: Date;
    mediaStatus?: string;
  },
): Promise<string | undefined> => {
  const inserted = await rows<{ id: string }>(
    tx,
    sql`
    INSERT INTO messages (office_id, channel_id, conversation_id, direction, wamid, type, content, status, occurred_at, media_status)
    VALUES (${m.officeId}, ${m.channelId}, ${m.conversationId}, 'in', ${m.wamid}, ${m.type}, ${JSON.stringify(sealJson(keys, m.content, SEALED.messageContent))}::jsonb,
            'received', ${m.occurredAt}, ${m.mediaStatus ?? null})
    ON CONFLICT (channel_id, wamid) WHERE wamid IS NOT NULL DO NOTHING
    RETURNING id`,
  );
  return inserted[0]?.id;
};

export const lockOutboundByWamid = async (tx: Tx, channelId: string, wamid: string) =>
  (
    await tx
      .select()
      .from(messages)
      .where(and(eq(messages.channelId, channelId), eq(messages.wamid, wamid)))
      .for("update")
  )[0];

export const lockOutboundByOutboxId = async (tx: Tx, outboxId: number) =>
  (await tx.select().from(messages).where(eq(messages.outboxId, outboxId)).for("update"))[0];

export const updateMessage = async (tx: Tx, id: string, patch: Partial<Omit<MessageRow, "content">>) => {
  await tx.update(messages).set(patch).where(eq(messages.id, id));
};

export const insertOutboundMessage = async (
  tx: Tx,
  keys: FieldKeys,
  m: {
    id: string;
    officeId: string;
    channelId: string;
    conversationId: string;
    type: string;
    content: unknown;
    outboxId: number;
    occurredAt: Date;
    sentBy: string | null;
    responseSeconds: number | null;
  },
) => {
  const [row] = await tx
    .insert(messages)
    .values({
      ...m,
      content: sealJson(keys, m.content, SEALED.messageContent),
      direction: "out",
      status: "queued",
    })
    .returning({ id: messages.id });
  return row!.id;
};

/** The file name the sender gave an inbound document (images have none). Untrusted: sanitise before use. */
export const claimedFileName = async (
  tx: Tx,
  keys: FieldKeys,
  messageId: string,
): Promise<string | undefined> => {
  const [row] = await tx
    .select({ content: messages.content })
    .from(messages)
    .where(eq(messages.id, messageId));
  const content = row && (openJson(keys, row.content, SEALED.messageContent) as { filename?: unknown });
  const name = content?.filename;
  return typeof name === "string" ? name : undefined;
};
