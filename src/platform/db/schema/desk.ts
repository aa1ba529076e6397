import {
  bigint,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { applications } from "./applications.ts";
import { offices, operators } from "./tenancy.ts";

/**
 * A desk login. The cookie carries a random token; only its sha256 is stored, so a stolen database
 * dump opens no session. The CSRF token is per session and travels in forms and the htmx header.
 */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    /** Password accepted but the TOTP code not yet: the session opens nothing but the code page. */
    pendingSecondFactor: text("pending_second_factor"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("sessions_operator_idx").on(t.operatorId)],
);

/**
 * Append-only record of who saw or did what to personal data. Each row carries the hash of the previous
 * row of its office, so a deleted or edited row breaks the chain.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    actorId: uuid("actor_id"),
    /** e.g. file.view, nik.reveal, login, login.failed, session.revoke */
    action: text("action").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    details: jsonb("details"),
    /** The client address of the request that caused it (desk acts), when there was one. */
    ip: text("ip"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_log_office_idx").on(t.officeId, t.id)],
);

/** Internal notes on an application: staff only, never sent to the citizen. */
export const applicationNotes = pgTable(
  "application_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => operators.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("application_notes_application_idx").on(t.applicationId, t.createdAt)],
);

/** Ready answers operators insert in the reply box; {nama} and {nomor} are filled in per conversation. */
export const cannedResponses = pgTable(
  "canned_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    locale: text("locale").notNull().default("id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("canned_responses_title_key").on(t.officeId, t.title)],
);

/**
 * Meta's review status of each catalogue template, as the admin enters it (Lontar cannot ask Meta):
 * draft | submitted | approved | rejected | paused. Only approved ones are offered outside the 24-hour window.
 */
export const templateStatuses = pgTable(
  "template_statuses",
  {
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    name: text("name").notNull(),
    language: text("language").notNull(),
    status: text("status").notNull(),
    updatedBy: uuid("updated_by").references(() => operators.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.name, t.language] })],
);
