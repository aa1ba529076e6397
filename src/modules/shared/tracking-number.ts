/**
 * Human tracking numbers, `KPG-A-2611-00042`: office code, kind (A = application, P = pengaduan), year and
 * month in the office's time zone, and a sequence per office + kind + month. Citizens retype them from a
 * screenshot or a paper slip, so parsing forgives case, spaces, dots and missing dashes.
 */
import { utcToZoned } from "../sla/calendar.ts";

export type TrackingKind = "A" | "P";
export type TrackingNumber = { office: string; kind: TrackingKind; period: string; sequence: number };

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** "2611" for November 2026 as the office's wall clock reads it (a submission at 23:30 WITA on the 30th is November). */
export const trackingPeriod = (timeZone: string, at: Date): string => {
  const { year, month } = utcToZoned(timeZone, at);
  return `${pad(year % 100, 2)}${pad(month, 2)}`;
};

export const formatTrackingNumber = (t: TrackingNumber): string =>
  `${t.office.toUpperCase()}-${t.kind}-${t.period}-${pad(t.sequence, 5)}`;

// Office code 2–5 letters; the kind letter may be glued to it ("KPGA…": the engine backtracks to KPG + A).
// Sequence is 5 digits, 6 allowed for a month with more than 99 999 items. Word boundaries keep a NIK or a
// phone number in the same message from being read as part of it.
const PATTERN =
  /(?<![a-z0-9])([a-z]{2,5})[\s._-]*([ap])[\s._-]*(\d{2})[\s._-]?(\d{2})[\s._-]*(\d{5,6})(?![0-9])/gi;

/**
 * The first tracking number anywhere in a message, normalised; undefined when there is none. Pass the known
 * office codes to skip look-alikes such as "data 2611 00042" (read as DAT-A-…).
 */
export const parseTrackingNumber = (
  text: string,
  officeCodes?: readonly string[],
): (TrackingNumber & { text: string }) | undefined => {
  const known = officeCodes?.map((c) => c.toUpperCase());
  for (const m of text.matchAll(PATTERN)) {
    const [, office, kind, yy, mm, seq] = m as unknown as [string, string, string, string, string, string];
    const month = Number(mm);
    if (month < 1 || month > 12) continue;
    if (known && !known.includes(office.toUpperCase())) continue;
    const parsed: TrackingNumber = {
      office: office.toUpperCase(),
      kind: kind.toUpperCase() as TrackingKind,
      period: `${yy}${mm}`,
      sequence: Number(seq),
    };
    if (parsed.sequence === 0) continue;
    return { ...parsed, text: formatTrackingNumber(parsed) };
  }
  return undefined;
};
