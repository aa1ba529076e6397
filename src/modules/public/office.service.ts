/**
 * What the public pages and the printables say about the office: its WhatsApp numbers (with click-to-chat
 * links), its hours and closures (the calendar the admin edits), and which services to put first.
 */
import type { Database } from "../../platform/db/client.ts";
import type { Catalogue, Locale, Service } from "../catalogue/schema.ts";
import { loadCalendarData } from "../offices/calendar.service.ts";
import {
  formatLocalDate,
  type Holiday,
  localDateOf,
  type TimeRange,
  type Weekday,
  type WeeklySchedule,
} from "../sla/calendar.ts";
import { findPublicOffice, listPublicChannels } from "./office.repo.ts";
import { DAY_NAMES } from "./office.words.ts";

export type PublicNumber = {
  label: string;
  /** As people write it: +62 380-0000-0001. */
  display: string;
  /** International digits for wa.me: 6238000000001. */
  digits: string;
  /** Catalogue service codes this number serves; empty: all of them. */
  serviceCodes: string[];
};

export type PublicOffice = {
  /** Numbers serving every service come first: they are the ones a poster shows. */
  numbers: PublicNumber[];
  weekly?: WeeklySchedule;
  /** Closures from today on, within the next weeks. */
  closures: Holiday[];
  timeZone: string;
};

/** How far ahead the page lists holidays: enough to plan a visit, short enough to stay a short list. */
const CLOSURE_DAYS = 45;

export const loadPublicOffice = async (
  o: { database: Database; catalogue: Catalogue },
  now: Date,
): Promise<PublicOffice> => {
  const db = o.database.db;
  const office = await findPublicOffice(db, o.catalogue.office.name.id);
  const timeZone = office?.timeZone ?? o.catalogue.office.timezone;
  if (!office) return { numbers: [], closures: [], timeZone };
  const [channels, calendar] = await Promise.all([
    listPublicChannels(db, office.id),
    loadCalendarData(db, office.id),
  ]);
  const numbers = channels
    .map((c) => ({
      label: c.label,
      display: formatPhone(c.displayPhoneNumber),
      digits: phoneDigits(c.displayPhoneNumber),
      serviceCodes: c.serviceCodes,
    }))
    .filter((n) => n.digits.length >= 8);
  // Stable sort: general numbers first, otherwise the order they were added in.
  numbers.sort((a, b) => Number(a.serviceCodes.length > 0) - Number(b.serviceCodes.length > 0));
  const today = formatLocalDate(localDateOf(timeZone, now));
  const until = formatLocalDate(localDateOf(timeZone, new Date(now.getTime() + CLOSURE_DAYS * 86_400_000)));
  return {
    numbers,
    ...(calendar ? { weekly: calendar.weekly } : {}),
    closures: (calendar?.holidays ?? []).filter((h) => h.date >= today && h.date <= until),
    timeZone,
  };
};

/** wa.me wants the international number, digits only; a local 08… number is Indonesian (+62). */
export const phoneDigits = (display: string): string => {
  const digits = display.replace(/\D/g, "");
  return digits.startsWith("0") ? `62${digits.slice(1)}` : digits;
};

/** Meta's display number is kept as Meta wrote it; bare digits get the +62 812-3456-7890 shape. */
export const formatPhone = (display: string): string => {
  if (/[\s-]/.test(display.trim()))
    return display.trim().startsWith("+") ? display.trim() : `+${display.trim()}`;
  const digits = phoneDigits(display);
  if (!digits.startsWith("62")) return `+${digits}`;
  const rest = digits.slice(2);
  const groups = [rest.slice(0, 3), ...(rest.slice(3).match(/.{1,4}/g) ?? [])];
  return `+62 ${groups.join("-")}`;
};

/** The click-to-chat link; `text` is typed into the citizen's message box, ready to send. */
export const waLink = (digits: string, text?: string): string =>
  `https://wa.me/${digits}${text ? `?text=${encodeURIComponent(text)}` : ""}`;

/** The first message a general link suggests: the bot's menu, or its English switch (which shows the menu). */
export const greeting = (l: Locale): string => (l === "en" ? "English" : "MENU");

/** The number that serves a service: one assigned to it, else one serving everything. */
export const numberFor = (numbers: PublicNumber[], serviceCode: string): PublicNumber | undefined =>
  numbers.find((n) => n.serviceCodes.includes(serviceCode)) ??
  numbers.find((n) => n.serviceCodes.length === 0);

/**
 * "Most used" is the catalogue's own order (its `order` field, which the loader sorts by and the bot's menu
 * follows): the office lists what citizens ask for most first. No usage count exists yet to rank by
 * (daily_rollups is not filled), and a fixed order keeps the poster and the page saying the same thing.
 */
export const mostUsedServices = (catalogue: Pick<Catalogue, "services">, n: number): Service[] =>
  catalogue.services.slice(0, n);

/** A complaint channel reached outside the chat: its contact has an address or a number (lapor.go.id, 1708). */
export const hasAddress = (contact: string): boolean => /\d|\.[a-z]{2}/.test(contact);

/** WITA for Kupang; the zone name for a zone outside Indonesia's three. */
export const zoneLabel = (timeZone: string): string =>
  ({
    "Asia/Makassar": "WITA",
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Jayapura": "WIT",
  })[timeZone] ?? timeZone;

const WEEK: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const rangesText = (ranges: readonly TimeRange[], l: Locale) =>
  ranges.map((r) => `${clock(r.start, l)}–${clock(r.end, l)}`).join(", ");
const clock = (hhmm: string, l: Locale) => (l === "id" ? hhmm.replace(":", ".") : hhmm);

export type HoursLine = { days: string; times?: string };

/** The week as people read it: consecutive days with the same hours in one line (Senin–Kamis, Jumat, …). */
export const hoursLines = (weekly: WeeklySchedule, l: Locale): HoursLine[] => {
  const lines: HoursLine[] = [];
  let start = 0;
  for (let i = 1; i <= WEEK.length; i++) {
    const same = i < WEEK.length && key(weekly[WEEK[i]!]) === key(weekly[WEEK[start]!]);
    if (same) continue;
    const first = DAY_NAMES[l][WEEK[start]!];
    const days = i - 1 === start ? first : `${first}–${DAY_NAMES[l][WEEK[i - 1]!]}`;
    const ranges = weekly[WEEK[start]!] ?? [];
    lines.push(ranges.length > 0 ? { days, times: rangesText(ranges, l) } : { days });
    start = i;
  }
  return lines;
};
const key = (ranges: readonly TimeRange[] | undefined) => JSON.stringify(ranges ?? []);

/** 25 Desember 2026 / 25 December 2026, for a YYYY-MM-DD local date. */
export const longDate = (date: string, l: Locale): string =>
  new Intl.DateTimeFormat(l === "id" ? "id-ID" : "en-GB", {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(new Date(`${date}T00:00:00Z`));
