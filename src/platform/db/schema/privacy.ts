import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./messaging.ts";
import { offices, operators } from "./tenancy.ts";

/**
 * Consent to optional processing (UU 27/2022): one row per change, newest wins. Purposes: survey | broadcast.
 * Withdrawal (STOP / BERHENTI) is a row with granted = false and takes effect at once.
 */
export const consents = pgTable(
  "consents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    purpose: text("purpose").notNull(),
    granted: boolean("granted").notNull(),
    /** keyword | bot | desk — how it was given or withdrawn. */
    source: text("source").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("consents_contact_idx").on(t.contactId, t.purpose, t.at)],
);

/** Which version of the privacy notice a citizen was shown, and when (the notice is versioned in the catalogue). */
export const privacyNoticeViews = pgTable(
  "privacy_notice_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    version: text("version").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("privacy_notice_views_contact_idx").on(t.contactId, t.at)],
);

/**
 * A data-subject request made on WhatsApp: a copy of one's data, or deletion of optional data. The clock is
 * 3×24 hours from the confirmation.
 */
export const dataSubjectRequests = pgTable(
  "data_subject_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    /** copy | delete_optional */
    kind: text("kind").notNull(),
    /** awaiting_confirmation | open | done | refused | expired */
    status: text("status").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    dueAt: timestamp("due_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    handledBy: uuid("handled_by").references(() => operators.id),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("data_subject_requests_queue_idx").on(t.officeId, t.status, t.dueAt),
    index("data_subject_requests_contact_idx")
      .on(t.contactId)
      .where(sql`status IN ('awaiting_confirmation', 'open')`),
  ],
);
