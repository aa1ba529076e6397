import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One-off jobs that ran to the end on this database (e.g. sealing values an older version wrote in clear), so
 * that a start-up does not walk millions of rows again for nothing. Whole-installation facts: no office.
 */
export const maintenanceRuns = pgTable("maintenance_runs", {
  name: text("name").primaryKey(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
});
