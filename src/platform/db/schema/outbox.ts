import { sql } from "drizzle-orm";
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { channels, offices } from "./tenancy.ts";

/**
 * Work that must reach WhatsApp, enqueued in the same transaction as the domain write.
 * kind: send (a message) | download_media (fetch an inbound file before its URL expires).
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    /** wa_id or BSUID, for per-recipient pacing. */
    recipient: text("recipient"),
    /** pending → sending → done | failed | needs_template */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lockedBy: text("locked_by"),
    lastErrorCode: integer("last_error_code"),
    lastError: text("last_error"),
    wamid: text("wamid"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    // Partial: only unfinished rows are claimed, and sent rows pile up by the million.
    index("outbox_unfinished_idx").on(t.runAt, t.id).where(sql`status IN ('pending', 'sending')`),
    // Per-recipient order: the claim looks for an earlier unfinished row to the same citizen.
    index("outbox_recipient_idx")
      .on(t.channelId, t.recipient, t.id)
      .where(sql`status IN ('pending', 'sending')`),
  ],
);

/**
 * Each number's send allowance, shared by every instance on one PostgreSQL (platform/queue/shared-bucket.ts):
 * Meta's throughput limit is per number, not per process. The channel says whose office it is.
 */
export const sendBuckets = pgTable("send_buckets", {
  channelId: uuid("channel_id")
    .primaryKey()
    .references(() => channels.id, { onDelete: "cascade" }),
  /** Tokens left after the last take; negative: taken ahead, being paid back at the rate. */
  tokens: doublePrecision("tokens").notNull(),
  refilledAt: timestamp("refilled_at", { withTimezone: true }).notNull(),
});
