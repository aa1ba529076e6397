import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { contacts } from "./messaging.ts";
import { channels, offices, operators } from "./tenancy.ts";

/**
 * Templates written in the desk (broadcast and other office templates), with Meta's review status as the
 * admin enters it. The system's own templates live in catalogue/templates.json with their status in
 * template_statuses; the registry page shows both.
 */
export const messageTemplates = pgTable(
  "message_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    language: text("language").notNull(),
    /** utility | marketing */
    category: text("category").notNull(),
    purpose: text("purpose").notNull().default(""),
    /** { type: "text", text } | { type: "document" | "image" } | null */
    header: jsonb("header").$type<Record<string, unknown>>(),
    body: text("body").notNull(),
    footer: text("footer"),
    /** [{ type: "quick_reply" | "url", text, url? }] */
    buttons: jsonb("buttons").$type<Array<Record<string, unknown>>>().notNull().default([]),
    /** [{ name, example }] in {{1}}, {{2}}, … order */
    variables: jsonb("variables").$type<Array<{ name: string; example: string }>>().notNull().default([]),
    /** draft | submitted | approved | rejected | paused */
    status: text("status").notNull().default("draft"),
    statusNote: text("status_note"),
    updatedBy: uuid("updated_by").references(() => operators.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("message_templates_name_key").on(t.officeId, t.name, t.language)],
);

/** A broadcast to opted-in contacts, sent as an approved template, throttled within the messaging tier. */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => messageTemplates.id),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    /** Values for the template's variables, in order. */
    parameters: jsonb("parameters").$type<string[]>().notNull().default([]),
    /** Audience filters: { kecamatan?, services?, turns17ThisMonth?, childWithoutKia? } */
    filters: jsonb("filters").$type<Record<string, unknown>>().notNull().default({}),
    /** draft | scheduled | running | paused | done | cancelled */
    status: text("status").notNull().default("draft"),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    recipients: integer("recipients").notNull().default(0),
    /** The estimate shown when it was scheduled: recipients × the category's rate. */
    costEstimate: numeric("cost_estimate"),
    costCurrency: text("cost_currency"),
    createdBy: uuid("created_by").references(() => operators.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaigns_office_idx").on(t.officeId, t.status)],
);

/**
 * One row per recipient, made when the campaign starts. A row is queued at most once (status moves from
 * pending under a row lock), so a restart never sends anyone twice; an opt-out seen before queueing skips it.
 */
export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** pending | queued | skipped (opted out) — the delivery status is on the message */
    status: text("status").notNull().default("pending"),
    messageId: uuid("message_id"),
    outboxId: bigint("outbox_id", { mode: "number" }),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.contactId] }),
    index("campaign_recipients_pending_idx").on(t.campaignId).where(sql`status = 'pending'`),
    index("campaign_recipients_queued_idx").on(t.officeId, t.queuedAt),
  ],
);
