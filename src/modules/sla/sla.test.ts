import assert from "node:assert/strict";
import { test } from "node:test";
import { createCalendar } from "./calendar.ts";
import {
  addWorkingTime,
  complaintAutoCloseAt,
  complaintClock,
  complaintFollowUpDue,
  complaintVerificationDue,
  computeSla,
  type SlaTarget,
  targetForJam24,
  workingMinutesBetween,
} from "./sla.ts";

// Calendar references, Aug 2026: Fri 7, Mon 10, Thu 13, Fri 14, Sat 15, Mon 17 (HUT RI), Tue 25 (Maulid).
const wita = (local: string) => new Date(`${local}:00+08:00`);
const cal = createCalendar();
const endOfDay = createCalendar({ workingDayMode: "end_of_day" });
const due = (start: string, target: SlaTarget, c = cal) => addWorkingTime(c, wita(start), target);
const wd = (value: number): SlaTarget => ({ value, unit: "working_days" });
const wh = (value: number): SlaTarget => ({ value, unit: "working_hours" });

test("1 working day (elapsed): same time on the next working day, across the weekend and a holiday", () => {
  assert.deepEqual(due("2026-08-10T10:00", wd(1)), wita("2026-08-11T10:00"));
  assert.deepEqual(due("2026-08-07T10:00", wd(1)), wita("2026-08-10T10:00")); // Fri → Mon
  assert.deepEqual(due("2026-08-14T10:00", wd(1)), wita("2026-08-18T10:00")); // Mon 17 Aug is HUT RI
  assert.deepEqual(due("2026-08-14T10:00", wd(3)), wita("2026-08-20T10:00"));
  // Tue 17 Mar → Nyepi week and Idul Fitri cuti bersama: next working day is Wed 25 Mar.
  assert.deepEqual(due("2026-03-17T10:00", wd(1)), wita("2026-03-25T10:00"));
});

test("working days from before opening, after closing, in the break and on a day off", () => {
  assert.deepEqual(due("2026-08-10T06:00", wd(1)), wita("2026-08-10T16:00")); // the day counts in full
  assert.deepEqual(due("2026-08-10T07:30", wd(2)), wita("2026-08-11T16:00"));
  assert.deepEqual(due("2026-08-10T17:00", wd(1)), wita("2026-08-11T16:00"));
  assert.deepEqual(due("2026-08-10T12:30", wd(1)), wita("2026-08-11T12:00")); // lunch = end of the morning
  assert.deepEqual(due("2026-08-15T10:00", wd(1)), wita("2026-08-18T16:00")); // Sat → Mon is a holiday → Tue
  // Thursday 15:50 is 440 minutes into the day; Friday has only 420, so it is due at Friday's close.
  assert.deepEqual(due("2026-08-13T15:50", wd(1)), wita("2026-08-14T16:00"));
  // Friday 15:50 is 410 working minutes into Friday; 410 minutes into Tuesday is 15:20 (position, not wall time).
  assert.deepEqual(due("2026-08-14T15:50", wd(1)), wita("2026-08-18T15:20"));
});

test("end_of_day mode: the close of the Nth next working day", () => {
  assert.deepEqual(due("2026-08-10T10:00", wd(1), endOfDay), wita("2026-08-11T16:00"));
  assert.deepEqual(due("2026-08-14T10:00", wd(2), endOfDay), wita("2026-08-19T16:00"));
  assert.deepEqual(due("2026-08-10T06:00", wd(1), endOfDay), wita("2026-08-10T16:00"));
  assert.deepEqual(due("2026-08-10T17:00", wd(1), endOfDay), wita("2026-08-11T16:00"));
});

