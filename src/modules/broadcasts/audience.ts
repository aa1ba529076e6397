/**
 * Audience filters, computed from what the office really holds: the contact's submitted applications.
 * - kecamatan: the region digits (PP.KK.SS) of the Nomor KK the citizen gave. A KK is issued where the
 *   family is registered and re-issued on a move, so it is the closest thing to a domicile we have. The NIK's
 *   region is NOT used: it is where the NIK was first issued and never changes (identity/nik.ts).
 * - services: any submitted application for one of the services.
 * - turns 17 this month: a subject NIK whose birth date (DDMMYY, +40 for women) makes the person 17 in the
 *   current WITA month, with no KTP-el application for that NIK yet; the reminder goes to whoever applied
 *   for them (often a parent).
 * - child without KIA: a subject NIK under 17 with no KIA application (other than rejected, cancelled or
 *   expired) for that NIK anywhere in the office. Children known only from a birth-certificate application
 *   have no NIK on file yet and cannot be matched, so they are not included.
 * Filters combine with AND; values inside one filter with OR.
 */
import { ageInYears, officeDay } from "../identity/id-number.ts";
import { parseKk } from "../identity/kk.ts";
import { parseNik } from "../identity/nik.ts";
import { DISTRICTS, dottedRegionCode } from "../identity/regions.ts";

export type AudienceFilters = {
  /** Dotted Kemendagri kecamatan codes, e.g. "53.71.04" (Oebobo). */
  kecamatan?: string[];
  services?: string[];
  turns17ThisMonth?: boolean;
  childWithoutKia?: boolean;
};

/** One submitted application, its identity numbers opened. */
export type ApplicationFacts = {
  contactId: string;
  serviceCode: string;
  subjectNik?: string;
  subjectNikIndex?: string;
  kkNumber?: string;
};

export type OfficeFacts = {
  /** Blind indexes of subjects with a live KIA / KTP-el application. */
  kiaSubjects: Set<string>;
  ktpSubjects: Set<string>;
};

const KTP_AGE = 17;

export const hasFilters = (f: AudienceFilters) =>
  Boolean(f.kecamatan?.length || f.services?.length || f.turns17ThisMonth || f.childWithoutKia);

/** Keeps only well-formed values: known kecamatan codes, services the catalogue offers. */
export const cleanFilters = (
  input: { kecamatan?: string[]; services?: string[]; turns17ThisMonth?: boolean; childWithoutKia?: boolean },
  serviceCodes: readonly string[],
): AudienceFilters => {
  const kecamatan = [...new Set((input.kecamatan ?? []).map((k) => dottedRegionCode(k) ?? ""))].filter(
    (k) => k.split(".").length === 3 && k in DISTRICTS,
  );
  const services = [...new Set(input.services ?? [])].filter((s) => serviceCodes.includes(s));
  return {
    ...(kecamatan.length ? { kecamatan } : {}),
    ...(services.length ? { services } : {}),
    ...(input.turns17ThisMonth ? { turns17ThisMonth: true } : {}),
    ...(input.childWithoutKia ? { childWithoutKia: true } : {}),
  };
};

/** The WITA calendar month of `now` as [year, month 1–12]. */
const witaMonth = (now: Date): [number, number] => {
  const wita = new Date(now.getTime() + 8 * 3_600_000);
  return [wita.getUTCFullYear(), wita.getUTCMonth() + 1];
};

export const turns17In = (nik: string, now: Date): boolean => {
  const parsed = parseNik(nik, now);
  if (!parsed.ok) return false;
  const [year, month] = witaMonth(now);
  return parsed.birthDate.getUTCFullYear() === year - KTP_AGE && parsed.birthDate.getUTCMonth() + 1 === month;
};

export const isUnder17 = (nik: string, now: Date): boolean => {
  const parsed = parseNik(nik, now);
  return parsed.ok && ageInYears(parsed.birthDate, officeDay(now)) < KTP_AGE;
};

export const kecamatanOfKk = (kk: string, now: Date): string | undefined => {
  const parsed = parseKk(kk, now);
  return parsed.ok ? parsed.district : undefined;
};

const matchesOne = (a: ApplicationFacts, f: AudienceFilters, office: OfficeFacts, now: Date) => ({
  kecamatan: Boolean(f.kecamatan && a.kkNumber && f.kecamatan.includes(kecamatanOfKk(a.kkNumber, now) ?? "")),
  services: Boolean(f.services?.includes(a.serviceCode)),
  turns17: Boolean(
    a.subjectNik &&
      turns17In(a.subjectNik, now) &&
      !(a.subjectNikIndex && office.ktpSubjects.has(a.subjectNikIndex)),
  ),
  childWithoutKia: Boolean(
    a.subjectNik &&
      a.subjectNikIndex &&
      isUnder17(a.subjectNik, now) &&
      !office.kiaSubjects.has(a.subjectNikIndex),
  ),
});

/** The contacts (among those given facts for) that every requested filter matches. */
export const matchingContacts = (
  facts: ApplicationFacts[],
  f: AudienceFilters,
  office: OfficeFacts,
  now: Date,
): Set<string> => {
  const seen = new Map<string, { kecamatan: boolean; services: boolean; turns17: boolean; child: boolean }>();
  for (const a of facts) {
    const m = matchesOne(a, f, office, now);
    const s = seen.get(a.contactId) ?? { kecamatan: false, services: false, turns17: false, child: false };
    seen.set(a.contactId, {
      kecamatan: s.kecamatan || m.kecamatan,
      services: s.services || m.services,
      turns17: s.turns17 || m.turns17,
      child: s.child || m.childWithoutKia,
    });
  }
  const result = new Set<string>();
  for (const [contactId, s] of seen)
    if (
      (!f.kecamatan?.length || s.kecamatan) &&
      (!f.services?.length || s.services) &&
      (!f.turns17ThisMonth || s.turns17) &&
      (!f.childWithoutKia || s.child)
    )
      result.add(contactId);
  return result;
};
