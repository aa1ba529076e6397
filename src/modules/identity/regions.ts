/**
 * Kemendagri *kode wilayah* used in the first six digits of a NIK or Nomor KK (`PP.KK.SS`).
 *
 * Source: Kepmendagri No. 300.2.2-2138 Tahun 2025 (Pemberian dan Pemutakhiran Kode, Data Wilayah
 * Administrasi Pemerintahan dan Pulau), as transcribed in `cahyadsn/wilayah` db/wilayah.sql and
 * db/wilayah_luas.sql (checked 2025 copies). Confidence:
 * - provinces (38, incl. 93 Papua Selatan, 94 Papua Tengah, 95 Papua Pegunungan, 96 Papua Barat Daya): high;
 * - NTT kabupaten/kota 53.01–53.21 and 53.71: high;
 * - kecamatan of Kota Kupang 53.71.01–06: high (Kemendagri order, not the alphabetical order some repos use).
 * BPS codes differ at kecamatan level; NIKs use Kemendagri codes, so do not mix in BPS tables.
 *
 * This is a hand-copied subset so the bot works offline. In production load the full table from the official
 * Kepmendagri list and replace these constants. Whatever the table, a code missing from it is only ever a
 * *warning*: kecamatan get split and renumbered, and a NIK keeps the code of the place it was first issued.
 */

export type RegionLevel = "province" | "regency" | "district";

export const PROVINCES: Readonly<Record<string, string>> = {
  "11": "Aceh",
  "12": "Sumatera Utara",
  "13": "Sumatera Barat",
  "14": "Riau",
  "15": "Jambi",
  "16": "Sumatera Selatan",
  "17": "Bengkulu",
  "18": "Lampung",
  "19": "Kepulauan Bangka Belitung",
  "21": "Kepulauan Riau",
  "31": "DKI Jakarta",
  "32": "Jawa Barat",
  "33": "Jawa Tengah",
  "34": "DI Yogyakarta",
  "35": "Jawa Timur",
  "36": "Banten",
  "51": "Bali",
  "52": "Nusa Tenggara Barat",
  "53": "Nusa Tenggara Timur",
  "61": "Kalimantan Barat",
  "62": "Kalimantan Tengah",
  "63": "Kalimantan Selatan",
  "64": "Kalimantan Timur",
  "65": "Kalimantan Utara",
  "71": "Sulawesi Utara",
  "72": "Sulawesi Tengah",
  "73": "Sulawesi Selatan",
  "74": "Sulawesi Tenggara",
  "75": "Gorontalo",
  "76": "Sulawesi Barat",
  "81": "Maluku",
  "82": "Maluku Utara",
  "91": "Papua",
  "92": "Papua Barat",
  "93": "Papua Selatan",
  "94": "Papua Tengah",
  "95": "Papua Pegunungan",
  "96": "Papua Barat Daya",
};

/** Kabupaten/kota, keyed `PP.KK`. Only NTT so far: the office serves Kota Kupang and its neighbours. */
export const REGENCIES: Readonly<Record<string, string>> = {
  "53.01": "Kabupaten Kupang",
  "53.02": "Kabupaten Timor Tengah Selatan",
  "53.03": "Kabupaten Timor Tengah Utara",
  "53.04": "Kabupaten Belu",
  "53.05": "Kabupaten Alor",
  "53.06": "Kabupaten Flores Timur",
  "53.07": "Kabupaten Sikka",
  "53.08": "Kabupaten Ende",
  "53.09": "Kabupaten Ngada",
  "53.10": "Kabupaten Manggarai",
  "53.11": "Kabupaten Sumba Timur",
  "53.12": "Kabupaten Sumba Barat",
  "53.13": "Kabupaten Lembata",
  "53.14": "Kabupaten Rote Ndao",
  "53.15": "Kabupaten Manggarai Barat",
  "53.16": "Kabupaten Nagekeo",
  "53.17": "Kabupaten Sumba Tengah",
  "53.18": "Kabupaten Sumba Barat Daya",
  "53.19": "Kabupaten Manggarai Timur",
  "53.20": "Kabupaten Sabu Raijua",
  "53.21": "Kabupaten Malaka",
  "53.71": "Kota Kupang",
};

/** Kecamatan, keyed `PP.KK.SS`. Only Kota Kupang (51 kelurahan in six kecamatan). */
export const DISTRICTS: Readonly<Record<string, string>> = {
  "53.71.01": "Alak",
  "53.71.02": "Maulafa",
  "53.71.03": "Kelapa Lima",
  "53.71.04": "Oebobo",
  "53.71.05": "Kota Raja",
  "53.71.06": "Kota Lama",
};

/**
 * Levels whose table is complete enough that a missing child code means "unknown", not "not loaded".
 * Without this, every NIK from outside NTT would carry an unknown-region warning for data we simply lack.
 */
const COMPLETE_PROVINCES = new Set(["53"]);
const COMPLETE_REGENCIES = new Set(["53.71"]);

/** "5371", "53.71", "537101" or "53.71.01" → the dotted Kemendagri form; undefined if not 2, 4 or 6 digits. */
export const dottedRegionCode = (code: string): string | undefined => {
  const digits = code.replace(/\./g, "");
  if (!/^\d+$/.test(digits) || ![2, 4, 6].includes(digits.length)) return undefined;
  return digits.match(/\d\d/g)!.join(".");
};

/** The official name for a province, kabupaten/kota or kecamatan code (dotted or not), if the table has it. */
export const regionName = (code: string): string | undefined => {
  const dotted = dottedRegionCode(code);
  if (dotted === undefined) return undefined;
  return PROVINCES[dotted] ?? REGENCIES[dotted] ?? DISTRICTS[dotted];
};

export type RegionLookup = {
  /** Dotted codes, always present because they come straight from the digits. */
  province: string;
  regency: string;
  district: string;
  names: { province?: string; regency?: string; district?: string };
  /** The most general level the table should know but does not; undefined when all known levels match. */
  unknownAt?: RegionLevel;
};

/** Looks up the first six digits of a NIK/NKK. Never fails: an unknown code is reported, not rejected. */
export const lookupRegion = (sixDigits: string): RegionLookup => {
  const province = sixDigits.slice(0, 2);
  const regency = `${province}.${sixDigits.slice(2, 4)}`;
  const district = `${regency}.${sixDigits.slice(4, 6)}`;
  const names = {
    province: PROVINCES[province],
    regency: REGENCIES[regency],
    district: DISTRICTS[district],
  };
  const unknownAt: RegionLevel | undefined =
    names.province === undefined
      ? "province"
      : names.regency === undefined && COMPLETE_PROVINCES.has(province)
        ? "regency"
        : names.district === undefined && COMPLETE_REGENCIES.has(regency)
          ? "district"
          : undefined;
  return {
    province,
    regency,
    district,
    names: Object.fromEntries(Object.entries(names).filter(([, v]) => v !== undefined)),
    ...(unknownAt ? { unknownAt } : {}),
  };
};
