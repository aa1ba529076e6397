/**
 * Re-prompts the bot sends when a NIK or Nomor KK does not parse. Each one says what was wrong in terms a
 * citizen can check on the card, and what to do next; none echoes the number back (it may be someone else's).
 */
import type { KkError } from "./kk.ts";
import type { NikError } from "./nik.ts";

export type Locale = "id" | "en";

type DocumentText = {
  name: string;
  /** Where to look, ending the sentence "Silakan periksa … dan kirim ulang." */
  where: string;
};

const DOCS: Record<"nik" | "kk", Record<Locale, DocumentText>> = {
  nik: {
    id: { name: "NIK", where: "KTP atau Kartu Keluarga Anda" },
    en: { name: "NIK", where: "your KTP or Kartu Keluarga" },
  },
  kk: {
    id: { name: "Nomor KK", where: "Kartu Keluarga Anda (nomornya ada di bagian atas)" },
    en: { name: "KK number", where: "your Kartu Keluarga (the number is at the top)" },
  },
};

const two = (n: number) => String(n).padStart(2, "0");

const quoteChars = (chars: string[]) =>
  chars
    .slice(0, 5)
    .map((c) => `"${c}"`)
    .join(", ");

/**
 * Letters that are digits in disguise: a frequent typo on phone keyboards. Only offered when every stray
 * character is such a letter; "NIK saya 5371…" contains an "I" but is words, not a typo.
 */
const lookalikeHint = (chars: string[], locale: Locale): string => {
  if (!chars.every((c) => "OoIil".includes(c))) return "";
  const o = chars.some((c) => c === "O" || c === "o");
  const one = chars.some((c) => c === "I" || c === "l" || c === "i");
  const hints = [
    o ? (locale === "id" ? 'huruf "O" mungkin maksudnya angka 0' : 'the letter "O" may be meant as 0') : "",
    one
      ? locale === "id"
        ? 'huruf "I"/"l" mungkin maksudnya angka 1'
        : 'the letter "I"/"l" may be meant as 1'
      : "",
  ].filter(Boolean);
  return hints.length === 0 ? "" : ` (${hints.join("; ")})`;
};

type SharedError =
  | { code: "wrong_length"; digits: number }
  | { code: "non_digit"; characters: string[] }
  | { code: "invalid_date"; problem: "month" | "day" | "calendar"; day: number; month: number }
  | { code: "zero_serial" };

const describeShared = (error: SharedError, doc: DocumentText, locale: Locale): string => {
  const retry =
    locale === "id"
      ? `Silakan periksa ${doc.where} dan kirim ulang.`
      : `Please check ${doc.where} and send it again.`;
  switch (error.code) {
    case "wrong_length": {
      if (error.digits === 0) {
        return locale === "id"
          ? `Kami belum menerima ${doc.name}. Silakan kirim 16 angka ${doc.name} dari ${doc.where}.`
          : `We did not receive a ${doc.name}. Please send the 16 digits of the ${doc.name} from ${doc.where}.`;
      }
      const hint =
        locale === "id"
          ? error.digits < 16
            ? " Mungkin ada angka yang terlewat."
            : " Mungkin ada angka yang terketik dua kali."
          : error.digits < 16
            ? " A digit may be missing."
            : " A digit may have been typed twice.";
      return locale === "id"
        ? `${doc.name} harus 16 angka. Yang Anda kirim ${error.digits} angka.${hint} ${retry}`
        : `A ${doc.name} has 16 digits. You sent ${error.digits} digit${error.digits === 1 ? "" : "s"}.${hint} ${retry}`;
    }
    case "non_digit":
      return locale === "id"
        ? `${doc.name} hanya berisi angka, tetapi pesan Anda memuat ${quoteChars(error.characters)}` +
            `${lookalikeHint(error.characters, locale)}. Kirim 16 angka ${doc.name} saja, tanpa kata lain.`
        : `A ${doc.name} contains only digits, but your message contains ${quoteChars(error.characters)}` +
            `${lookalikeHint(error.characters, locale)}. Please send just the 16 digits of the ${doc.name}.`;
    case "invalid_date": {
      const date = `${two(error.day)}-${two(error.month)}`;
      const what =
        error.problem !== "calendar"
          ? locale === "id"
            ? "tidak membentuk tanggal yang benar"
            : "do not form a real date"
          : error.day === 29 && error.month === 2
            ? locale === "id"
              ? `berisi ${date}, padahal tahun itu tidak ada tanggal 29 Februari`
              : `say ${date}, but that year has no 29 February`
            : locale === "id"
              ? `berisi ${date}, tanggal yang tidak ada`
              : `say ${date}, which is not a real date`;
      return locale === "id"
        ? `${doc.name} tidak valid: angka ke-7 sampai ke-12 ${what}. Mungkin ada angka yang salah ketik. ${retry}`
        : `This ${doc.name} is not valid: digits 7 to 12 ${what}. A digit may be mistyped. ${retry}`;
    }
    case "zero_serial":
      return locale === "id"
        ? `${doc.name} tidak valid: 4 angka terakhir tidak mungkin 0000. ${retry}`
        : `This ${doc.name} is not valid: the last 4 digits cannot be 0000. ${retry}`;
  }
};

/** The re-prompt for a NIK that did not parse, ready to send on WhatsApp. */
export const describeNikError = (error: NikError, locale: Locale): string =>
  describeShared(error, DOCS.nik[locale], locale);

/** The re-prompt for a Nomor KK that did not parse. Reminds people not to send a NIK instead. */
export const describeKkError = (error: KkError, locale: Locale): string => {
  const notNik =
    locale === "id"
      ? " Pastikan yang dikirim adalah Nomor KK, bukan NIK."
      : " Make sure you send the KK number, not a NIK.";
  if (error.code === "future_issue_date") {
    return locale === "id"
      ? "Nomor KK tidak valid: angka ke-7 sampai ke-12 (tanggal penerbitan) menunjuk ke tanggal yang belum lewat." +
          `${notNik} Jika nomornya sudah sama persis dengan yang tertulis di Kartu Keluarga, sampaikan kepada kami agar dibantu petugas.`
      : "This KK number is not valid: digits 7 to 12 (the issue date) point to a date that has not come yet." +
          `${notNik} If the number is exactly what is printed on your Kartu Keluarga, tell us and an officer will help.`;
  }
  const text = describeShared(error, DOCS.kk[locale], locale);
  return error.code === "wrong_length" && error.digits === 0 ? text : `${text}${notNik}`;
};
