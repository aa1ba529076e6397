import { date, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { offices, operators } from "./tenancy.ts";

/**
 * The office's weekly service hours, as the admin enters them from the Dinas's SK Standar Pelayanan:
 * { mon: [{ start: "07:30", end: "12:00" }, …], … } in the office's local time (see sla/calendar.ts).
 * One row per office; its existence also means "the calendar was seeded", so a restart never re-adds
 * holidays an admin deleted.
 */
export const officeCalendars = pgTable("office_calendars", {
  officeId: uuid("office_id")
    .primaryKey()
    .references(() => offices.id),
  weekly: jsonb("weekly").$type<Record<string, Array<{ start: string; end: string }>>>().notNull(),
  updatedBy: uuid("updated_by").references(() => operators.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Days the office is closed: libur nasional, cuti bersama, local days (SK Wali Kota). */
export const holidays = pgTable(
  "holidays",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** Local date in the office's time zone. */
    date: date("date", { mode: "string" }).notNull(),
    name: text("name").notNull(),
    /** national | cuti_bersama | local */
    kind: text("kind").notNull(),
    /** Where the date comes from (SKB 3 Menteri 2026, SK Wali Kota …). */
    source: text("source").notNull(),
    /** confirmed (checked against the signed document) | unconfirmed */
    confidence: text("confidence").notNull().default("unconfirmed"),
    note: text("note"),
    updatedBy: uuid("updated_by").references(() => operators.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Also the index for "holidays of this office by date".
  (t) => [uniqueIndex("holidays_office_date_name_key").on(t.officeId, t.date, t.name)],
);
