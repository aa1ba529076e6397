/**
 * Property tests with a small seeded PRNG (no fast-check): each property runs CASES random cases; a failure
 * message carries the seed and case so it can be replayed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createCalendar,
  DEFAULT_WEEKLY,
  isWorkingTime,
  localDateOf,
  type WorkingCalendar,
  workingIntervalsOn,
} from "./calendar.ts";
import {
  addWorkingTime,
  computeSla,
  type SlaPause,
  type SlaTarget,
  type SlaUnit,
  workingMinutesBetween,
} from "./sla.ts";

const CASES = 500;
const SEED = Number(process.env.SLA_PROPERTY_SEED ?? 20260817);

/** mulberry32: tiny, fast, good enough to spread test inputs. */
const prng = (seed: number) => {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};
type Rng = ReturnType<typeof prng>;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, 0, xs.length - 1)]!;

const CALENDARS: readonly WorkingCalendar[] = [
  createCalendar(),
  createCalendar({ workingDayMode: "end_of_day" }),
  // A Saturday morning desk and no holidays: different day shapes exercise the day-offset logic.
  createCalendar({ weekly: { ...DEFAULT_WEEKLY, sat: [{ start: "08:00", end: "11:00" }] }, holidays: [] }),
];

const YEAR_START = Date.parse("2026-01-01T00:00:00+08:00");
const YEAR_MS = 365 * 24 * 3_600_000;
/** Instants across 2026, often on round minutes (boundaries matter), sometimes with seconds and ms. */
const instant = (rng: Rng): Date => {
  const t = YEAR_START + Math.floor(rng() * YEAR_MS);
  return new Date(rng() < 0.7 ? t - (t % (rng() < 0.5 ? 1_800_000 : 60_000)) : t);
};

const UNITS: readonly SlaUnit[] = ["minutes", "clock_hours", "working_hours", "working_days"];
const target = (rng: Rng): SlaTarget => {
  const unit = pick(rng, UNITS);
  if (unit === "working_days") return { unit, value: int(rng, 0, 15) };
  if (unit === "minutes") return { unit, value: int(rng, 0, 600) };
  return { unit, value: int(rng, 0, 80) / 2 };
};

const pausesNear = (rng: Rng, start: Date): SlaPause[] =>
  Array.from({ length: int(rng, 0, 4) }, () => {
    const from = new Date(start.getTime() + int(rng, -2, 14 * 24) * 3_600_000 + int(rng, 0, 59) * 60_000);
    const open = rng() < 0.15;
    return open ? { from } : { from, to: new Date(from.getTime() + int(rng, 1, 72 * 60) * 60_000) };
  });

