/**
 * How the report's numbers read, in both languages: percentages, counts, IKM scores and durations
 * (detik / menit / jam, never raw seconds). Pure, shared by the page and the PDF.
 */
import type { Locale } from "../desk/context.ts";

const NUMBER: Record<Locale, string> = { id: "id-ID", en: "en-GB" };

export const formatNumber = (l: Locale, value: number, decimals = 0) =>
  new Intl.NumberFormat(NUMBER[l], {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);

/** 0.875 → "87,5 %" (id) | "87.5%" (en). */
export const formatPercent = (l: Locale, fraction: number) => {
  const value = formatNumber(l, fraction * 100, Number.isInteger(fraction * 100) ? 0 : 1);
  return l === "id" ? `${value} %` : `${value}%`;
};

const UNITS: Record<Locale, { s: string; m: string; h: string }> = {
  id: { s: "detik", m: "menit", h: "jam" },
  en: { s: "s", m: "min", h: "h" },
};

/**
 * A duration a person reads at a glance: "45 detik", "3 menit 20 detik", "2 jam 15 menit", "30 jam".
 * Long durations stay in hours (working hours are not calendar days, so "days" would mislead).
 */
export const formatDuration = (l: Locale, seconds: number) => {
  const u = UNITS[l];
  const s = Math.round(seconds);
  if (s < 60) return `${s} ${u.s}`;
  if (s < 3600) {
    const rest = s % 60;
    return rest && s < 600 ? `${Math.floor(s / 60)} ${u.m} ${rest} ${u.s}` : `${Math.round(s / 60)} ${u.m}`;
  }
  const minutes = Math.round(s / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest && hours < 10 ? `${hours} ${u.h} ${rest} ${u.m}` : `${Math.round(s / 3600)} ${u.h}`;
};
