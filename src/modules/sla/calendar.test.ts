import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createCalendar,
  DEFAULT_WEEKLY,
  holidayOn,
  isWorkingDay,
  isWorkingTime,
  parseLocalDate,
  utcToZoned,
  workingIntervalsOn,
  zonedToUtc,
} from "./calendar.ts";
import { CUTI_BERSAMA_2026, HOLIDAYS_2026, NATIONAL_HOLIDAYS_2026 } from "./holidays-2026.ts";

const wita = (local: string) => new Date(`${local}:00+08:00`);
const cal = createCalendar();

test("local wall time in WITA converts to UTC and back", () => {
  const utc = zonedToUtc("Asia/Makassar", { year: 2026, month: 8, day: 17, hour: 7, minute: 30 });
  assert.equal(utc.toISOString(), "2026-08-16T23:30:00.000Z");
  assert.deepEqual(utcToZoned("Asia/Makassar", utc), {
    year: 2026,
    month: 8,
    day: 17,
    hour: 7,
    minute: 30,
    second: 0,
  });
  assert.equal(
    zonedToUtc("Asia/Jakarta", { year: 2026, month: 1, day: 1, hour: 0, minute: 0 }).getUTCHours(),
    17,
  );
});

test("conversion settles the offset in a zone with DST", () => {
  // Berlin is UTC+1 in winter and UTC+2 in summer; 29 Mar 2026 02:30 does not exist.
  const winter = zonedToUtc("Europe/Berlin", { year: 2026, month: 1, day: 15, hour: 9, minute: 0 });
  const summer = zonedToUtc("Europe/Berlin", { year: 2026, month: 7, day: 15, hour: 9, minute: 0 });
  assert.equal(winter.toISOString(), "2026-01-15T08:00:00.000Z");
  assert.equal(summer.toISOString(), "2026-07-15T07:00:00.000Z");
  const gap = zonedToUtc("Europe/Berlin", { year: 2026, month: 3, day: 29, hour: 2, minute: 30 });
  assert.equal(utcToZoned("Europe/Berlin", gap).hour, 3);
});

test("default week: Mon–Thu 07:30–12:00 + 13:00–16:00, Friday's longer break, weekend closed", () => {
  assert.ok(isWorkingTime(cal, wita("2026-08-10T07:30")));
  assert.ok(!isWorkingTime(cal, wita("2026-08-10T07:29")));
  assert.ok(!isWorkingTime(cal, wita("2026-08-10T12:00")));
  assert.ok(isWorkingTime(cal, wita("2026-08-13T11:45"))); // Thursday
  assert.ok(!isWorkingTime(cal, wita("2026-08-14T11:45"))); // Friday prayer break
  assert.ok(isWorkingTime(cal, wita("2026-08-14T13:00")));
  assert.ok(!isWorkingTime(cal, wita("2026-08-10T16:00")));
  assert.ok(!isWorkingDay(cal, parseLocalDate("2026-08-15")));
  assert.ok(!isWorkingDay(cal, parseLocalDate("2026-08-16")));
  assert.equal(workingIntervalsOn(cal, parseLocalDate("2026-08-14")).length, 2);
});

test("holidays close the office: HUT RI on Monday 17 Aug 2026", () => {
  const d = parseLocalDate("2026-08-17");
  assert.equal(holidayOn(cal, d)?.kind, "national");
  assert.ok(!isWorkingDay(cal, d));
  assert.ok(!isWorkingTime(cal, wita("2026-08-17T09:00")));
});

test("2026 list: 17 libur nasional + 8 cuti bersama, none verified yet, all distinct dates", () => {
  assert.equal(NATIONAL_HOLIDAYS_2026.length, 17);
  assert.equal(CUTI_BERSAMA_2026.length, 8);
  assert.equal(new Set(HOLIDAYS_2026.map((h) => h.date)).size, 25);
  assert.ok(HOLIDAYS_2026.every((h) => !h.verified && h.date.startsWith("2026-")));
  assert.ok(CUTI_BERSAMA_2026.every((h) => h.kind === "cuti_bersama"));
  const idulFitri = HOLIDAYS_2026.filter((h) => h.name.includes("Idul Fitri")).map((h) => h.date);
  assert.deepEqual(idulFitri, ["2026-03-20", "2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24"]);
  // Every cuti bersama is meant to fall on a weekday (otherwise it would be pointless).
  for (const h of CUTI_BERSAMA_2026)
    assert.ok(isWorkingDay(createCalendar({ holidays: [] }), parseLocalDate(h.date)));
});

test("schedule and holidays are configurable data", () => {
  const saturdayDesk = createCalendar({
    weekly: { ...DEFAULT_WEEKLY, sat: [{ start: "08:00", end: "12:00" }] },
    holidays: [{ date: "2026-08-10", name: "Hari jadi (contoh)", kind: "local", verified: false }],
  });
  assert.ok(isWorkingTime(saturdayDesk, wita("2026-08-15T09:00")));
  assert.ok(!isWorkingTime(saturdayDesk, wita("2026-08-10T09:00")));
  assert.ok(isWorkingTime(saturdayDesk, wita("2026-08-17T09:00")), "custom list replaces the 2026 defaults");
});

test("invalid configuration is rejected", () => {
  assert.throws(() => createCalendar({ timeZone: "Asia/Kupang" }), RangeError);
  const bad = (ranges: { start: string; end: string }[]) =>
    createCalendar({ weekly: { sun: [], mon: ranges, tue: [], wed: [], thu: [], fri: [], sat: [] } });
  assert.throws(() => bad([{ start: "12:00", end: "07:30" }]), RangeError);
  assert.throws(() => bad([{ start: "7:30", end: "12:00" }]), RangeError);
  assert.throws(
    () =>
      bad([
        { start: "10:00", end: "12:00" },
        { start: "11:00", end: "13:00" },
      ]),
    RangeError,
  );
  assert.throws(() =>
    createCalendar({ holidays: [{ date: "2026-02-30", name: "x", kind: "local", verified: false }] }),
  );
});
