/**
 * The SLA engine: due instants and clock status for applications and complaints, in the office's working time.
 * Pure functions over a `WorkingCalendar`; `now` is always passed in.
 *
 * Units (stored explicitly per service, rules doc implication 7):
 * - "minutes", "clock_hours": wall-clock time; the calendar is ignored (e.g. "akta kematian 30 menit").
 * - "working_hours": counted only inside working intervals (fractions allowed).
 * - "working_days" ("hari kerja"): whole days, counted per `calendar.workingDayMode` (see addWorkingDays).
 * "1x24 jam" has no national definition; `targetForJam24` maps it per `calendar.jam24Mode`.
 */
import type { WorkingCalendar } from "./calendar.ts";
import { addWorkingDays, addWorkingMs, workingMsBetween } from "./working-time.ts";

export { addWorkingDays, addWorkingMinutes, workingMinutesBetween } from "./working-time.ts";

export type SlaUnit = "minutes" | "clock_hours" | "working_hours" | "working_days";
export type SlaTarget = { value: number; unit: SlaUnit };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export const isWorkingUnit = (unit: SlaUnit): boolean => unit === "working_hours" || unit === "working_days";

/** The due instant for `amount` from `start`, with no pauses. */
export const addWorkingTime = (cal: WorkingCalendar, start: Date, amount: SlaTarget): Date => {
  const { value, unit } = amount;
  if (!(value >= 0)) throw new RangeError(`SLA value must be non-negative, got ${value}`);
  switch (unit) {
    case "minutes":
      return new Date(start.getTime() + Math.round(value * MINUTE_MS));
    case "clock_hours":
      return new Date(start.getTime() + Math.round(value * HOUR_MS));
    case "working_hours":
      return addWorkingMs(cal, start, Math.round(value * HOUR_MS));
    case "working_days":
      return addWorkingDays(cal, start, value);
  }
};

/** "N x 24 jam" as a target: N working days by default, or 24·N clock hours when the Dinas reads it literally. */
export const targetForJam24 = (cal: WorkingCalendar, times = 1): SlaTarget =>
  cal.jam24Mode === "working_day"
    ? { value: times, unit: "working_days" }
    : { value: 24 * times, unit: "clock_hours" };

// ---------------------------------------------------------------- the clock with pauses

/** A stretch when the clock stops: the application is `needs_revision`, or SIAK is declared down. */
export type SlaPause = { from: Date; to?: Date };

export type SlaInput = {
  calendar: WorkingCalendar;
  target: SlaTarget;
  startedAt: Date;
  pauses?: readonly SlaPause[];
  now: Date;
  /** Share of the target used up from which the item shows as at risk. */
  atRiskFraction?: number;
};

export type SlaStatus = {
  dueAt: Date;
  /** Working minutes for working units, clock minutes otherwise; negative when late. */
  remainingMinutes: number;
  /** Share of the target used up; above 1 when late. */
  elapsedFraction: number;
  atRisk: boolean;
  /** `now` is past `dueAt`. Just after closing time this can be true while remainingMinutes is still 0. */
  breached: boolean;
  paused: boolean;
};

type Span = { from: number; to: number };
type Measure = { add: (at: Date, ms: number) => Date; between: (from: Date, to: Date) => number };

const measureFor = (cal: WorkingCalendar, unit: SlaUnit): Measure =>
  isWorkingUnit(unit)
    ? { add: (at, ms) => addWorkingMs(cal, at, ms), between: (a, b) => workingMsBetween(cal, a, b) }
    : { add: (at, ms) => new Date(at.getTime() + ms), between: (a, b) => b.getTime() - a.getTime() };

/**
 * Pauses clipped to [startedAt, now] and merged, so overlapping pauses (a revision during a SIAK outage) count
 * once. An open pause runs until now; pauses that have not begun yet are ignored until they do.
 */
