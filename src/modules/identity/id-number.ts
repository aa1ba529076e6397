/**
 * What NIK and Nomor KK have in common: both are 16 digits `PP KK SS DDMMYY NNNN` typed by people on phones.
 * Internal to the identity module; nik.ts and kk.ts build their results from these pieces.
 */

/**
 * Characters people put between digit groups, or that ride along when copying: spaces (incl. no-break and
 * zero-width), dots, dashes of every width, slashes, underscores, commas, and the leading apostrophe that
 * spreadsheets use to keep a 16-digit number from being rounded.
 */
const SEPARATORS = /[\s\u200b-\u200d\u2060\ufeff.\-\u2010-\u2015\u2212_/,'’]/gu;

export type DigitsCheck =
  | { ok: true; digits: string }
  | {
      ok: false;
      error: { code: "non_digit"; characters: string[] } | { code: "wrong_length"; digits: number };
    };

/** Strips separators, then demands exactly 16 ASCII digits. Letters are reported before length. */
export const sixteenDigits = (input: string): DigitsCheck => {
  // NFKC turns full-width digits (from some phone keyboards) into ASCII ones.
  const stripped = input.normalize("NFKC").replace(SEPARATORS, "");
  const others = [...new Set(stripped.replace(/\d/g, ""))];
  if (others.length > 0) return { ok: false, error: { code: "non_digit", characters: others } };
  if (stripped.length !== 16) return { ok: false, error: { code: "wrong_length", digits: stripped.length } };
  return { ok: true, digits: stripped };
};

/** A calendar date at UTC midnight, or undefined when it does not exist (31 Feb, 29 Feb 2023). */
export const utcDate = (year: number, month: number, day: number): Date | undefined => {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that for any year we are given.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
};

/** `today` as a UTC-midnight date in WITA (Asia/Makassar, UTC+8), the office's calendar day. */
export const officeDay = (today: Date): Date => {
  const wita = new Date(today.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(wita.getUTCFullYear(), wita.getUTCMonth(), wita.getUTCDate()));
};

/** Whole years from `from` to `to` (both UTC midnight); a 29 Feb birthday counts from 1 March. */
export const ageInYears = (from: Date, to: Date): number => {
  const years = to.getUTCFullYear() - from.getUTCFullYear();
  const beforeBirthday =
    to.getUTCMonth() < from.getUTCMonth() ||
    (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate());
  return beforeBirthday ? years - 1 : years;
};

/** 16 digits → `5371••••••••0042`: region and serial visible, the embedded date hidden. */
export const maskDigits = (digits: string): string =>
  /^\d{16}$/.test(digits) ? `${digits.slice(0, 4)}${"•".repeat(8)}${digits.slice(12)}` : "•".repeat(16);
