import type { Locale } from "./context.ts";

/** What the desk says for a file whose bytes the retention purge deleted (the row and its history stay). */
export const purgedFileText = (l: Locale) =>
  l === "id"
    ? "File ini sudah dihapus sesuai jadwal retensi."
    : "This file was deleted on the retention schedule.";

/** 1.5 MB, as people read sizes (decimal units, one decimal). */
export const formatBytes = (bytes: number, l: Locale) => {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${value.toLocaleString(l === "id" ? "id-ID" : "en-GB", { maximumFractionDigits: digits })} ${units[unit]}`;
};