export const mergePauses = (pauses: readonly SlaPause[], startedAt: Date, now: Date): Span[] => {
  const clipped = pauses
    .map((p) => {
      if (p.to && p.to < p.from) throw new RangeError("a pause ends before it starts");
      const to = Math.min((p.to ?? now).getTime(), now.getTime());
      return { from: Math.max(p.from.getTime(), startedAt.getTime()), to };
    })
    .filter((p) => p.to > p.from)
    .sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const p of clipped) {
    const last = merged.at(-1);
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else merged.push({ ...p });
  }
  return merged;
};

/**
 * Each pause that begins before the (already extended) due instant pushes the due later by the working time
 * (clock time for clock units) it covers. A pause that starts after the due instant changes nothing: the
 * item was already late.
 */
const dueWithPauses = (m: Measure, baseDue: Date, pauses: readonly Span[]): Date => {
  let due = baseDue;
  for (const p of pauses) {
    if (p.from >= due.getTime()) break;
    due = m.add(due, m.between(new Date(p.from), new Date(p.to)));
  }
  return due;
};

export const computeSla = (input: SlaInput): SlaStatus => {
  const { calendar, target, startedAt, now, pauses = [], atRiskFraction = 0.75 } = input;
  const m = measureFor(calendar, target.unit);
  const baseDue = addWorkingTime(calendar, startedAt, target);
  const totalMs = m.between(startedAt, baseDue);
  const merged = mergePauses(pauses, startedAt, now);
  const dueAt = dueWithPauses(m, baseDue, merged);
  // Before the clock starts nothing is used up.
  const remainingMs = m.between(new Date(Math.max(now.getTime(), startedAt.getTime())), dueAt);
  const elapsedFraction = totalMs > 0 ? (totalMs - remainingMs) / totalMs : now >= dueAt ? 1 : 0;
  const breached = now > dueAt;
  const t = now.getTime();
  return {
    dueAt,
    remainingMinutes: remainingMs / MINUTE_MS,
    elapsedFraction,
    atRisk: !breached && elapsedFraction >= atRiskFraction,
    breached,
    paused: now >= startedAt && pauses.some((p) => p.from.getTime() <= t && (!p.to || p.to.getTime() > t)),
  };
};

// ---------------------------------------------------------------- complaint clocks (SP4N-LAPOR!)

/**
 * LAPOR! stage clocks, in working days on the office calendar. Sources (rules doc §9): verification 3 hari
 * kerja [confirmed]; follow-up 5 hari [unconfirmed, a regional clone uses 14]; the reporter's 10-day reply
 * window before auto-close [confirmed in a clone, unit not stated]; resolution ≤60 hari (Perpres 76/2013,
 * unit not stated). Counting them as working days is our reading and needs Dinas sign-off.
 */
export const COMPLAINT_CLOCKS = {
  verification: { value: 3, unit: "working_days" },
  followUp: { value: 5, unit: "working_days" },
  autoClose: { value: 10, unit: "working_days" },
  resolution: { value: 60, unit: "working_days" },
} as const satisfies Record<string, SlaTarget>;

export type ComplaintStage = keyof typeof COMPLAINT_CLOCKS;

/** The report must be verified by then (clock starts when the report is received). */
export const complaintVerificationDue = (cal: WorkingCalendar, receivedAt: Date): Date =>
  addWorkingTime(cal, receivedAt, COMPLAINT_CLOCKS.verification);

/** The agency must follow up or reply by then (clock starts at verification / disposition). */
export const complaintFollowUpDue = (cal: WorkingCalendar, verifiedAt: Date): Date =>
  addWorkingTime(cal, verifiedAt, COMPLAINT_CLOCKS.followUp);

/** Without a response from the reporter the ticket closes as done at this instant. */
export const complaintAutoCloseAt = (cal: WorkingCalendar, answeredAt: Date): Date =>
  addWorkingTime(cal, answeredAt, COMPLAINT_CLOCKS.autoClose);

/** Full clock status for one complaint stage, with pauses (e.g. waiting for the reporter's missing details). */
export const complaintClock = (stage: ComplaintStage, input: Omit<SlaInput, "target">): SlaStatus =>
  computeSla({ ...input, target: COMPLAINT_CLOCKS[stage] });
