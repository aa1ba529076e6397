import type { Locale } from "../bot/types.ts";

/** How a status reads to a citizen, and what happens next. */
const STATUS: Record<string, Record<Locale, [label: string, next: string]>> = {
  draft: {
    id: ["Belum dikirim", "Lanjutkan pengisian di chat ini."],
    en: ["Not submitted", "Continue in this chat."],
  },
  submitted: {
    id: ["Diterima, menunggu pemeriksaan", "Petugas akan memeriksa berkas Anda."],
    en: ["Received, waiting for review", "An officer will check your documents."],
  },
  in_review: {
    id: ["Sedang diperiksa petugas", "Mohon tunggu hasil pemeriksaan."],
    en: ["Being reviewed", "Please wait for the review."],
  },
  needs_revision: {
    id: ["Perlu perbaikan dokumen", "Kirim dokumen yang diminta di chat ini."],
    en: ["Documents need correcting", "Send the requested documents in this chat."],
  },
  processing: {
    id: ["Sedang diproses", "Dokumen sedang dicetak/diterbitkan."],
    en: ["Being processed", "The document is being issued."],
  },
  completed: {
    id: ["Selesai", "Dokumen sudah dikirim atau siap diambil."],
    en: ["Completed", "The document was sent or is ready for pick-up."],
  },
  rejected: {
    id: ["Ditolak", "Lihat alasan penolakan; Anda boleh mengajukan lagi."],
    en: ["Rejected", "See the reason; you may apply again."],
  },
  cancelled: { id: ["Dibatalkan", "Ajukan lagi kapan saja."], en: ["Cancelled", "Apply again at any time."] },
  expired: { id: ["Kedaluwarsa", "Ajukan lagi kapan saja."], en: ["Expired", "Apply again at any time."] },
};

export const statusLabel = (status: string, l: Locale) => STATUS[status]?.[l]?.[0] ?? status;
export const statusNext = (status: string, l: Locale) => STATUS[status]?.[l]?.[1] ?? "";

/** A date and time as Kupang reads it: "Senin, 30 November 2026 pukul 10.00 WITA". */
export const formatWita = (d: Date, l: Locale) =>
  `${new Intl.DateTimeFormat(l === "id" ? "id-ID" : "en-GB", { timeZone: "Asia/Makassar", weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(d)} WITA`;

export const SUBMITTED: Record<
  Locale,
  (tracking: string, due: string | undefined, missing: number) => string
> = {
  id: (tracking, due, missing) =>
    [
      "✅ *Permohonan Anda sudah kami terima.*",
      `Nomor permohonan: *${tracking}*`,
      due ? `Perkiraan selesai: ${due}` : "",
      missing > 0 ? `${missing} file masih kami unduh; tidak perlu dikirim ulang.` : "",
      `Simpan nomor ini. Ketik *CEK ${tracking}* kapan saja untuk melihat status.`,
      "Layanan ini gratis. Jangan berikan uang kepada siapa pun.",
    ]
      .filter(Boolean)
      .join("\n"),
  en: (tracking, due, missing) =>
    [
      "✅ *We have received your application.*",
      `Tracking number: *${tracking}*`,
      due ? `Expected completion: ${due}` : "",
      missing > 0 ? `${missing} files are still downloading; no need to send them again.` : "",
      `Keep this number. Type *CHECK ${tracking}* at any time to see the status.`,
      "This service is free. Do not give money to anyone.",
    ]
      .filter(Boolean)
      .join("\n"),
};
