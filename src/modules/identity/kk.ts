/**
 * Nomor KK (NKK): 16 digits `PP KK SS DDMMYY NNNN`, laid out like a NIK but DDMMYY is the date the family
 * card's data was entered/issued: no +40 rule, and the year is 20YY (perl Business::ID::NKK). The number
 * stays the same until the kepala keluarga changes, so an old issue date is normal.
 * Do not cross-check the issue date against family members' birth dates (rules doc, Implication 3).
 */
import { maskDigits, officeDay, sixteenDigits, utcDate } from "./id-number.ts";
import type { DateProblem } from "./nik.ts";
import { lookupRegion, type RegionLevel } from "./regions.ts";

export type KkError =
  | { code: "wrong_length"; digits: number }
  | { code: "non_digit"; characters: string[] }
  | { code: "invalid_date"; problem: DateProblem; day: number; month: number }
  /**
   * A card cannot be issued after today. An error, not a warning: 20YY is fixed, so a "future" date is a
   * typo (or a NIK of someone born in the 1900s pasted into the KK field), and a wrong NKK sent to a
   * petugas costs the citizen a second trip.
   */
  | { code: "future_issue_date"; issueDate: Date }
  | { code: "zero_serial" };

export type KkWarning = { code: "unknown_region"; level: RegionLevel; regionCode: string };

export type Kk = {
  ok: true;
  /** 16 digits, separators removed. */
  nkk: string;
  /** Dotted Kemendagri codes of the issuing region: "53", "53.71", "53.71.01". */
  province: string;
  regency: string;
  district: string;
  regionNames: { province?: string; regency?: string; district?: string };
  /** UTC midnight. */
  issueDate: Date;
  serial: string;
  warnings: KkWarning[];
};

export type KkResult = Kk | { ok: false; error: KkError };

/** Parses a Nomor KK as people type it. `today` is read as a calendar day in WITA, as for the NIK. */
export const parseKk = (input: string, today: Date): KkResult => {
  const checked = sixteenDigits(input);
  if (!checked.ok) return checked;
  const nkk = checked.digits;
  const day = Number(nkk.slice(6, 8));
  const month = Number(nkk.slice(8, 10));
  if (month < 1 || month > 12)
    return { ok: false, error: { code: "invalid_date", problem: "month", day, month } };
  // Days 41–71 are a NIK's women's rule; on a KK they are simply wrong (often a NIK in the KK field).
  if (day < 1 || day > 31) return { ok: false, error: { code: "invalid_date", problem: "day", day, month } };
  const issueDate = utcDate(2000 + Number(nkk.slice(10, 12)), month, day);
  if (issueDate === undefined) {
    return { ok: false, error: { code: "invalid_date", problem: "calendar", day, month } };
  }
  if (issueDate.getTime() > officeDay(today).getTime()) {
    return { ok: false, error: { code: "future_issue_date", issueDate } };
  }
  const serial = nkk.slice(12);
  if (serial === "0000") return { ok: false, error: { code: "zero_serial" } };
  const region = lookupRegion(nkk.slice(0, 6));
  return {
    ok: true,
    nkk,
    province: region.province,
    regency: region.regency,
    district: region.district,
    regionNames: region.names,
    issueDate,
    serial,
    warnings: region.unknownAt
      ? [{ code: "unknown_region", level: region.unknownAt, regionCode: region[region.unknownAt] }]
      : [],
  };
};

/** `5301••••••••0007`: same masking as the NIK. */
export const maskKk = (nkk: string): string => {
  const checked = sixteenDigits(nkk);
  return maskDigits(checked.ok ? checked.digits : "");
};
