/** Queries for the office's working calendar: weekly hours and holidays. */
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { holidays, officeCalendars } from "../../platform/db/schema/index.ts";

export type HolidayRow = typeof holidays.$inferSelect;
export type NewHolidayRow = typeof holidays.$inferInsert;
export type OfficeCalendarRow = typeof officeCalendars.$inferSelect;

export const findOfficeCalendar = async (tx: Tx, officeId: string): Promise<OfficeCalendarRow | undefined> =>
  (await tx.select().from(officeCalendars).where(eq(officeCalendars.officeId, officeId)))[0];

export const upsertWeekly = (
  tx: Tx,
  o: { officeId: string; weekly: OfficeCalendarRow["weekly"]; updatedBy: string | null; now: Date },
) =>
  tx
    .insert(officeCalendars)
    .values({ officeId: o.officeId, weekly: o.weekly, updatedBy: o.updatedBy, updatedAt: o.now })
    .onConflictDoUpdate({
      target: officeCalendars.officeId,
      set: { weekly: o.weekly, updatedBy: o.updatedBy, updatedAt: o.now },
    });

export const listHolidays = (tx: Tx, officeId: string): Promise<HolidayRow[]> =>
  tx
    .select()
    .from(holidays)
    .where(eq(holidays.officeId, officeId))
    .orderBy(asc(holidays.date), asc(holidays.name));

/** Inserts the rows that are not there yet (same office, date and name); returns how many were new. */
export const insertHolidays = async (tx: Tx, values: NewHolidayRow[]): Promise<number> =>
  values.length === 0
    ? 0
    : (await tx.insert(holidays).values(values).onConflictDoNothing().returning({ id: holidays.id })).length;

export const updateHoliday = async (
  tx: Tx,
  officeId: string,
  id: string,
  patch: Partial<NewHolidayRow>,
): Promise<HolidayRow | undefined> =>
  (
    await tx
      .update(holidays)
      .set(patch)
      .where(and(eq(holidays.officeId, officeId), eq(holidays.id, id)))
      .returning()
  )[0];

export const deleteHoliday = async (tx: Tx, officeId: string, id: string): Promise<HolidayRow | undefined> =>
  (
    await tx
      .delete(holidays)
      .where(and(eq(holidays.officeId, officeId), eq(holidays.id, id)))
      .returning()
  )[0];
