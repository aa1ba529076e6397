import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { channels, offices } from "./tenancy.ts";

/** A citizen as WhatsApp identifies them: our own id, with wa_id and/or the business-scoped user_id. */
export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    waId: text("wa_id"),
    userId: text("user_id"),
    profileName: text("profile_name"),
    locale: text("locale").notNull().default("id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("contacts_office_wa_id_key").on(t.officeId, t.waId).where(sql`wa_id IS NOT NULL`),
    uniqueIndex("contacts_office_user_id_key").on(t.officeId, t.userId).where(sql`user_id IS NOT NULL`),
  ],
);

/** Contact × channel: where the 24-hour customer-service window and (later) the bot state live. */
export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
    lastOutboundAt: timestamp("last_outbound_at", { withTimezone: true }),
    /** Sealed (modules/shared/sealed.ts): `{ sealed, flow: { name }, remindedAt }`; the clear part is for the draft timers. */
    botState: jsonb("bot_state").$type<{ sealed: string }>(),
    heldBy: uuid("held_by"),
    /** The citizen asked for a person (PETUGAS): the conversation waits in this service's queue. */
    handoverAt: timestamp("handover_at", { withTimezone: true }),
    handoverService: text("handover_service"),
    /** The first citizen message not yet answered (null when answered): the first-response clock. */
    awaitingReplySince: timestamp("awaiting_reply_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("conversations_contact_channel_key").on(t.contactId, t.channelId)],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id),
    direction: text("direction").notNull(),
    wamid: text("wamid"),
    type: text("type").notNull(),
    /** Sealed (modules/shared/sealed.ts): read and written through messaging.repo.ts. */
    content: jsonb("content").$type<{ sealed: string }>().notNull(),
    /** Inbound: received. Outbound: queued < accepted < sent < delivered < read; failed is terminal. */
    status: text("status").notNull(),
    statusAt: timestamp("status_at", { withTimezone: true }).notNull().defaultNow(),
    errorCode: integer("error_code"),
    errorTitle: text("error_title"),
    needsTemplate: boolean("needs_template").notNull().default(false),
    outboxId: bigint("outbox_id", { mode: "number" }),
    blobId: uuid("blob_id"),
    mediaStatus: text("media_status"),
    /** Outbound: when Meta accepted it (the outbox lag the reports measure is accepted_at − occurred_at). */
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    /** Outbound: the operator who wrote it; null when the bot or the system sent it. */
    sentBy: uuid("sent_by"),
    /** Outbound that answered a waiting citizen: seconds since their first unanswered message. */
    responseSeconds: integer("response_seconds"),
    /** Outbound sent by a broadcast campaign (its reach is counted in the reports' rollups). */
    campaignId: uuid("campaign_id"),
    /** WhatsApp's timestamp for inbound messages; our enqueue time for outbound. */
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("messages_channel_wamid_key").on(t.channelId, t.wamid).where(sql`wamid IS NOT NULL`),
    index("messages_conversation_idx").on(t.conversationId, t.occurredAt),
    index("messages_outbox_idx").on(t.outboxId),
  ],
);

export const blobs = pgTable(
  "blobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    storageKey: text("storage_key").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    mimeType: text("mime_type").notNull(),
    /** Which backend holds the bytes: fs | s3. */
    backend: text("backend").notNull().default("fs"),
    /** The master key that wraps this object's data key (rotate-keys re-wraps and updates it). */
    keyId: text("key_id"),
    /** citizen_document | chat_media | result | receipt | complaint_photo | data_copy (what retention and the storage page group by). */
    kind: text("kind"),
    /** The name the sender gave the file, sanitised; never trusted for the type. */
    originalName: text("original_name"),
    /** Bytes deleted by the retention purge; the row (metadata) is kept. */
    purgedAt: timestamp("purged_at", { withTimezone: true }),
    /**
     * Some application uses the file (blob_references holds a row for it). Kept by triggers (migration 0013)
     * so that files no application uses have an index of their own for their retention rule.
     */
    referenced: boolean("referenced").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("blobs_office_created_idx").on(t.officeId, t.createdAt),
    // Files stored without a key id (from before key ids): the privacy report counts them, and wants none.
    index("blobs_unencrypted_idx").on(t.officeId, t.createdAt).where(sql`key_id IS NULL`),
    // Stored files no application uses, by kind and age: their retention rule reads one range per kind.
    index("blobs_unlinked_idx")
      .on(t.officeId, sql`COALESCE(kind, '')`, t.createdAt)
      .where(sql`purged_at IS NULL AND NOT referenced`),
  ],
);

/**
 * A file the citizen sent for an application before its download finished: attached to the application
 * as soon as the blob is stored (the media download runs beside the conversation).
 */
export const pendingAttachments = pgTable(
  "pending_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    applicationId: uuid("application_id").notNull(),
    requirementId: text("requirement_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pending_attachments_message_idx").on(t.messageId)],
);
