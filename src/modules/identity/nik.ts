/**
 * NIK (Nomor Induk Kependudukan): 16 digits `PP KK SS DDMMYY NNNN`.
 * - PP.KK.SS: Kemendagri region where the NIK was FIRST ISSUED. It never changes when the person moves,
 *   so it says nothing about domicile or which Dinas is competent; derive that from the KK address.
 * - DDMMYY: date of birth; women have 40 added to the day (41–71).
 * - NNNN: serial from 0001. There is no checksum digit.
 * Rules: /work/shared/domain/dukcapil-rules.md §1 (python-stdnum id/nik, perl Business::ID::NIK).
 */
import { ageInYears, maskDigits, officeDay, sixteenDigits, utcDate } from "./id-number.ts";
import { lookupRegion, type RegionLevel } from "./regions.ts";

/**
 * Oldest age we treat as a living person's: if the older century gives an age up to this, the two-digit year
 * is ambiguous. ~120 is just under the oldest verified human age (122), so no real person is excluded.
 */
export const MAX_PLAUSIBLE_AGE = 120;

export type DateProblem = "month" | "day" | "calendar";

export type NikError =
  | { code: "wrong_length"; digits: number }
  | { code: "non_digit"; characters: string[] }
  /** `day` is the real day (women's +40 removed) so a message can say "31-02". */
  | { code: "invalid_date"; problem: DateProblem; day: number; month: number }
  | { code: "zero_serial" };

export type NikWarning =
  /** The issuing region is not in our table. Never a reason to reject: codes get split and renumbered. */
  | { code: "unknown_region"; level: RegionLevel; regionCode: string }
  /** The other century is also a living person's age; confirm the year before age-dependent decisions. */
  | { code: "century_ambiguous"; alternativeBirthDate: Date };

export type Nik = {
  ok: true;
  /** 16 digits, separators removed. */
  nik: string;
  /** Dotted Kemendagri codes of the issuing region: "53", "53.71", "53.71.01". */
  province: string;
  regency: string;
  district: string;
  /** Names where the region table knows them. */
  regionNames: { province?: string; regency?: string; district?: string };
  /** UTC midnight. */
  birthDate: Date;
  sex: "F" | "M";
  serial: string;
  warnings: NikWarning[];
};

export type NikResult = Nik | { ok: false; error: NikError };

/** Day and month of DDMM, with the women's +40 rule. Shared with nothing: the KK has no +40. */
const readDayMonth = (
  dd: number,
  mm: number,
): { day: number; month: number; sex: "F" | "M" } | { problem: DateProblem; day: number; month: number } => {
  const sex = dd > 40 ? "F" : "M";
  const day = sex === "F" ? dd - 40 : dd;
  if (mm < 1 || mm > 12) return { problem: "month", day, month: mm };
  if (day < 1 || day > 31) return { problem: "day", day, month: mm };
  return { day, month: mm, sex };
};

/**
 * The century choice. YY alone cannot tell 1920 from 2020, so:
 * 1. Take the LATEST century whose date exists and is not after today. Among people who contact a Dinas,
 *    the young reading is overwhelmingly the likely one (children get a NIK at birth; centenarians are rare),
 *    and a date in the future is impossible.
 * 2. If the older century would still be a plausible age (≤ MAX_PLAUSIBLE_AGE), warn `century_ambiguous`
 *    and carry that date, so an age-gated flow (KTP-el at 17, KIA under 17) can ask the citizen once
 *    instead of silently sending a 105-year-old to the KIA service. Flows that do not depend on age
 *    can ignore the warning.
 * No "older than 120" warning: by rule 1 the chosen reading is always less than 100 years ago, so it could
 * never fire. The real risk runs the other way (a centenarian read as a child), which rule 2 covers.
 * Trade-off: with 120, everyone born in the last ~20 years gets the warning. That is the price of catching
 * the 1920-or-2020 case; a flow should resolve it by showing the birth date in its confirmation step.
 */
const chooseBirthDate = (
  day: number,
  month: number,
  yy: number,
  today: Date,
): { birthDate: Date; warnings: NikWarning[] } | undefined => {
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  const readings = [century + yy, century - 100 + yy]
    .map((year) => utcDate(year, month, day))
    .filter((d): d is Date => d !== undefined && d.getTime() <= today.getTime());
  const birthDate = readings[0];
  if (birthDate === undefined) return undefined;
  const warnings: NikWarning[] = [];
  const older = utcDate(birthDate.getUTCFullYear() - 100, month, day);
  if (older !== undefined && ageInYears(older, today) <= MAX_PLAUSIBLE_AGE) {
    warnings.push({ code: "century_ambiguous", alternativeBirthDate: older });
  }
  return { birthDate, warnings };
};

/**
 * Parses a NIK as people type it ("5371 0141 0190 0042", "5371.014101.900042").
 * `today` is read as a calendar day in WITA (UTC+8), the office's time zone, so a baby born this morning in
 * Kupang is not "born tomorrow" while UTC is still on yesterday.
 */
export const parseNik = (input: string, today: Date): NikResult => {
  const checked = sixteenDigits(input);
  if (!checked.ok) return checked;
  const nik = checked.digits;
  const dayMonth = readDayMonth(Number(nik.slice(6, 8)), Number(nik.slice(8, 10)));
  if ("problem" in dayMonth) return { ok: false, error: { code: "invalid_date", ...dayMonth } };
  const { day, month, sex } = dayMonth;
  const chosen = chooseBirthDate(day, month, Number(nik.slice(10, 12)), officeDay(today));
  if (chosen === undefined)
    return { ok: false, error: { code: "invalid_date", problem: "calendar", day, month } };
  const serial = nik.slice(12);
  if (serial === "0000") return { ok: false, error: { code: "zero_serial" } };
  const region = lookupRegion(nik.slice(0, 6));
  const regionWarnings: NikWarning[] = region.unknownAt
    ? [{ code: "unknown_region", level: region.unknownAt, regionCode: region[region.unknownAt] }]
    : [];
  return {
    ok: true,
    nik,
    province: region.province,
    regency: region.regency,
    district: region.district,
    regionNames: region.names,
    birthDate: chosen.birthDate,
    sex,
    serial,
    warnings: [...regionWarnings, ...chosen.warnings],
  };
};

/**
 * `5371••••••••0042` for screens and logs: keeps the issuing region and serial, hides the birth date.
 * Accepts separators; anything that is not 16 digits is masked completely rather than echoed. Works for NKK too.
 */
export const maskNik = (nik: string): string => {
  const checked = sixteenDigits(nik);
  return maskDigits(checked.ok ? checked.digits : "");
};
