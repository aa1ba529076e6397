import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Raw webhook payloads, committed before Meta gets its 200 and kept for replay.
 * These rows precede routing (one payload may concern several offices), so they carry no office_id;
 * every row derived from them does.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    body: text("body").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    itemCount: integer("item_count"),
    problemCount: integer("problem_count"),
  },
  // Only unprocessed rows are claimed: a partial index stays tiny however long the history grows, and the
  // planner uses it even on an embedded database that is never ANALYZEd (a full index was not chosen there).
  (t) => [index("webhook_deliveries_unprocessed_idx").on(t.id).where(sql`processed_at IS NULL`)],
);

/** What could not be applied from a delivery: unknown numbers, bad items. Reported, replayable, never lost. */
export const webhookProblems = pgTable("webhook_problems", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  deliveryId: bigint("delivery_id", { mode: "number" })
    .notNull()
    .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
  officeId: uuid("office_id"),
  kind: text("kind").notNull(),
  itemPath: text("item_path").notNull(),
  detail: text("detail").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
