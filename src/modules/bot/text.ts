import type { Locale } from "./types.ts";

/** Everything the bot says that is not catalogue data, in Bahasa Indonesia and English. */
const TEXT = {
  greeting: {
    id: "Halo, selamat datang di layanan WhatsApp *{office}*. 🙏",
    en: "Hello, welcome to the WhatsApp service of *{office}*. 🙏",
  },
  menuBody: {
    id: "Silakan pilih layanan di bawah, atau ketik nomornya (1–8). Anda juga bisa langsung menulis pertanyaan, misalnya _syarat akta kelahiran_.",
    en: "Choose below, or type its number (1–8). You can also just write your question, e.g. _birth certificate requirements_.",
  },
  menuButton: { id: "Pilih layanan", en: "Choose" },
  menuInfo: { id: "Info persyaratan", en: "Requirements" },
  menuInfoDesc: {
    id: "Syarat, langkah, waktu, biaya (gratis)",
    en: "Requirements, steps, time, cost (free)",
  },
  menuApply: { id: "Ajukan permohonan", en: "Apply" },
  menuApplyDesc: { id: "Kirim data dan foto/PDF dokumen", en: "Send your data and document photos/PDFs" },
  menuStatus: { id: "Cek status", en: "Check status" },
  menuStatusDesc: { id: "Dengan nomor permohonan", en: "With your tracking number" },
  menuComplaint: { id: "Pengaduan", en: "Complaint" },
  menuComplaintDesc: { id: "Sampaikan keluhan atau laporan", en: "Report a problem" },
  menuOperator: { id: "Bicara dengan petugas", en: "Talk to an officer" },
  menuOperatorDesc: {
    id: "Diteruskan ke petugas pada jam kerja",
    en: "Passed to an officer in office hours",
  },
  menuLanguage: { id: "English", en: "Bahasa Indonesia" },
  menuLanguageDesc: { id: "Switch to English", en: "Ganti ke Bahasa Indonesia" },
  chooseService: { id: "Layanan apa yang Anda perlukan?", en: "Which service do you need?" },
  chooseVariant: { id: "Pilih jenis {service}:", en: "Choose the kind of {service}:" },
  more: { id: "Lainnya…", en: "More…" },
  moreDesc: { id: "Layanan lain", en: "Other services" },
  listButton: { id: "Lihat pilihan", en: "See options" },
  applyNow: { id: "Ajukan sekarang", en: "Apply now" },
  backToMenu: { id: "Menu utama", en: "Main menu" },
  talkToOfficer: { id: "Tanya petugas", en: "Ask an officer" },
  afterBrochure: { id: "Ingin langsung mengajukan?", en: "Would you like to apply now?" },
  infoOnly: {
    id: "Layanan ini tidak bisa diajukan lewat WhatsApp. Silakan datang langsung ke kantor.",
    en: "This service cannot be applied for over WhatsApp. Please come to the office in person.",
  },
  notUnderstood: {
    id: "Maaf, kami belum memahami pesan Anda. Pilih dari menu di bawah, atau ketik *PETUGAS* untuk bicara dengan petugas.",
    en: "Sorry, we did not understand. Choose from the menu below, or type *OFFICER* to talk to an officer.",
  },
  help: {
    id: "Perintah yang bisa diketik kapan saja:\n• *MENU* — menu utama\n• *BATAL* — batalkan langkah ini\n• *PETUGAS* — bicara dengan petugas\n• *CEK KPG-A-2611-00042* — cek status permohonan\n• *ENGLISH* — English",
    en: "Commands you can type at any time:\n• *MENU* — main menu\n• *CANCEL* — cancel this step\n• *OFFICER* — talk to an officer\n• *CHECK KPG-A-2611-00042* — check an application\n• *INDONESIA* — Bahasa Indonesia",
  },
  cancelled: {
    id: "Baik, dibatalkan. Tidak ada data yang dikirim.",
    en: "OK, cancelled. Nothing was submitted.",
  },
  nothingToCancel: { id: "Tidak ada langkah yang sedang berjalan.", en: "There is nothing in progress." },
  invalidChoice: {
    id: "Pilihan itu tidak ada. Ketuk salah satu pilihan, atau ketik nomornya.",
    en: "That is not one of the options. Tap one, or type its number.",
  },
  unsupportedMedia: {
    id: "Maaf, kami belum bisa memproses {what}. Silakan ketik pesan Anda.",
    en: "Sorry, we cannot process {what} yet. Please type your message.",
  },
  fieldIntro: {
    id: "Permohonan *{service}*. Kami perlu beberapa data dan foto/PDF dokumen. Ketik *BATAL* kapan saja untuk berhenti.",
    en: "Application for *{service}*. We need some data and document photos/PDFs. Type *CANCEL* at any time to stop.",
  },
  fieldInvalidText: {
    id: "Jawaban harus {min}–{max} karakter. Silakan kirim ulang.",
    en: "The answer must be {min}–{max} characters. Please send it again.",
  },
  fieldInvalidDate: {
    id: "Tanggal tidak dikenali. Tulis seperti *14-01-1990* (tanggal-bulan-tahun).",
    en: "We could not read that date. Write it like *14-01-1990* (day-month-year).",
  },
  fieldFutureDate: {
    id: "Tanggal itu masih di masa depan. Periksa kembali.",
    en: "That date is in the future. Please check it.",
  },
  fieldInvalidPhone: {
    id: "Nomor HP tidak valid. Tulis seperti 0812 3456 7890.",
    en: "That phone number is not valid. Write it like 0812 3456 7890.",
  },
  yes: { id: "Ya", en: "Yes" },
  no: { id: "Tidak", en: "No" },
  documentPrompt: { id: "Kirim *{label}* ({kind}).", en: "Send *{label}* ({kind})." },
  documentPages: {
    id: "Boleh lebih dari satu halaman (maks. {max}). Ketik *SELESAI* bila semua halaman sudah terkirim.",
    en: "Several pages are fine (max {max}). Type *DONE* when all pages are sent.",
  },
  documentMissingHint: {
    id: "Tidak punya dokumen ini? Ketik *TIDAK ADA*.",
    en: "Don't have this document? Type *NONE*.",
  },
  documentOptionalHint: {
    id: "Dokumen ini tidak wajib: ketik *LEWATI* untuk melanjutkan.",
    en: "This document is optional: type *SKIP* to continue.",
  },
  kindPhoto: { id: "foto", en: "photo" },
  kindPdf: { id: "PDF", en: "PDF" },
  kindEither: { id: "foto atau PDF", en: "photo or PDF" },
  wrongKindPdf: {
    id: "Untuk dokumen ini kami perlu *PDF*, bukan foto. Silakan kirim file PDF-nya.",
    en: "For this document we need a *PDF*, not a photo. Please send the PDF file.",
  },
  wrongKindPhoto: {
    id: "Untuk dokumen ini kami perlu *foto* (gambar). Silakan kirim fotonya.",
    en: "For this document we need a *photo*. Please send a picture.",
  },
  wrongKindFile: {
    id: "File itu bukan foto atau PDF. Kirim foto (JPG/PNG) atau PDF.",
    en: "That file is not a photo or a PDF. Send a photo (JPG/PNG) or a PDF.",
  },
  pageReceived: {
    id: "Halaman {n} diterima. Kirim halaman berikutnya atau ketik *SELESAI*.",
    en: "Page {n} received. Send the next page or type *DONE*.",
  },
  documentNeeded: {
    id: "Kami masih menunggu *{label}*. Kirim foto/PDF-nya, atau ketik *TIDAK ADA*.",
    en: "We are still waiting for *{label}*. Send the photo/PDF, or type *NONE*.",
  },
  noAlternativeLeft: {
    id: "Tanpa dokumen ini permohonan belum bisa diproses lewat WhatsApp. Ketik *PETUGAS* untuk dibantu petugas, atau *BATAL*.",
    en: "Without this document the application cannot be processed over WhatsApp. Type *OFFICER* for help, or *CANCEL*.",
  },
  alternativeChoose: { id: "{label}\nPilih yang Anda punya:", en: "{label}\nChoose what you have:" },
  summaryTitle: { id: "*Periksa permohonan Anda:*", en: "*Please check your application:*" },
  summaryDocs: { id: "Dokumen: {n} file", en: "Documents: {n} files" },
  submit: { id: "Kirim permohonan", en: "Submit" },
  submitComplaint: { id: "Kirim pengaduan", en: "Send complaint" },
  cancel: { id: "Batal", en: "Cancel" },
  statusAsk: {
    id: "Ketik nomor permohonan Anda, contoh *KPG-A-2611-00042*.",
    en: "Type your tracking number, e.g. *KPG-A-2611-00042*.",
  },
  statusChoose: { id: "Permohonan Anda:", en: "Your applications:" },
  complaintCategory: { id: "Pengaduan tentang apa?", en: "What is your complaint about?" },
  complaintDescription: {
    id: "Ceritakan masalahnya dalam satu pesan (kapan, di mana, apa yang terjadi). Minimal 10 huruf.",
    en: "Describe the problem in one message (when, where, what happened). At least 10 characters.",
  },
  complaintTooShort: {
    id: "Ceritanya terlalu pendek. Mohon jelaskan lebih lengkap.",
    en: "That is too short. Please tell us more.",
  },
  complaintPhotos: {
    id: "Ada foto pendukung? Kirim fotonya sekarang, atau ketik *LEWATI*.",
    en: "Any supporting photos? Send them now, or type *SKIP*.",
  },
  complaintPhotoReceived: {
    id: "Foto diterima. Kirim foto lain atau ketik *SELESAI*.",
    en: "Photo received. Send another or type *DONE*.",
  },
  complaintConfidential: {
    id: "Apakah identitas Anda perlu *dirahasiakan* dari petugas yang diadukan?",
    en: "Should your identity be kept *confidential* from the staff concerned?",
  },
  complaintConfirm: {
    id: "*Pengaduan Anda:*\n{category}\n\n{description}\n\nKirim pengaduan ini?",
    en: "*Your complaint:*\n{category}\n\n{description}\n\nSend this complaint?",
  },
  handover: {
    id: "Pesan Anda kami teruskan ke petugas, yang akan membalas di chat ini pada jam layanan.\nJam layanan: {hours}\nKetik *MENU* bila ingin kembali ke menu.",
    en: "We have passed your message to an officer, who will answer in this chat during office hours.\nOffice hours: {hours}\nType *MENU* to go back to the menu.",
  },
  operatorClosed: {
    id: "Percakapan dengan petugas sudah selesai. Terima kasih! Ketik *MENU* bila perlu bantuan lagi.",
    en: "The conversation with the officer has ended. Thank you! Type *MENU* if you need anything else.",
  },
  reminder: {
    id: "Permohonan *{service}* Anda belum selesai. Lanjutkan dengan menjawab pertanyaan terakhir, atau ketik *BATAL*.",
    en: "Your *{service}* application is not finished. Continue by answering the last question, or type *CANCEL*.",
  },
  expired: {
    id: "Permohonan *{service}* yang belum selesai sudah kami hapus karena lama tidak dilanjutkan. Ketik *MENU* untuk mulai lagi.",
    en: "Your unfinished *{service}* application was removed after a long pause. Type *MENU* to start again.",
  },
  revisionPrompt: {
    id: "Permohonan *{tracking}* perlu perbaikan:\n*{label}* — {reason}\nKirim foto/PDF yang baru.",
    en: "Application *{tracking}* needs a correction:\n*{label}* — {reason}\nSend a new photo/PDF.",
  },
  revisionDone: {
    id: "Terima kasih, perbaikan untuk *{tracking}* sudah kami terima dan akan diperiksa kembali.",
    en: "Thank you, the correction for *{tracking}* was received and will be checked again.",
  },
  languageSet: { id: "Bahasa diganti ke Bahasa Indonesia.", en: "Language switched to English." },
} as const;

export type TextKey = keyof typeof TEXT;

export const t = (locale: Locale, key: TextKey, vars: Record<string, string | number> = {}): string =>
  TEXT[key][locale].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