test("working hours respect opening time, breaks (longer on Friday) and closing", () => {
  assert.deepEqual(due("2026-08-10T06:00", wh(2)), wita("2026-08-10T09:30")); // starts at 07:30
  assert.deepEqual(due("2026-08-13T11:00", wh(1)), wita("2026-08-13T12:00")); // ends exactly at the break
  assert.deepEqual(due("2026-08-13T11:30", wh(1)), wita("2026-08-13T13:30"));
  assert.deepEqual(due("2026-08-14T11:00", wh(1)), wita("2026-08-14T13:30")); // Friday break from 11:30
  assert.deepEqual(due("2026-08-10T17:00", wh(1)), wita("2026-08-11T08:30")); // rolls to the next day
  assert.deepEqual(due("2026-08-14T15:30", wh(1)), wita("2026-08-18T08:00")); // Fri → Tue (weekend + HUT RI)
  assert.deepEqual(due("2026-08-10T10:00", wh(0)), wita("2026-08-10T10:00"));
});

test("minutes and clock hours ignore the calendar", () => {
  assert.deepEqual(due("2026-08-15T10:00", { value: 30, unit: "minutes" }), wita("2026-08-15T10:30"));
  assert.deepEqual(due("2026-08-14T10:00", { value: 24, unit: "clock_hours" }), wita("2026-08-15T10:00"));
  assert.throws(() => due("2026-08-14T10:00", { value: -1, unit: "minutes" }), RangeError);
  assert.throws(() => due("2026-08-14T10:00", wd(1.5)), RangeError);
});

test("1x24 jam is one working day unless the Dinas reads it as 24 clock hours", () => {
  assert.deepEqual(targetForJam24(cal), wd(1));
  assert.deepEqual(targetForJam24(cal, 3), wd(3));
  const literal = createCalendar({ jam24Mode: "clock_hours" });
  assert.deepEqual(targetForJam24(literal), { value: 24, unit: "clock_hours" });
  assert.deepEqual(due("2026-08-14T10:00", targetForJam24(cal)), wita("2026-08-18T10:00"));
  assert.deepEqual(due("2026-08-14T10:00", targetForJam24(literal)), wita("2026-08-15T10:00"));
});

test("workingMinutesBetween counts only working time and is signed", () => {
  assert.equal(workingMinutesBetween(cal, wita("2026-08-10T10:00"), wita("2026-08-11T10:00")), 450);
  assert.equal(workingMinutesBetween(cal, wita("2026-08-14T07:30"), wita("2026-08-14T16:00")), 420);
  assert.equal(workingMinutesBetween(cal, wita("2026-08-14T16:00"), wita("2026-08-18T07:30")), 0);
  assert.equal(workingMinutesBetween(cal, wita("2026-08-11T10:00"), wita("2026-08-10T10:00")), -450);
});

// Mon 3 Aug 10:00 + 1 working day = Tue 4 Aug 10:00; the target is 450 working minutes.
const base = { calendar: cal, target: wd(1), startedAt: wita("2026-08-03T10:00") };

test("clock without pauses: remaining, at risk, breached", () => {
  const early = computeSla({ ...base, now: wita("2026-08-04T08:00") });
  assert.deepEqual(early.dueAt, wita("2026-08-04T10:00"));
  assert.equal(early.remainingMinutes, 120);
  assert.equal(early.atRisk, false); // 330/450 = 0.73
  const risky = computeSla({ ...base, now: wita("2026-08-04T08:30") });
  assert.equal(risky.atRisk, true);
  assert.equal(risky.elapsedFraction, 0.8);
  const late = computeSla({ ...base, now: wita("2026-08-04T10:30") });
  assert.deepEqual([late.breached, late.atRisk, late.remainingMinutes], [true, false, -30]);
  assert.equal(late.elapsedFraction, 480 / 450);
  const notYet = computeSla({ ...base, now: wita("2026-08-03T09:00") });
  assert.deepEqual([notYet.remainingMinutes, notYet.elapsedFraction], [450, 0]);
});

