/**
 * The office working calendar: which instants count as working time for SLA clocks.
 * Everything is data (time zone, weekly schedule, holidays, interpretation switches) so that each Dinas can
 * enter its own SK Standar Pelayanan values. Time-zone math uses only `Intl.DateTimeFormat`.
 */
import { HOLIDAYS_2026 } from "./holidays-2026.ts";

export type Weekday = "sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat";
/** Local wall-clock times "HH:MM"; `end` may be "24:00". Intervals must not cross midnight. */
export type TimeRange = { start: string; end: string };
export type WeeklySchedule = Record<Weekday, readonly TimeRange[]>;

export type HolidayKind = "national" | "cuti_bersama" | "local";
export type Holiday = {
  /** Local date in the office zone, "YYYY-MM-DD". */
  date: string;
  name: string;
  kind: HolidayKind;
  /** True only once checked against the official SKB / Perda / SK Wali Kota. */
  verified: boolean;
  note?: string;
};

/**
 * How "N hari kerja" is counted (see sla.ts for the exact rules):
 * - "elapsed": the same working-time position N working days later (Mon 10:00 + 1 → Tue 10:00).
 * - "end_of_day": the close of the Nth working day after the start day (Mon 10:00 + 1 → Tue close).
 */
export type WorkingDayMode = "elapsed" | "end_of_day";
/** How "1x24 jam" is read: one working day (rules doc, implication 7) or 24 wall-clock hours. */
export type Jam24Mode = "working_day" | "clock_hours";

export type CalendarConfig = {
  /** IANA zone; Kota Kupang is WITA. */
  timeZone: string;
  weekly: WeeklySchedule;
  holidays: readonly Holiday[];
  workingDayMode: WorkingDayMode;
  jam24Mode: Jam24Mode;
};

export type LocalDate = { year: number; month: number; day: number };
export type LocalDateTime = LocalDate & { hour: number; minute: number; second?: number };

type MinuteRange = { start: number; end: number };
/** A validated calendar with parsed schedule and indexed holidays; build it with `createCalendar`. */
export type WorkingCalendar = Readonly<Omit<CalendarConfig, "weekly" | "holidays">> & {
  weekly: Readonly<Record<Weekday, readonly MinuteRange[]>>;
  holidays: ReadonlyMap<string, Holiday>;
};

/** A working interval as UTC epoch milliseconds, [start, end). */
export type UtcInterval = { start: number; end: number };

const MON_THU: readonly TimeRange[] = [
  { start: "07:30", end: "12:00" },
  { start: "13:00", end: "16:00" },
];
// Friday prayers need the longer (90-minute) break that Perpres 21/2023 allows.
const FRI: readonly TimeRange[] = [
  { start: "07:30", end: "11:30" },
  { start: "13:00", end: "16:00" },
];

/**
 * Default service hours, shaped after Perpres 21/2023 (Mon–Fri, start 07.30, 60-minute break, 90 on Friday).
 * These are NOT the Kupang office's confirmed hours: confirm them against the Dinas's own Standar Pelayanan
 * (Perpres 21/2023 Pasal 7 lets public-service units set different days and hours).
 */
export const DEFAULT_WEEKLY: WeeklySchedule = {
  sun: [],
  mon: MON_THU,
  tue: MON_THU,
  wed: MON_THU,
  thu: MON_THU,
  fri: FRI,
  sat: [],
};

export const DEFAULT_CALENDAR_CONFIG: CalendarConfig = {
  timeZone: "Asia/Makassar",
  weekly: DEFAULT_WEEKLY,
  holidays: HOLIDAYS_2026,
  workingDayMode: "elapsed",
  jam24Mode: "working_day",
};

const WEEKDAYS: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

// ---------------------------------------------------------------- time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for an unknown IANA zone (Intl does the validation). */
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
};

/** The wall-clock reading in `timeZone` at `instant` (seconds precision). */
export const utcToZoned = (timeZone: string, instant: Date): Required<LocalDateTime> => {
  const p: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return {
    year: p.year!,
    month: p.month!,
    day: p.day!,
    hour: p.hour!,
    minute: p.minute!,
    second: p.second!,
  };
};

const wallAsUtcMs = (t: LocalDateTime): number =>
  Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second ?? 0);

