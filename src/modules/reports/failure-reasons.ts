/**
 * What a failed send's Graph error code means, short enough for a chart axis
 * (shared/domain/whatsapp-cloud-api.md, error table). Unknown codes are shown as they are.
 */
import type { Locale } from "../desk/context.ts";

const REASONS: Record<string, Record<Locale, string>> = {
  "131026": { id: "Tidak bisa menerima", en: "Undeliverable" },
  "131047": { id: "Lewat jendela 24 jam", en: "Outside 24 h window" },
  "131049": { id: "Dibatasi Meta", en: "Limited by Meta" },
  "131048": { id: "Batas spam", en: "Spam rate limit" },
  "131056": { id: "Terlalu sering", en: "Pair rate limit" },
  "130429": { id: "Batas kecepatan", en: "Rate limit" },
  "368": { id: "Diblokir kebijakan", en: "Policy block" },
  unknown: { id: "Tidak diketahui", en: "Unknown" },
};

export const failureLabel = (l: Locale, code: string) => {
  const reason = REASONS[code];
  if (!reason) return code;
  return code === "unknown" ? reason[l] : `${code} ${reason[l]}`;
};