test("a revision pause moves the due later by its working time (breaks excluded)", () => {
  const pauses = [{ from: wita("2026-08-03T11:00"), to: wita("2026-08-03T14:00") }]; // 120 working min
  const s = computeSla({ ...base, pauses, now: wita("2026-08-04T11:00") });
  assert.deepEqual(s.dueAt, wita("2026-08-04T12:00"));
  assert.deepEqual([s.remainingMinutes, s.paused, s.breached], [60, false, false]);
});

test("overlapping pauses (revision during a SIAK outage) count once", () => {
  const pauses = [
    { from: wita("2026-08-03T11:00"), to: wita("2026-08-03T14:00") },
    { from: wita("2026-08-03T13:30"), to: wita("2026-08-03T15:00") },
    { from: wita("2026-08-03T13:45"), to: wita("2026-08-03T14:15") },
  ];
  const s = computeSla({ ...base, pauses, now: wita("2026-08-05T08:00") });
  assert.deepEqual(s.dueAt, wita("2026-08-04T14:00")); // 11:00–15:00 = 180 working minutes
});

test("an open SIAK outage pauses the clock now and keeps pushing the due", () => {
  const pauses = [{ from: wita("2026-08-03T15:00") }];
  const s = computeSla({ ...base, pauses, now: wita("2026-08-04T09:00") });
  assert.equal(s.paused, true);
  assert.deepEqual(s.dueAt, wita("2026-08-04T13:30")); // 60 + 90 paused working minutes
  assert.equal(s.remainingMinutes, 210); // frozen at its value when the outage began
  const later = computeSla({ ...base, pauses, now: wita("2026-08-04T11:00") });
  assert.equal(later.remainingMinutes, 210);
  assert.ok(later.dueAt > s.dueAt);
});

test("pauses after the deadline, before the start or in the future change nothing", () => {
  const now = wita("2026-08-04T12:30");
  const plain = computeSla({ ...base, now });
  const pauses = [
    { from: wita("2026-08-04T11:00"), to: wita("2026-08-04T12:00") }, // already late by then
    { from: wita("2026-08-01T08:00"), to: wita("2026-08-03T10:00") }, // before the clock started
    { from: wita("2026-08-05T08:00"), to: wita("2026-08-05T09:00") }, // not begun yet
  ];
  assert.deepEqual(computeSla({ ...base, pauses, now }), plain);
  assert.equal(plain.breached, true);
  assert.throws(() => computeSla({ ...base, now, pauses: [{ from: now, to: wita("2026-08-04T08:00") }] }));
});

test("clock-unit targets pause in clock time", () => {
  const s = computeSla({
    calendar: cal,
    target: { value: 30, unit: "minutes" },
    startedAt: wita("2026-08-15T10:00"),
    pauses: [{ from: wita("2026-08-15T10:10"), to: wita("2026-08-15T10:20") }],
    now: wita("2026-08-15T10:25"),
  });
  assert.deepEqual(s.dueAt, wita("2026-08-15T10:40"));
  assert.equal(s.remainingMinutes, 15);
  assert.equal(s.elapsedFraction, 0.5);
});

test("complaint clocks: verify in 3, follow up in 5, auto-close 10 working days after the answer", () => {
  assert.deepEqual(complaintVerificationDue(cal, wita("2026-08-14T10:00")), wita("2026-08-20T10:00"));
  // Fri 21, Mon 24, (Tue 25 Maulid Nabi), Wed 26, Thu 27, Fri 28.
  assert.deepEqual(complaintFollowUpDue(cal, wita("2026-08-20T10:00")), wita("2026-08-28T10:00"));
  assert.deepEqual(complaintAutoCloseAt(cal, wita("2026-08-03T10:00")), wita("2026-08-18T10:00"));
  const s = complaintClock("verification", {
    calendar: cal,
    startedAt: wita("2026-08-14T10:00"),
    now: wita("2026-08-19T10:00"),
  });
  assert.deepEqual([s.remainingMinutes, s.breached], [450, false]);
});
