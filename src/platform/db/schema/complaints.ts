import { sql } from "drizzle-orm";
import { bigint, boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { applications } from "./applications.ts";
import { contacts, conversations } from "./messaging.ts";
import { offices, operators } from "./tenancy.ts";

/**
 * A complaint (pengaduan) on the SP4N-LAPOR! clocks: received → verified → answered → closed.
 * Fee reports are flagged to a supervisor at once: Dukcapil services are free by law (UU 24/2013 Pasal 79A).
 */
export const complaints = pgTable(
  "complaints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    trackingNumber: text("tracking_number").notNull(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id),
    conversationId: uuid("conversation_id").references(() => conversations.id),
    /** The application complained about, when the citizen named one. */
    applicationId: uuid("application_id").references(() => applications.id),
    /** layanan_lambat | pungli_biaya | sikap_petugas | data_salah | lainnya */
    category: text("category").notNull(),
    description: text("description").notNull(),
    /** The reporter's identity is hidden from the staff the complaint is about. */
    confidential: boolean("confidential").notNull().default(false),
    status: text("status").notNull().default("received"),
    flaggedToSupervisor: boolean("flagged_to_supervisor").notNull().default(false),
    photoBlobIds: uuid("photo_blob_ids").array().notNull().default(sql`'{}'::uuid[]`),
    laporReference: text("lapor_reference"),
    assignedTo: uuid("assigned_to").references(() => operators.id),
    answer: text("answer"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    verificationDueAt: timestamp("verification_due_at", { withTimezone: true }).notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    followUpDueAt: timestamp("follow_up_due_at", { withTimezone: true }),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    autoCloseAt: timestamp("auto_close_at", { withTimezone: true }),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** confirmed (the reporter agreed) | no_response (auto-closed) | not_our_authority (referred) */
    closeReason: text("close_reason"),
    /** Not this office's authority: the office the reporter was told to go to instead. */
    referredTo: text("referred_to"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("complaints_tracking_number_key").on(t.trackingNumber),
    index("complaints_queue_idx").on(t.officeId, t.status),
    index("complaints_contact_idx").on(t.contactId, t.createdAt),
    index("complaints_auto_close_idx").on(t.status, t.autoCloseAt),
    // Which complaints hold a file (photo_blob_ids @> ARRAY[id]): retention keeps an open complaint's photos.
    // No pending list: complaints are few, and an embedded install is never vacuumed to flush one.
    index("complaints_photos_idx").using("gin", t.photoBlobIds).with({ fastupdate: false }),
  ],
);

export const complaintEvents = pgTable(
  "complaint_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: uuid("actor_id"),
    note: text("note"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("complaint_events_complaint_idx").on(t.complaintId, t.at, t.id)],
);
