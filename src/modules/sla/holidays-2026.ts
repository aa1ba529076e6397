/**
 * Indonesian national holidays (libur nasional) and collective leave (cuti bersama) for 2026.
 * verify against the SKB 3 Menteri 2026 (No. 1497/2025, 2/2025, 5/2025): 17 libur nasional + 8 cuti bersama.
 * Secondary sites disagree on some dates (one lists the Natal cuti bersama as 14 Dec), so every entry stays
 * `verified: false` until an admin checks it against the signed SKB. Dates are local (WITA) dates.
 * Dates from the lunar/Hijri calendars carry a note: the government may move them after sidang isbat,
 * and cuti bersama can be changed by a later SKB or Keppres.
 */
import type { Holiday } from "./calendar.ts";

const LUNAR = "unsure: lunar-calendar date, may shift after sidang isbat or a revised SKB";
const HIJRI = "unsure: Hijri date, may shift after sidang isbat or a revised SKB";
const CUTI =
  "unsure: cuti bersama, can be revised by a later SKB/Keppres; check whether the Dinas serves that day";

const national = (date: string, name: string, note?: string): Holiday => ({
  date,
  name,
  kind: "national",
  verified: false,
  ...(note ? { note } : {}),
});

const cutiBersama = (date: string, name: string): Holiday => ({
  date,
  name,
  kind: "cuti_bersama",
  verified: false,
  note: CUTI,
});

/** 17 libur nasional: 21 and 22 Mar (Idul Fitri) count as two; four fall on a weekend. */
export const NATIONAL_HOLIDAYS_2026: readonly Holiday[] = [
  national("2026-01-01", "Tahun Baru 2026 Masehi"),
  national("2026-01-16", "Isra Mikraj Nabi Muhammad SAW", HIJRI),
  national("2026-02-17", "Tahun Baru Imlek 2577 Kongzili", LUNAR),
  national("2026-03-19", "Hari Suci Nyepi (Tahun Baru Saka 1948)", LUNAR),
  national("2026-03-21", "Hari Raya Idul Fitri 1447 H", HIJRI),
  national("2026-03-22", "Hari Raya Idul Fitri 1447 H (hari kedua)", HIJRI),
  national("2026-04-03", "Wafat Yesus Kristus"),
  national("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"),
  national("2026-05-01", "Hari Buruh Internasional"),
  national("2026-05-14", "Kenaikan Yesus Kristus"),
  national("2026-05-27", "Hari Raya Idul Adha 1447 H", HIJRI),
  national("2026-05-31", "Hari Raya Waisak 2570 BE", LUNAR),
  national("2026-06-01", "Hari Lahir Pancasila"),
  national("2026-06-16", "Tahun Baru Islam 1448 H (1 Muharam)", HIJRI),
  national("2026-08-17", "Hari Proklamasi Kemerdekaan RI"),
  national("2026-08-25", "Maulid Nabi Muhammad SAW", HIJRI),
  national("2026-12-25", "Hari Raya Natal (Kelahiran Yesus Kristus)"),
];

/** 8 cuti bersama for ASN (SKB 2026). */
export const CUTI_BERSAMA_2026: readonly Holiday[] = [
  cutiBersama("2026-02-16", "Cuti bersama Tahun Baru Imlek"),
  cutiBersama("2026-03-18", "Cuti bersama Hari Suci Nyepi"),
  cutiBersama("2026-03-20", "Cuti bersama Idul Fitri 1447 H"),
  cutiBersama("2026-03-23", "Cuti bersama Idul Fitri 1447 H"),
  cutiBersama("2026-03-24", "Cuti bersama Idul Fitri 1447 H"),
  cutiBersama("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"),
  cutiBersama("2026-05-28", "Cuti bersama Idul Adha 1447 H"),
  cutiBersama("2026-12-24", "Cuti bersama Hari Raya Natal"),
];

/**
 * Both lists, sorted by date. A Dinas that keeps a duty desk open on cuti bersama (public-service units may
 * roster staff) should build its calendar from NATIONAL_HOLIDAYS_2026 alone.
 */
export const HOLIDAYS_2026: readonly Holiday[] = [...NATIONAL_HOLIDAYS_2026, ...CUTI_BERSAMA_2026].sort(
  (a, b) => a.date.localeCompare(b.date),
);
