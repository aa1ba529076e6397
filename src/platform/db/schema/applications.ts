import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { contacts, conversations } from "./messaging.ts";
import { offices, operators } from "./tenancy.ts";

/**
 * One citizen request for one catalogue service (variant). Status and flags follow
 * src/modules/applications/lifecycle.ts. The subject's NIK is stored only encrypted, with a keyed blind index
 * for duplicate detection and lookup.
 */
export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** Allocated at submission; drafts have none. */
    trackingNumber: text("tracking_number"),
    serviceCode: text("service_code").notNull(),
    variantCode: text("variant_code"),
    /** The catalogue the rules came from, re-stamped at submission (what the citizen was promised). */
    catalogueVersion: text("catalogue_version").notNull(),
    catalogueDigest: text("catalogue_digest").notNull(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    conversationId: uuid("conversation_id").references(() => conversations.id),
    applicantName: text("applicant_name"),
    /** The applicant's relation to the subject: self | child | parent | spouse | other. */
    relationship: text("relationship").notNull().default("self"),
    subjectNikEncrypted: text("subject_nik_encrypted"),
    subjectNikIndex: text("subject_nik_index"),
    /** Other answers the bot collected, by catalogue field id. */
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").notNull().default("draft"),
    flags: text("flags").array().notNull().default(sql`'{}'::text[]`),
    assignedTo: uuid("assigned_to").references(() => operators.id),
    slaValue: doublePrecision("sla_value"),
    slaUnit: text("sla_unit"),
    /** First submission: the SLA clock starts here and never restarts. */
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    /** Due instant including the pauses known so far (revisions, SIAK outages); kept for queue sorting. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    /** Start of the current revision pause; null while the clock runs. */
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    /** The unguessable code of the receipt's public verification page /v/<code>. */
    receiptCode: text("receipt_code"),
    receiptBlobId: uuid("receipt_blob_id"),
    resultBlobIds: uuid("result_blob_ids").array().notNull().default(sql`'{}'::uuid[]`),
    pickup: boolean("pickup").notNull().default(false),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** Set on any terminal status (completed, rejected, cancelled, expired). */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("applications_tracking_number_key").on(t.trackingNumber),
    uniqueIndex("applications_receipt_code_key").on(t.receiptCode),
    index("applications_queue_idx").on(t.officeId, t.status, t.dueAt),
    index("applications_contact_idx").on(t.contactId, t.createdAt),
    index("applications_subject_idx").on(t.officeId, t.subjectNikIndex, t.serviceCode),
  ],
);

/** One catalogue requirement of an application: its uploaded pages and the operator's verdict. */
export const applicationItems = pgTable(
  "application_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    requirementId: text("requirement_id").notNull(),
    /** Blob ids in page order. */
    blobIds: uuid("blob_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** pending | accepted | rejected */
    verification: text("verification").notNull().default("pending"),
    rejectionReason: text("rejection_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("application_items_requirement_key").on(t.applicationId, t.requirementId)],
);

/** Append-only history: every transition (who, when, why). SLA pauses are derived from it. */
export const applicationEvents = pgTable(
  "application_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromStatus: text("from_status").notNull(),
    toStatus: text("to_status").notNull(),
    /** citizen | operator | system (supervisors are operators) */
    actorKind: text("actor_kind").notNull(),
    actorId: uuid("actor_id"),
    reason: text("reason"),
    details: jsonb("details"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("application_events_application_idx").on(t.applicationId, t.at, t.id)],
);

/** A declared SIAK (central registry) outage: every open clock of the office is paused while it lasts. */
export const siakOutages = pgTable(
  "siak_outages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    declaredBy: uuid("declared_by").references(() => operators.id),
    endedBy: uuid("ended_by").references(() => operators.id),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // At most one open outage per office: declaring twice is a mistake, not a second outage.
    uniqueIndex("siak_outages_open_key").on(t.officeId).where(sql`ended_at IS NULL`),
    index("siak_outages_office_idx").on(t.officeId, t.startedAt),
  ],
);

/** Last sequence handed out per office + kind (A, P) + month (yymm); bumped with INSERT … ON CONFLICT. */
export const trackingCounters = pgTable(
  "tracking_counters",
  {
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    kind: text("kind").notNull(),
    period: text("period").notNull(),
    lastValue: integer("last_value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.kind, t.period] })],
);

/**
 * Which applications use which stored file: one row per (file, application) reference in
 * application_items.blob_ids, applications.result_blob_ids and applications.receipt_blob_id, unless the file is
 * purged, with copies of the application's office, service and closed_at. Database triggers (migration
 * 0012_retention_indexes) keep it so whoever writes, so the retention purge and its report find due files in
 * an index over about one retention period's references instead of reading every application ever
 * (retention.repo.ts).
 */
export const blobReferences = pgTable(
  "blob_references",
  {
    blobId: uuid("blob_id").notNull(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade", onUpdate: "cascade" }),
    serviceCode: text("service_code").notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    officeId: uuid("office_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.blobId] }),
    // Everything a file's due time needs, read from the index alone.
    index("blob_references_blob_idx").on(t.blobId, t.serviceCode, t.closedAt),
    index("blob_references_closed_idx")
      .on(t.officeId, t.serviceCode, t.closedAt, t.blobId)
      .where(sql`closed_at IS NOT NULL`),
  ],
);