/** Zone offset (local minus UTC) in ms at a UTC instant. */
const offsetAt = (timeZone: string, utcMs: number): number => {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return wallAsUtcMs(utcToZoned(timeZone, new Date(whole))) - whole;
};

/**
 * The UTC instant of a local wall time in `timeZone`. Two passes settle the offset in zones with DST;
 * a wall time skipped by a DST jump resolves to the instant after the jump.
 */
export const zonedToUtc = (timeZone: string, local: LocalDateTime): Date => {
  const wall = wallAsUtcMs(local);
  const first = wall - offsetAt(timeZone, wall);
  const second = wall - offsetAt(timeZone, first);
  return new Date(second);
};

// ---------------------------------------------------------------- local dates

export const localDateOf = (timeZone: string, instant: Date): LocalDate => {
  const { year, month, day } = utcToZoned(timeZone, instant);
  return { year, month, day };
};

export const addDays = (d: LocalDate, days: number): LocalDate => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
export const formatLocalDate = (d: LocalDate): string => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

export const parseLocalDate = (s: string): LocalDate => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!d || formatLocalDate(addDays(d, 0)) !== s) throw new RangeError(`invalid local date "${s}"`);
  return d;
};

/** A "YYYY-MM-DD" day moved by whole days (negative: back). */
export const shiftDay = (day: string, days: number): string =>
  formatLocalDate(addDays(parseLocalDate(day), days));

const weekdayOf = (d: LocalDate): Weekday =>
  WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()]!;

// ---------------------------------------------------------------- building a calendar

const parseTime = (s: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || !(minutes <= 24 * 60)) throw new RangeError(`invalid time "${s}"`);
  return minutes;
};

const parseDay = (day: Weekday, ranges: readonly TimeRange[]): MinuteRange[] => {
  const parsed = ranges.map((r) => ({ start: parseTime(r.start), end: parseTime(r.end) }));
  parsed.forEach((r, i) => {
    const prev = parsed[i - 1];
    if (r.end <= r.start) throw new RangeError(`${day}: interval ends before it starts`);
    if (prev && r.start < prev.end) throw new RangeError(`${day}: intervals must be sorted and disjoint`);
  });
  return parsed;
};

export const createCalendar = (config: Partial<CalendarConfig> = {}): WorkingCalendar => {
  const c: CalendarConfig = { ...DEFAULT_CALENDAR_CONFIG, ...config };
  formatterFor(c.timeZone);
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, parseDay(d, c.weekly[d] ?? [])])) as Record<
    Weekday,
    MinuteRange[]
  >;
  const holidays = new Map<string, Holiday>();
  for (const h of c.holidays) {
    parseLocalDate(h.date);
    // Two entries on one date (e.g. a local day on a national one) both mean "closed"; keep the first.
    if (!holidays.has(h.date)) holidays.set(h.date, h);
  }
  return {
    timeZone: c.timeZone,
    workingDayMode: c.workingDayMode,
    jam24Mode: c.jam24Mode,
    weekly,
    holidays,
  };
};

// ---------------------------------------------------------------- day queries

export const holidayOn = (cal: WorkingCalendar, d: LocalDate): Holiday | undefined =>
  cal.holidays.get(formatLocalDate(d));

/** Working intervals of one local date as UTC instants; empty on weekends and holidays. */
export const workingIntervalsOn = (cal: WorkingCalendar, d: LocalDate): UtcInterval[] => {
  if (holidayOn(cal, d)) return [];
  const at = (minuteOfDay: number) =>
    zonedToUtc(cal.timeZone, {
      ...d,
      hour: Math.floor(minuteOfDay / 60),
      minute: minuteOfDay % 60,
    }).getTime();
  return cal.weekly[weekdayOf(d)].map((r) => ({ start: at(r.start), end: at(r.end) }));
};

export const isWorkingDay = (cal: WorkingCalendar, d: LocalDate): boolean =>
  workingIntervalsOn(cal, d).length > 0;

/** True inside a working interval, [start, end). */
export const isWorkingTime = (cal: WorkingCalendar, instant: Date): boolean => {
  const t = instant.getTime();
  return workingIntervalsOn(cal, localDateOf(cal.timeZone, instant)).some((i) => t >= i.start && t < i.end);
};
