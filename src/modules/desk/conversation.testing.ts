/** Test helpers for the chat view: a citizen's conversation, stored messages, and the bot's real inbound path. */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/client.ts";
import { rows } from "../../platform/db/client.ts";
import { conversations } from "../../platform/db/schema/index.ts";
import type { InboundContent } from "../../platform/whatsapp/types.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { createDraft, submitApplication } from "../applications/applications.service.ts";
import { receiveMessage, resolveContact } from "../messaging/inbound.service.ts";
import { findChannel, insertInboundMessage, lockConversation } from "../messaging/messaging.repo.ts";
import { openSendPayload } from "../messaging/outbound.service.ts";

export type Chat = { contactId: string; conversationId: string; phone: string };

/** A citizen's conversation, waiting in `handoverService`'s chat queue unless told otherwise. */
export const seedChat = (
  lontar: RunningLontar,
  database: Database,
  o: { phone: string; name: string; handoverService?: string | null; lastInboundAt?: Date },
): Promise<Chat> =>
  database.db.transaction(async (tx) => {
    const contact = await resolveContact(tx, lontar.keys, lontar.officeId, {
      waId: o.phone,
      profileName: o.name,
    });
    const conversation = await lockConversation(tx, {
      officeId: lontar.officeId,
      contactId: contact.id,
      channelId: lontar.channelId,
    });
    await tx
      .update(conversations)
      .set({
        lastInboundAt: o.lastInboundAt ?? new Date(),
        ...(o.handoverService !== null
          ? { handoverAt: new Date(), handoverService: o.handoverService ?? "kk" }
          : {}),
      })
      .where(eq(conversations.id, conversation.id));
    return { contactId: contact.id, conversationId: conversation.id, phone: o.phone };
  });

/** A stored inbound message, as the inbox would keep it (no bot turn). */
export const storeInbound = (
  lontar: RunningLontar,
  database: Database,
  chat: Chat,
  content: InboundContent,
  o: { at?: Date; blobId?: string } = {},
) =>
  database.db.transaction(async (tx) => {
    const id = await insertInboundMessage(tx, lontar.keys, {
      officeId: lontar.officeId,
      channelId: lontar.channelId,
      conversationId: chat.conversationId,
      wamid: `wamid.test.${randomUUID()}`,
      type: content.kind,
      content,
      occurredAt: o.at ?? new Date(),
      mediaStatus: o.blobId ? "stored" : undefined,
    });
    if (o.blobId) await tx.execute(sql`UPDATE messages SET blob_id = ${o.blobId} WHERE id = ${id}`);
    return id!;
  });

/** The citizen writes, through the real inbound path with the bot (as the webhook would, minus HTTP). */
export const citizenSays = async (lontar: RunningLontar, database: Database, chat: Chat, text: string) => {
  const onMessage = lontar.citizens?.onMessage;
  if (!onMessage) throw new Error("start Lontar with citizen: true");
  await database.db.transaction(async (tx) => {
    const channel = await findChannel(tx, lontar.channelId);
    await receiveMessage(tx, {
      keys: lontar.keys,
      channel: channel!,
      onMessage,
      message: {
        wamid: `wamid.test.${randomUUID()}`,
        from: { waId: chat.phone },
        timestamp: new Date(),
        content: { kind: "text", body: text },
      },
    });
  });
};

/** Outbound messages of the conversation, oldest first, with what the outbox will send (its payload opened). */
export const outboundOf = (lontar: RunningLontar, database: Database, chat: Chat) =>
  rows<{ id: string; type: string; status: string; payload: unknown; recipient: string | null }>(
    database.db,
    sql`SELECT m.id, m.type, m.status, o.payload, o.recipient
        FROM messages m JOIN outbox o ON o.id = m.outbox_id
        WHERE m.conversation_id = ${chat.conversationId} AND m.direction = 'out'
        ORDER BY m.created_at, m.id`,
  ).then((list) =>
    list.map(({ payload, ...m }) => ({
      ...m,
      body: openSendPayload(lontar.keys, payload).body as unknown as Record<string, unknown>,
    })),
  );

export const conversationRow = async (database: Database, chat: Chat) =>
  (await database.db.select().from(conversations).where(eq(conversations.id, chat.conversationId)))[0]!;

/** A submitted KK application of this citizen: the latest one gives {nomor}. */
export const submitKk = (lontar: RunningLontar, database: Database, chat: Chat, applicantName: string) =>
  database.db.transaction(async (tx) => {
    const { catalogue, calendar, keys } = lontar.citizens!.deps;
    const draft = await createDraft(tx, {
      officeId: lontar.officeId,
      contactId: chat.contactId,
      conversationId: chat.conversationId,
      catalogue,
      serviceCode: "kk",
      variantCode: "hilang_rusak",
      applicantName,
      keys,
    });
    const { application } = await submitApplication(tx, {
      officeId: lontar.officeId,
      applicationId: draft.id,
      actor: { kind: "citizen", contactId: chat.contactId },
      catalogue,
      calendar,
    });
    return application.trackingNumber!;
  });
