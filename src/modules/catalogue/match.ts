/**
 * Typo-tolerant matching of a citizen's free text ("min sy mw bikin akte lahir anak") to a service.
 * Deliberately small: normalise chat spelling, drop filler words, then score how much of each service
 * name or synonym the message covers. No model, so an admin can predict and fix a wrong match by
 * adding a synonym to the catalogue.
 */
import type { Catalogue } from "./schema.ts";

/** Multi-word spellings folded before punctuation is stripped ("e-KTP", "ktp-el", "kartu keluarga"). */
const PHRASES: [RegExp, string][] = [
  [/\be[\s-]?ktp\b/g, "ktp"],
  [/\bktp[\s-]?el?\b/g, "ktp"],
  [/\bkartu tanda penduduk\b/g, "ktp"],
  [/\bkartu keluarga\b/g, "kk"],
  [/\bkartu identitas anak\b/g, "kia"],
  [/\bidentitas kependudukan digital\b/g, "ikd"],
];

/** Chat spellings and word forms that mean the same thing here. */
const CANON: Record<string, string> = {
  akte: "akta",
  lahiran: "lahir",
  kelahiran: "lahir",
  lahirnya: "lahir",
  lhr: "lahir",
  kematian: "mati",
  meninggal: "mati",
  wafat: "mati",
  perkawinan: "kawin",
  pernikahan: "kawin",
  nikah: "kawin",
  menikah: "kawin",
  ilang: "hilang",
  kehilangan: "hilang",
  hilng: "hilang",
  rsk: "rusak",
  pindahan: "pindah",
  kepindahan: "pindah",
  ektp: "ktp",
  ktpel: "ktp",
  legalisasi: "legalisir",
  legalisir: "legalisir",
  legalisirnya: "legalisir",
  check: "cek",
  ubah: "ubah",
  rubah: "ubah",
  merubah: "ubah",
  mengubah: "ubah",
  perubahan: "ubah",
  ganti: "ubah",
  tdk: "tidak",
  gak: "tidak",
  nggak: "tidak",
  sonde: "tidak",
  srt: "surat",
  bru: "baru",
  aktifasi: "aktivasi",
  ank: "anak",
};

/** Filler in Kupang/Indonesian chat: greetings, "I want to make", "what are the requirements". */
const NOISE = new Set(
  (
    "min admin kak ka kaka pak bu ibu bapak om tanta mas mba mbak halo hallo hai hi selamat pagi siang sore malam " +
    "sy saya aku beta sa kami kita ose lu mw mau mo pengen ingin bikin buat membuat urus ngurus mengurus bisa " +
    "tolong minta mohon tanya nanya info informasi syarat syaratnya persyaratan apa saja sj gimana bagaimana " +
    "cara caranya ya yah dong deh nih ini itu yg yang dan untuk utk di ke dengan dgn sudah su udah sdh udh " +
    "terima kasih makasih tq e the a my i want to how please"
  ).split(" "),
);
const AGE_WORDS = new Set([
  "umur",
  "usia",
  "umurnya",
  "usianya",
  "tahun",
  "thn",
  "th",
  "taun",
  "bulan",
  "bln",
]);

const levenshtein = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
};

/** Typos allowed grow with word length; words under 4 letters (kk, kia, nik) must match exactly. */
const allowedTypos = (a: string, b: string) => {
  const len = Math.min(a.length, b.length);
  return len < 4 ? 0 : len < 8 ? 1 : 2;
};

const similarity = (a: string, b: string): number => {
  if (a === b) return 1;
  const allowed = allowedTypos(a, b);
  if (allowed === 0) return 0;
  const d = levenshtein(a, b);
  return d <= allowed ? 1 - d / Math.max(a.length, b.length) : 0;
};

const canon = (token: string): string => {
  const exact = CANON[token];
  if (exact) return exact;
  // "kelahrian", "kematin": a misspelt word form still folds to its root.
  for (const [from, to] of Object.entries(CANON)) {
    if (from.length >= 5 && levenshtein(from, token) <= allowedTypos(from, token)) return to;
  }
  return token;
};

export type Normalised = { tokens: string[]; ageYears?: number };

