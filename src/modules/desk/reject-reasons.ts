/**
 * Ready reasons for sending a document back, by the kind of document. The operator picks one in their own
 * language; the citizen reads it in theirs, so the stored reason is the text in the citizen's language.
 */
import type { Requirement } from "../catalogue/schema.ts";
import type { Locale } from "./context.ts";

export const REJECT_REASONS = {
  blurry: {
    id: "Foto buram atau tidak terbaca; mohon difoto ulang di tempat terang.",
    en: "The photo is blurry or unreadable; please take it again in good light.",
  },
  cut_off: {
    id: "Sebagian dokumen terpotong; mohon foto seluruh halaman.",
    en: "Part of the document is cut off; please photograph the whole page.",
  },
  unreadable: {
    id: "Berkas tidak bisa dibuka atau tidak terbaca.",
    en: "The file cannot be opened or read.",
  },
  wrong_document: {
    id: "Dokumen yang dikirim bukan dokumen yang diminta.",
    en: "This is not the document that was asked for.",
  },
  incomplete_pages: {
    id: "Halamannya belum lengkap; mohon kirim semua halaman.",
    en: "Pages are missing; please send every page.",
  },
  expired: { id: "Dokumen sudah tidak berlaku.", en: "The document has expired." },
  name_mismatch: {
    id: "Nama di dokumen tidak sama dengan data permohonan.",
    en: "The name on the document does not match the application.",
  },
  missing: { id: "Dokumen ini belum dikirim.", en: "This document has not been sent yet." },
} as const satisfies Record<string, Record<Locale, string>>;

export type RejectReasonKey = keyof typeof REJECT_REASONS;

const BY_KIND: Record<Requirement["kind"] | "unknown", RejectReasonKey[]> = {
  photo: ["blurry", "cut_off", "wrong_document", "expired", "name_mismatch"],
  pdf: ["unreadable", "incomplete_pages", "wrong_document", "expired", "name_mismatch"],
  either: ["blurry", "incomplete_pages", "wrong_document", "expired", "name_mismatch"],
  unknown: ["blurry", "unreadable", "wrong_document", "incomplete_pages", "expired", "name_mismatch"],
};

/** The presets that fit a requirement: a document never sent can only be missing. */
export const reasonsFor = (kind: Requirement["kind"] | "unknown", hasPages: boolean): RejectReasonKey[] =>
  hasPages ? BY_KIND[kind] : ["missing"];

export const isRejectReasonKey = (key: string | undefined): key is RejectReasonKey =>
  key !== undefined && Object.hasOwn(REJECT_REASONS, key);

/** The reason to store: the operator's own words win over a preset. */
export const reasonText = (o: { preset?: string; free?: string; citizenLocale: Locale }): string => {
  const free = o.free?.trim();
  if (free) return free;
  return isRejectReasonKey(o.preset) ? REJECT_REASONS[o.preset][o.citizenLocale] : "";
};
