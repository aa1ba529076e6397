/**
 * Arithmetic in working time. Picture all working intervals laid end to end as one line: adding N working
 * minutes moves along that line, and the minutes between two instants are the length of line between them.
 * Non-working instants (nights, breaks, holidays) collapse onto the nearest interval boundary.
 */
import {
  addDays,
  type LocalDate,
  localDateOf,
  type UtcInterval,
  type WorkingCalendar,
  workingIntervalsOn,
} from "./calendar.ts";

const MINUTE_MS = 60_000;
// A calendar with no working time at all would otherwise make the scans below loop forever.
const MAX_IDLE_DAYS = 366;

const dayKey = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day);

const noWorkingTime = () => new RangeError("the calendar has no working time for a whole year");

/**
 * The instant after `ms` of working time from `start`. When the amount runs out exactly at an interval end the
 * result is that end (12:00, 16:00), not the next opening: the work was due before the break.
 */
export const addWorkingMs = (cal: WorkingCalendar, start: Date, ms: number): Date => {
  if (!(ms >= 0)) throw new RangeError(`working time must be non-negative, got ${ms}`);
  if (ms === 0) return start;
  let remaining = ms;
  const cursor = start.getTime();
  let day = localDateOf(cal.timeZone, start);
  for (let idle = 0; idle < MAX_IDLE_DAYS; day = addDays(day, 1)) {
    const intervals = workingIntervalsOn(cal, day);
    idle = intervals.length > 0 ? 0 : idle + 1;
    for (const i of intervals) {
      if (i.end <= cursor) continue;
      const from = Math.max(i.start, cursor);
      if (remaining <= i.end - from) return new Date(from + remaining);
      remaining -= i.end - from;
    }
  }
  throw noWorkingTime();
};

const overlapMs = (intervals: readonly UtcInterval[], from: number, to: number): number =>
  intervals.reduce((sum, i) => sum + Math.max(0, Math.min(i.end, to) - Math.max(i.start, from)), 0);

/** Working ms between two instants; negative when `to` is before `from`. */
export const workingMsBetween = (cal: WorkingCalendar, from: Date, to: Date): number => {
  if (to < from) return -workingMsBetween(cal, to, from);
  const lastKey = dayKey(localDateOf(cal.timeZone, to));
  let total = 0;
  for (let day = localDateOf(cal.timeZone, from); dayKey(day) <= lastKey; day = addDays(day, 1)) {
    total += overlapMs(workingIntervalsOn(cal, day), from.getTime(), to.getTime());
  }
  return total;
};

export const addWorkingMinutes = (cal: WorkingCalendar, start: Date, minutes: number): Date =>
  addWorkingMs(cal, start, Math.round(minutes * MINUTE_MS));

export const workingMinutesBetween = (cal: WorkingCalendar, from: Date, to: Date): number =>
  workingMsBetween(cal, from, to) / MINUTE_MS;

// ---------------------------------------------------------------- whole working days

type WorkingDay = { day: LocalDate; intervals: UtcInterval[] };

const dayLength = (w: WorkingDay) => overlapMs(w.intervals, -Infinity, Infinity);
const dayEnd = (w: WorkingDay) => new Date(w.intervals.at(-1)!.end);

/** The first working day on or after `from`. */
const workingDayFrom = (cal: WorkingCalendar, from: LocalDate): WorkingDay => {
  let day = from;
  for (let idle = 0; idle < MAX_IDLE_DAYS; idle++, day = addDays(day, 1)) {
    const intervals = workingIntervalsOn(cal, day);
    if (intervals.length > 0) return { day, intervals };
  }
  throw noWorkingTime();
};

/** The working day `n` working days after `w` (n = 0 is `w` itself). */
const nthWorkingDayAfter = (cal: WorkingCalendar, w: WorkingDay, n: number): WorkingDay => {
  let current = w;
  for (let k = 0; k < n; k++) current = workingDayFrom(cal, addDays(current.day, 1));
  return current;
};

/**
 * Where `at` sits on the working-day line: its working day and the working ms already spent on that day.
 * Before opening gives offset 0; after closing gives the full day; a weekend or holiday gives offset 0 of the
 * next working day.
 */
const dayPosition = (cal: WorkingCalendar, at: Date): WorkingDay & { offset: number } => {
  const day = localDateOf(cal.timeZone, at);
  const intervals = workingIntervalsOn(cal, day);
  if (intervals.length === 0) return { ...workingDayFrom(cal, addDays(day, 1)), offset: 0 };
  return { day, intervals, offset: overlapMs(intervals, -Infinity, at.getTime()) };
};

/**
 * `n` working days (a non-negative integer) after `start`.
 * - Offset 0 (at or before opening, or on a day off): no work has been possible yet, so the start day counts
 *   in full and the due is the close of the (n-1)th working day after it. Both modes agree here.
 * - "elapsed": the same offset into the nth next working day, capped at that day's length (a Thursday 15:50
 *   start is due Friday at close, because Friday is shorter).
 * - "end_of_day": the close of the nth next working day.
 */
export const addWorkingDays = (
  cal: WorkingCalendar,
  start: Date,
  n: number,
  mode: WorkingCalendar["workingDayMode"] = cal.workingDayMode,
): Date => {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  if (n === 0) return start;
  const pos = dayPosition(cal, start);
  if (pos.offset === 0) return dayEnd(nthWorkingDayAfter(cal, pos, n - 1));
  const target = nthWorkingDayAfter(cal, pos, n);
  if (mode === "end_of_day") return dayEnd(target);
  return addWorkingMs(cal, new Date(target.intervals[0]!.start), Math.min(pos.offset, dayLength(target)));
};