const forAll = (name: string, property: (rng: Rng, cal: WorkingCalendar, i: number) => void) =>
  test(name, () => {
    const rng = prng(SEED ^ [...name].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
    for (let i = 0; i < CASES; i++) {
      const cal = pick(rng, CALENDARS);
      try {
        property(rng, cal, i);
      } catch (err) {
        throw new Error(`${name}: case ${i} (SLA_PROPERTY_SEED=${SEED}) failed: ${(err as Error).message}`);
      }
    }
  });

const workingMinutes = (value: number): SlaTarget => ({ value: value / 60, unit: "working_hours" });

forAll("pausing never makes an application due earlier", (rng, calendar) => {
  const startedAt = instant(rng);
  const t = target(rng);
  const now = new Date(startedAt.getTime() + int(rng, -24, 30 * 24) * 3_600_000);
  const pauses = pausesNear(rng, startedAt);
  const plain = computeSla({ calendar, target: t, startedAt, now });
  const paused = computeSla({ calendar, target: t, startedAt, now, pauses });
  const more = computeSla({
    calendar,
    target: t,
    startedAt,
    now,
    pauses: [...pauses, ...pausesNear(rng, startedAt)],
  });
  assert.ok(paused.dueAt >= plain.dueAt, `${paused.dueAt.toISOString()} < ${plain.dueAt.toISOString()}`);
  assert.ok(more.dueAt >= paused.dueAt, "an extra pause made it earlier");
  // Pausing can only leave as much or more time.
  assert.ok(paused.remainingMinutes >= plain.remainingMinutes - 1e-9);
});

forAll("due is never before start", (rng, calendar) => {
  const startedAt = instant(rng);
  const t = target(rng);
  assert.ok(addWorkingTime(calendar, startedAt, t) >= startedAt);
  const now = new Date(startedAt.getTime() + int(rng, 0, 20 * 24) * 3_600_000);
  assert.ok(
    computeSla({ calendar, target: t, startedAt, now, pauses: pausesNear(rng, startedAt) }).dueAt >=
      startedAt,
  );
});

forAll("adding working minutes composes: add(a + b) = add(add(a), b)", (rng, calendar) => {
  const start = instant(rng);
  const a = int(rng, 0, 5000);
  const b = int(rng, 0, 5000);
  const direct = addWorkingTime(calendar, start, workingMinutes(a + b));
  const stepped = addWorkingTime(
    calendar,
    addWorkingTime(calendar, start, workingMinutes(a)),
    workingMinutes(b),
  );
  assert.equal(stepped.toISOString(), direct.toISOString(), `start ${start.toISOString()} a=${a} b=${b}`);
});

forAll("workingMinutesBetween(start, add(start, m)) = m", (rng, calendar) => {
  const start = instant(rng);
  const m = int(rng, 0, 20_000);
  const due = addWorkingTime(calendar, start, workingMinutes(m));
  assert.equal(workingMinutesBetween(calendar, start, due), m, `start ${start.toISOString()} m=${m}`);
  assert.equal(workingMinutesBetween(calendar, due, start), 0 - m); // 0 - m avoids -0
});

const atIntervalEnd = (calendar: WorkingCalendar, at: Date) =>
  workingIntervalsOn(calendar, localDateOf(calendar.timeZone, at)).some((i) => i.end === at.getTime());

forAll("a working-unit due instant lies in working time or exactly at an interval end", (rng, calendar) => {
  const start = instant(rng);
  const t: SlaTarget =
    rng() < 0.5
      ? { unit: "working_days", value: int(rng, 1, 15) }
      : { unit: "working_hours", value: int(rng, 1, 6000) / 60 };
  const due = addWorkingTime(calendar, start, t);
  assert.ok(
    isWorkingTime(calendar, due) || atIntervalEnd(calendar, due),
    `${due.toISOString()} for ${t.value}`,
  );
});

forAll("end_of_day is never earlier than elapsed; both stay within n ± 1 working days", (rng) => {
  const start = instant(rng);
  const n = int(rng, 1, 10);
  const elapsed = addWorkingTime(CALENDARS[0]!, start, { unit: "working_days", value: n });
  const eod = addWorkingTime(CALENDARS[1]!, start, { unit: "working_days", value: n });
  assert.ok(eod >= elapsed);
  // Default days are 420–450 working minutes long.
  assert.ok(workingMinutesBetween(CALENDARS[0]!, start, elapsed) >= (n - 1) * 420);
  assert.ok(workingMinutesBetween(CALENDARS[1]!, start, eod) <= (n + 1) * 450);
});

forAll("remaining time stays frozen while paused", (rng, calendar) => {
  const startedAt = instant(rng);
  const t: SlaTarget = { unit: "working_hours", value: int(rng, 1, 80) / 2 };
  const pauseFrom = new Date(startedAt.getTime() + int(rng, 0, 48 * 60) * 60_000);
  const pauses = [{ from: pauseFrom }];
  const due = computeSla({ calendar, target: t, startedAt, now: pauseFrom, pauses }).dueAt;
  if (pauseFrom >= due) return; // already late when the pause began: nothing to freeze
  const a = computeSla({ calendar, target: t, startedAt, now: pauseFrom, pauses });
  const later = new Date(pauseFrom.getTime() + int(rng, 1, 10 * 24 * 60) * 60_000);
  const b = computeSla({ calendar, target: t, startedAt, now: later, pauses });
  assert.equal(b.paused, true);
  assert.ok(
    Math.abs(a.remainingMinutes - b.remainingMinutes) < 1e-9,
    `${a.remainingMinutes} ≠ ${b.remainingMinutes}`,
  );
});
