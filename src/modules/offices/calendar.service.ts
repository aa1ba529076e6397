/**
 * The office's working calendar as data the admin changes (weekly hours, holidays), and the one running
 * WorkingCalendar the bot, the desk and the SLA sweeps share, kept in step with it.
 */
import type { Database, Tx } from "../../platform/db/client.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import {
  type CalendarConfig,
  createCalendar,
  DEFAULT_WEEKLY,
  type Holiday,
  type HolidayKind,
  parseLocalDate,
  type WeeklySchedule,
  type WorkingCalendar,
} from "../sla/calendar.ts";
import { HOLIDAYS_2026 } from "../sla/holidays-2026.ts";
import {
  deleteHoliday,
  findOfficeCalendar,
  type HolidayRow,
  insertHolidays,
  listHolidays,
  updateHoliday,
  upsertWeekly,
} from "./calendar.repo.ts";

export const HOLIDAY_KINDS: readonly HolidayKind[] = ["national", "cuti_bersama", "local"];
export const CONFIDENCES = ["confirmed", "unconfirmed"] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const SKB_2026 = "SKB 3 Menteri 2026 (No. 1497/2025, 2/2025, 5/2025)";

/**
 * The calendar's first rows for an office: the default hours and the 2026 holidays, all unconfirmed. Runs
 * once per office (the office_calendars row marks it done), so holidays an admin deleted stay deleted.
 */
export const seedOfficeCalendar = async (tx: Tx, officeId: string, now = new Date()): Promise<boolean> => {
  if (await findOfficeCalendar(tx, officeId)) return false;
  await upsertWeekly(tx, { officeId, weekly: toJson(DEFAULT_WEEKLY), updatedBy: null, now });
  await insertHolidays(
    tx,
    HOLIDAYS_2026.map((h) => ({
      officeId,
      date: h.date,
      name: h.name,
      kind: h.kind,
      source: SKB_2026,
      confidence: h.verified ? "confirmed" : "unconfirmed",
      note: h.note ?? null,
    })),
  );
  return true;
};

const toJson = (weekly: WeeklySchedule) =>
  Object.fromEntries(Object.entries(weekly).map(([d, ranges]) => [d, ranges.map((r) => ({ ...r }))]));

const toHoliday = (h: HolidayRow): Holiday => ({
  date: h.date,
  name: h.name,
  kind: h.kind as HolidayKind,
  verified: h.confidence === "confirmed",
  ...(h.note ? { note: h.note } : {}),
});

/** The stored weekly hours and holidays, or undefined for an office never seeded (the defaults apply). */
export const loadCalendarData = async (
  tx: Tx,
  officeId: string,
): Promise<Pick<CalendarConfig, "weekly" | "holidays"> | undefined> => {
  const row = await findOfficeCalendar(tx, officeId);
  if (!row) return undefined;
  const list = await listHolidays(tx, officeId);
  return { weekly: row.weekly as unknown as WeeklySchedule, holidays: list.map(toHoliday) };
};

/**
 * Puts new hours and holidays into the running calendar IN PLACE. deps.citizen.calendar is one object that
 * the bot handler, the desk routes and the SLA sweeps all hold by reference (some captured it in closures at
 * start-up), so replacing the reference would leave them on the old one. The new calendar is built (and
 * validated) completely first, so a bad row throws before anything changes; then both fields are swapped in
 * one synchronous step, which no other code can interleave with (one JS thread). A computation that awaits
 * between two reads may see the old hours then the new ones; both are valid calendars, and the next
 * minute's SLA sweep recomputes every flag.
 */
export const applyCalendarData = (
  calendar: WorkingCalendar,
  data: Pick<CalendarConfig, "weekly" | "holidays">,
): void => {
  const next = createCalendar({
    timeZone: calendar.timeZone,
    workingDayMode: calendar.workingDayMode,
    jam24Mode: calendar.jam24Mode,
    ...data,
  });
  const target = calendar as { -readonly [K in keyof WorkingCalendar]: WorkingCalendar[K] };
  target.weekly = next.weekly;
  target.holidays = next.holidays;
};

/** Loads the office's stored calendar into the running one (at start-up, after an admin change, each minute). */
export const reloadOfficeCalendar = async (
  database: Database,
  officeId: string,
  calendar: WorkingCalendar,
): Promise<boolean> => {
  const data = await loadCalendarData(database.db, officeId);
  if (data) applyCalendarData(calendar, data);
  return Boolean(data);
};

type AdminAct = { officeId: string; actorId: string; now?: Date };

const audit = (tx: Tx, o: AdminAct, action: string, subjectId: string, details: Record<string, unknown>) =>
  recordAudit(tx, {
    officeId: o.officeId,
    actorId: o.actorId,
    action,
    subjectType: "calendar",
    subjectId,
    details,
    at: o.now ?? new Date(),
  });

/** New weekly hours; refused (invalid_hours) when an interval is malformed, reversed or overlapping. */
export const setWeeklyHours = async (tx: Tx, o: AdminAct & { weekly: WeeklySchedule }) => {
  try {
    createCalendar({ weekly: o.weekly, holidays: [] });
  } catch (error) {
    if (error instanceof RangeError) throw new DomainError("invalid_hours", error.message);
    throw error;
  }
  const weekly = toJson(o.weekly);
  await upsertWeekly(tx, { officeId: o.officeId, weekly, updatedBy: o.actorId, now: o.now ?? new Date() });
  await audit(tx, o, "calendar.hours", o.officeId, { weekly });
};

export type HolidayInput = {
  date: string;
  name: string;
  kind: string;
  source: string;
  confidence: string;
  note?: string;
};

const checkHoliday = (h: HolidayInput) => {
  try {
    parseLocalDate(h.date);
  } catch {
    throw new DomainError("invalid_date");
  }
  if (!h.name.trim() || !h.source.trim()) throw new DomainError("holiday_incomplete");
  if (!(HOLIDAY_KINDS as readonly string[]).includes(h.kind)) throw new DomainError("holiday_incomplete");
  if (!(CONFIDENCES as readonly string[]).includes(h.confidence)) throw new DomainError("holiday_incomplete");
  return {
    date: h.date,
    name: h.name.trim().slice(0, 200),
    kind: h.kind,
    source: h.source.trim().slice(0, 300),
    confidence: h.confidence,
    note: h.note?.trim() ? h.note.trim().slice(0, 500) : null,
  };
};

export const addHoliday = async (tx: Tx, o: AdminAct & { holiday: HolidayInput }) => {
  const values = checkHoliday(o.holiday);
  const now = o.now ?? new Date();
  const added = await insertHolidays(tx, [
    { ...values, officeId: o.officeId, updatedBy: o.actorId, createdAt: now, updatedAt: now },
  ]);
  if (added === 0) throw new DomainError("holiday_exists");
  await audit(tx, o, "calendar.holiday.add", values.date, values);
};

export const editHoliday = async (tx: Tx, o: AdminAct & { id: string; holiday: HolidayInput }) => {
  const values = checkHoliday(o.holiday);
  const row = await updateHoliday(tx, o.officeId, o.id, {
    ...values,
    updatedBy: o.actorId,
    updatedAt: o.now ?? new Date(),
  });
  if (!row) throw new DomainError("holiday_not_found");
  await audit(tx, o, "calendar.holiday.edit", o.id, values);
};

export const removeHoliday = async (tx: Tx, o: AdminAct & { id: string }) => {
  const row = await deleteHoliday(tx, o.officeId, o.id);
  if (!row) throw new DomainError("holiday_not_found");
  await audit(tx, o, "calendar.holiday.delete", o.id, { date: row.date, name: row.name });
};
