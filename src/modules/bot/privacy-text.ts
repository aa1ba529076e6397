import type { Locale } from "./types.ts";

/** What the bot says about privacy (UU 27/2022): consent, the notice, data-subject requests. Short: cheap phones. */
const TEXT = {
  menuBroadcast: { id: "Info layanan via WA", en: "Service news on WA" },
  menuBroadcastDesc: {
    id: "Terima info jadwal & perubahan syarat",
    en: "Get schedules and changes in requirements",
  },
  menuPrivacy: { id: "Data pribadi saya", en: "My personal data" },
  menuPrivacyDesc: { id: "Salinan data, hapus data opsional", en: "A copy of my data, delete optional data" },
  stopDone: {
    id: "Baik, Anda tidak akan lagi menerima survei atau info layanan dari kami. Permohonan dan pengaduan Anda tetap diproses. Ketik *MULAI* bila ingin menerima info layanan lagi.",
    en: "OK, you will no longer get surveys or service news from us. Your applications and complaints are still handled. Type *START* to get service news again.",
  },
  startDone: {
    id: "Baik, Anda akan menerima info layanan Dukcapil lewat WhatsApp. Ketik *STOP* kapan saja untuk berhenti.",
    en: "OK, you will get Dukcapil service news on WhatsApp. Type *STOP* at any time to stop.",
  },
  busyHint: {
    id: "Langkah Anda tadi tetap tersimpan: lanjutkan dengan menjawab pertanyaan terakhir.",
    en: "What you were doing is kept: carry on by answering the last question.",
  },
  surveyAsk: {
    id: "Boleh kami kirimi survei kepuasan singkat nanti? (sukarela)",
    en: "May we send you a short satisfaction survey later? (voluntary)",
  },
  surveyYes: {
    id: "Terima kasih! Ketik *STOP* kapan saja bila berubah pikiran.",
    en: "Thank you! Type *STOP* at any time if you change your mind.",
  },
  surveyNo: { id: "Baik, kami tidak akan mengirim survei.", en: "OK, we will not send a survey." },
  broadcastAsk: {
    id: "Mau menerima info layanan Dukcapil (jadwal, perubahan syarat) lewat WhatsApp? Berhenti kapan saja dengan *STOP*.",
    en: "Would you like Dukcapil service news (schedules, changes in requirements) on WhatsApp? Stop at any time with *STOP*.",
  },
  broadcastNo: {
    id: "Baik, Anda tidak akan menerima info layanan.",
    en: "OK, you will not get service news.",
  },
  yesPlease: { id: "Ya, boleh", en: "Yes, please" },
  no: { id: "Tidak", en: "No" },
  privacyMenu: {
    id: "Data pribadi Anda di layanan ini. Pilih:",
    en: "Your personal data in this service. Choose:",
  },
  askCopy: { id: "Salinan data saya", en: "Copy of my data" },
  askDelete: { id: "Hapus data opsional", en: "Delete optional data" },
  backToMenu: { id: "Menu utama", en: "Main menu" },
  confirmCopy: {
    id: "Kami akan mengirim salinan data Anda yang kami simpan (kontak, permohonan, pengaduan, persetujuan) ke nomor WhatsApp ini dalam 3×24 jam. Nomor identitas ditampilkan tersamar. Lanjutkan?",
    en: "We will send a copy of the data we hold about you (contact, applications, complaints, consents) to this WhatsApp number within 3×24 hours. Identity numbers are partly hidden. Continue?",
  },
  confirmDelete: {
    id: "Kami akan menghapus data opsional Anda: persetujuan survei dan info layanan. Data permohonan dan dokumen kependudukan wajib disimpan menurut undang-undang, jadi *tidak* ikut dihapus. Lanjutkan?",
    en: "We will delete your optional data: your survey and service-news consents. Application records and civil-registry documents must be kept by law, so they are *not* deleted. Continue?",
  },
  confirmYesCopy: { id: "Ya, kirim", en: "Yes, send" },
  confirmYesDelete: { id: "Ya, hapus", en: "Yes, delete" },
  cancel: { id: "Batal", en: "Cancel" },
  requestCancelled: { id: "Baik, permintaan dibatalkan.", en: "OK, the request is cancelled." },
  finishFirst: {
    id: "Selesaikan atau batalkan (*BATAL*) langkah ini dulu, lalu ketik permintaan Anda lagi.",
    en: "Please finish or cancel (*CANCEL*) this step first, then type your request again.",
  },
  noticeUpdated: {
    id: "_Pemberitahuan privasi kami diperbarui:_",
    en: "_Our privacy notice has changed:_",
  },
} as const;

export type PrivacyTextKey = keyof typeof TEXT;

export const pt = (locale: Locale, key: PrivacyTextKey): string => TEXT[key][locale];
