/**
 * The optional respondent profile the SKM template asks for (jenis kelamin, usia, pendidikan, pekerjaan),
 * as WhatsApp list rows. Codes are stable: they are stored, so relabel freely but never renumber.
 * Age is asked as a band, not a birth date: the report only needs the band, and less data is safer (PDP).
 */
import type { ListRow, Locale, Text } from "./skm-instrument.ts";

export type ProfileOption<C extends string> = { code: C; label: Text };
export type ProfileQuestion<C extends string> = { question: Text; options: readonly ProfileOption<C>[] };

export const GENDERS = ["L", "P"] as const;
export type Gender = (typeof GENDERS)[number];
export const AGE_BANDS = ["LT20", "20_29", "30_39", "40_49", "50_59", "GE60"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const EDUCATIONS = ["SD", "SMP", "SMA", "D1_D3", "D4_S1", "S2_PLUS"] as const;
export type Education = (typeof EDUCATIONS)[number];
export const OCCUPATIONS = ["PNS", "TNI_POLRI", "SWASTA", "WIRAUSAHA", "PELAJAR", "LAINNYA"] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

export type SkmProfile = { gender?: Gender; age?: AgeBand; education?: Education; occupation?: Occupation };

const options = <C extends string>(rows: [C, string, string][]): ProfileOption<C>[] =>
  rows.map(([code, id, en]) => ({ code, label: { id, en } }));

export const SKM_PROFILE = {
  gender: {
    question: { id: "Jenis kelamin Anda?", en: "Your sex?" },
    options: options<Gender>([
      ["L", "Laki-laki", "Male"],
      ["P", "Perempuan", "Female"],
    ]),
  },
  age: {
    question: { id: "Berapa usia Anda?", en: "How old are you?" },
    options: options<AgeBand>([
      ["LT20", "Di bawah 20 tahun", "Under 20"],
      ["20_29", "20–29 tahun", "20–29"],
      ["30_39", "30–39 tahun", "30–39"],
      ["40_49", "40–49 tahun", "40–49"],
      ["50_59", "50–59 tahun", "50–59"],
      ["GE60", "60 tahun ke atas", "60 or older"],
    ]),
  },
  education: {
    question: { id: "Pendidikan terakhir Anda?", en: "Your highest education?" },
    options: options<Education>([
      ["SD", "SD ke bawah", "Primary or less"],
      ["SMP", "SMP", "Junior high (SMP)"],
      ["SMA", "SMA", "Senior high (SMA)"],
      ["D1_D3", "D1-D3", "Diploma (D1-D3)"],
      ["D4_S1", "D4/S1", "Bachelor (D4/S1)"],
      ["S2_PLUS", "S2 ke atas", "Master or higher"],
    ]),
  },
  occupation: {
    question: { id: "Pekerjaan utama Anda?", en: "Your main occupation?" },
    options: options<Occupation>([
      ["PNS", "PNS", "Civil servant (PNS)"],
      ["TNI_POLRI", "TNI/Polri", "Military/police"],
      ["SWASTA", "Swasta", "Private employee"],
      ["WIRAUSAHA", "Wirausaha", "Self-employed"],
      ["PELAJAR", "Pelajar/Mahasiswa", "Student"],
      ["LAINNYA", "Lainnya", "Other"],
    ]),
  },
} as const satisfies {
  gender: ProfileQuestion<Gender>;
  age: ProfileQuestion<AgeBand>;
  education: ProfileQuestion<Education>;
  occupation: ProfileQuestion<Occupation>;
};

export type ProfileField = keyof typeof SKM_PROFILE;
export const PROFILE_FIELDS = Object.keys(SKM_PROFILE) as ProfileField[];

/** Row ids carry the field and the code: `skmp:education:D4_S1`. */
export const profileRowId = (field: ProfileField, code: string) => `skmp:${field}:${code}`;

export const parseProfileRowId = (id: string): { field: ProfileField; code: string } | null => {
  const m = /^skmp:(\w+):(\w+)$/.exec(id);
  if (!m || !(m[1]! in SKM_PROFILE)) return null;
  const field = m[1] as ProfileField;
  const known = (SKM_PROFILE[field].options as readonly { code: string }[]).some((o) => o.code === m[2]);
  return known ? { field, code: m[2]! } : null;
};

export const profileRows = (field: ProfileField, locale: Locale): ListRow[] =>
  (SKM_PROFILE[field].options as readonly ProfileOption<string>[]).map((o) => ({
    id: profileRowId(field, o.code),
    title: o.label[locale],
  }));
