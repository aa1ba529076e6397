/**
 * The desk speaks Bahasa Indonesia, with English for those who switch. Each view keeps its own words
 * beside it (`defineWords`); these are the ones every page shares.
 */
import type { Locale } from "./context.ts";

type Dictionary<K extends string> = Record<Locale, Record<K, string>>;

/** A lookup for one view's words; `{name}` placeholders are filled from `vars`. */
export const defineWords =
  <K extends string>(dictionary: Dictionary<K>) =>
  (locale: Locale, key: K, vars?: Record<string, string | number>): string => {
    const text = dictionary[locale][key] ?? dictionary.id[key];
    return vars ? text.replace(/\{(\w+)\}/g, (m, v: string) => (v in vars ? String(vars[v]) : m)) : text;
  };

export const common = defineWords({
  id: {
    appName: "Lontar — Meja Layanan",
    signOut: "Keluar",
    language: "English",
    queues: "Antrean",
    complaints: "Pengaduan",
    supervisor: "Supervisor",
    reports: "Laporan",
    broadcasts: "Siaran",
    admin: "Admin",
    account: "Akun saya",
    skip: "Langsung ke isi",
    loading: "Memuat…",
    errorTitle: "Terjadi kesalahan",
    notFound: "Tidak ditemukan, atau Anda tidak punya akses.",
    forbidden: "Anda tidak berwenang melakukan ini.",
    csrf: "Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.",
    serverError: "Ada gangguan di server; permintaan tidak diproses. Silakan coba lagi.",
    save: "Simpan",
    cancel: "Batal",
    live: "Pembaruan langsung",
    offline: "Koneksi terputus — mencoba lagi…",
    back: "Kembali",
  },
  en: {
    appName: "Lontar — Service Desk",
    signOut: "Sign out",
    language: "Bahasa Indonesia",
    queues: "Queues",
    complaints: "Complaints",
    supervisor: "Supervisor",
    reports: "Reports",
    broadcasts: "Broadcasts",
    admin: "Admin",
    account: "My account",
    skip: "Skip to content",
    loading: "Loading…",
    errorTitle: "Something went wrong",
    notFound: "Not found, or you have no access to it.",
    forbidden: "You are not allowed to do this.",
    csrf: "This form has expired. Reload the page and try again.",
    serverError: "The server had a problem; the request was not carried out. Please try again.",
    save: "Save",
    cancel: "Cancel",
    live: "Live updates",
    offline: "Connection lost — retrying…",
    back: "Back",
  },
});

const DATE_TIME: Record<Locale, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat("id-ID", {
    timeZone: "Asia/Makassar",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Makassar",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }),
};

/** Office time (WITA), as operators read the wall clock. */
export const formatDateTime = (at: Date | null | undefined, locale: Locale) =>
  at ? `${DATE_TIME[locale].format(at)} WITA` : "—";