export const normalise = (text: string): Normalised => {
  let s = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
  for (const [re, to] of PHRASES) s = s.replace(re, to);
  s = s.replace(/[^a-z0-9]+/g, " ").trim();
  const months = /\b\d{1,2} ?(?:bulan|bln)\b/.test(s);
  const age =
    s.match(/\b(?:umur|usia|umurnya|usianya) ?(\d{1,3})\b/) ??
    s.match(/\b(\d{1,3}) ?(?:tahun|thn|th|taun)\b/);
  // Deduplicated: "Kartu Keluarga (KK)" is one word "kk", not two.
  const tokens = [
    ...new Set(
      s
        .split(" ")
        .filter((t) => t !== "" && !/^\d+$/.test(t) && !AGE_WORDS.has(t))
        .map(canon)
        .filter((t) => !NOISE.has(t)),
    ),
  ];
  const ageYears = months ? 0 : age ? Number(age[1]) : undefined;
  return ageYears === undefined ? { tokens } : { tokens, ageYears };
};

/** The form two synonyms are compared in, to spot one phrase claimed by two services. */
export const phraseKey = (text: string): string => normalise(text).tokens.join(" ");

/**
 * How much of the phrase the message covers (0–1), scaled by how many words matched: one word gives
 * 0.75, two 0.875, three 0.94, so "pindah dari kupang" beats "pindah ke kupang" for "pindah dari kupang".
 */
const phraseScore = (phrase: string[], message: string[]): number => {
  if (phrase.length === 0 || message.length === 0) return 0;
  let covered = 0;
  for (const p of phrase) covered += Math.max(...message.map((m) => similarity(p, m)));
  return (covered / phrase.length) * (1 - 0.5 ** (covered + 1));
};

type Phrases = { service: string; variant?: string; tokens: string[] }[];
const cache = new WeakMap<object, Phrases>();

const phrasesOf = (catalogue: Pick<Catalogue, "services">): Phrases => {
  const hit = cache.get(catalogue);
  if (hit) return hit;
  const list: Phrases = [];
  for (const s of catalogue.services) {
    for (const t of [s.names.id, s.names.en, s.short_title.id, s.short_title.en, ...s.synonyms]) {
      list.push({ service: s.code, tokens: normalise(t).tokens });
    }
    for (const v of s.variants) {
      for (const t of [v.names.id, v.names.en, v.short_title.id, v.short_title.en, ...v.synonyms]) {
        list.push({ service: s.code, variant: v.code, tokens: normalise(t).tokens });
      }
    }
  }
  cache.set(catalogue, list);
  return list;
};

export type Match = { service: string; variant?: string; score: number };

/** Every service the text touches, best first. */
export const rankServices = (catalogue: Pick<Catalogue, "services">, text: string): Match[] => {
  const { tokens, ageYears } = normalise(text);
  const best = new Map<string, { own: number; variant?: string; variantScore: number; tie: boolean }>();
  for (const p of phrasesOf(catalogue)) {
    const score = phraseScore(p.tokens, tokens);
    if (score === 0) continue;
    const b = best.get(p.service) ?? { own: 0, variantScore: 0, tie: false };
    if (p.variant === undefined) b.own = Math.max(b.own, score);
    else if (score > b.variantScore)
      Object.assign(b, { variant: p.variant, variantScore: score, tie: false });
    else if (score === b.variantScore && p.variant !== b.variant) b.tie = true;
    best.set(p.service, b);
  }
  const ranked: Match[] = [];
  for (const [code, b] of best) {
    const service = catalogue.services.find((s) => s.code === code)!;
    // A variant is "obvious" only when its own words beat the service's and no sibling ties with it.
    let variant = b.variantScore > b.own && !b.tie ? b.variant : undefined;
    const byAge =
      ageYears === undefined
        ? undefined
        : service.variants.find(
            (v) => v.age_years && ageYears >= v.age_years.min && ageYears <= v.age_years.max,
          );
    if (byAge) variant = byAge.code;
    const score = Math.max(b.own, b.variantScore);
    ranked.push(variant === undefined ? { service: code, score } : { service: code, variant, score });
  }
  return ranked.sort((a, b) => b.score - a.score);
};

/**
 * The one service the text clearly asks for, or nothing: below `threshold`, or two services within
 * `margin` of each other ("akta" alone), the bot should show the menu instead of guessing.
 */
export const matchService = (
  catalogue: Pick<Catalogue, "services">,
  text: string,
  { threshold = 0.55, margin = 0.05 } = {},
): Match | undefined => {
  const [first, second] = rankServices(catalogue, text);
  if (!first || first.score < threshold) return undefined;
  if (second && second.score > first.score - margin) return undefined;
  return first;
};
