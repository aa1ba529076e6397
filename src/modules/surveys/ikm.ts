/**
 * The IKM (Indeks Kepuasan Masyarakat) of PermenPAN-RB 14/2017, computed from SKM answers. Pure: no I/O.
 * The WhatsApp survey, the desk's paper import and the reports import the instrument and the score from
 * here, so they cannot drift apart. The instrument itself (unsur, questions, answers) is in skm-instrument.ts
 * and re-exported below.
 *
 * Rules (shared/domain/dukcapil-rules.md §3):
 * - NRR per unsur = sum of its scores ÷ the number of respondents who answered THAT unsur (blanks excluded).
 * - Weight exactly 1/9 per unsur. Reports that print NRR × 0,111 lose 0.1 at the top: a perfect survey
 *   scores 99,90 instead of 100,00. We divide by 9.
 * - IKM (1–4) = Σ NRR ÷ 9; konversi = IKM × 25 (25–100); mutu A/B/C/D on the conversion bands.
 *
 * Decisions:
 * - The bands are printed with 2 decimals and leave gaps (64,99 | 65,00). The category is the band of the
 *   converted value rounded half-up to 2 decimals — the number a report prints — so 64,995 is C and
 *   64,9949 is D. Every printed value then has exactly one category.
 * - An unsur nobody answered makes the IKM not computable: averaging the 8 others would be another index.
 *   The result says so (status "incomplete") and names the unsur; per-unsur NRRs are still given.
 * - A respondent is a response with at least one answered unsur; all-blank responses are counted in
 *   `responses` only.
 */
import { ELEMENT_CODES, type ElementCode, SKM_SCORES, type SkmScore, type Text } from "./skm-instrument.ts";

export * from "./skm-instrument.ts";

/** One respondent's answers; a missing or null unsur is a blank. Other keys are ignored. */
export type SkmAnswers = Partial<Record<ElementCode, SkmScore | null>>;

export type ElementTally = { answered: number; sum: number };
export type ElementScore = ElementTally & { nrr: number | null };
/** Per-unsur counts, from `tallySkm` or from a SQL `count`/`sum` per unsur. */
export type IkmTallies = {
  responses: number;
  respondents: number;
  elements: Record<ElementCode, ElementTally>;
};

export type IkmCategory = "A" | "B" | "C" | "D";
export type IkmGrade = {
  /** Σ NRR ÷ 9, on 1–4; unrounded. */
  ikm: number;
  /** IKM × 25, on 25–100; unrounded (print with `roundHalfUp(converted, 2)`). */
  converted: number;
  /** Mutu pelayanan. */
  category: IkmCategory;
  /** Kinerja unit pelayanan: Sangat baik / Baik / Kurang baik / Tidak baik. */
  categoryLabel: Text;
};

type IkmBase = {
  kind: "skm-ikm";
  responses: number;
  respondents: number;
  elements: Record<ElementCode, ElementScore>;
};
export type IkmResult =
  | (IkmBase & { status: "ok" } & IkmGrade)
  /** Nobody answered anything: `missing` lists all 9. */
  | (IkmBase & { status: "no_data"; missing: ElementCode[] })
  /** Some unsur have no answer at all: the IKM is not computable; `missing` names them. */
  | (IkmBase & { status: "incomplete"; missing: ElementCode[] });

/** The weight of each unsur, for reports that show "NRR tertimbang" (NRR × 1/9). */
export const ELEMENT_WEIGHT = 1 / 9;

/** Conversion bands (hundredths of the 25–100 scale), best first. */
const BANDS: { category: IkmCategory; min: number; label: Text }[] = [
  { category: "A", min: 8831, label: { id: "Sangat baik", en: "Very good" } },
  { category: "B", min: 7661, label: { id: "Baik", en: "Good" } },
  { category: "C", min: 6500, label: { id: "Kurang baik", en: "Less than good" } },
  { category: "D", min: 2500, label: { id: "Tidak baik", en: "Not good" } },
];

export class SkmValueError extends Error {
  override name = "SkmValueError";
  constructor(
    readonly index: number,
    readonly element: ElementCode,
    readonly value: unknown,
  ) {
    super(`response ${index + 1}, ${element}: ${JSON.stringify(value)} is not an SKM score (1, 2, 3 or 4)`);
  }
}

/**
 * Half-up rounding that ignores binary noise: 64.995 stored as 64.99499999999999 still rounds to 65.00.
 * Twelve significant digits are far more than any IKM figure carries.
 */
export const roundHalfUp = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(Number((value * factor).toPrecision(12))) / factor;
};

/** The mutu of a converted value (25–100), judged on the value rounded to 2 decimals. */
export const ikmCategory = (converted: number): { category: IkmCategory; categoryLabel: Text } => {
  const hundredths = Math.round(roundHalfUp(converted, 2) * 100);
  if (!Number.isFinite(converted) || hundredths < 2500 || hundredths > 10000)
    throw new RangeError(`an IKM conversion lies between 25 and 100; got ${converted}`);
  const band = BANDS.find((b) => hundredths >= b.min)!;
  return { category: band.category, categoryLabel: band.label };
};

const isScore = (value: unknown): value is SkmScore => SKM_SCORES.includes(value as SkmScore);

const emptyTallies = () =>
  Object.fromEntries(ELEMENT_CODES.map((c) => [c, { answered: 0, sum: 0 }])) as Record<
    ElementCode,
    ElementTally
  >;

/** Counts and sums per unsur. Throws `SkmValueError` on anything but 1–4 or a blank: no silent drops. */
export const tallySkm = (responses: readonly SkmAnswers[]): IkmTallies => {
  const elements = emptyTallies();
  let respondents = 0;
  responses.forEach((answers, index) => {
    let answeredAny = false;
    for (const code of ELEMENT_CODES) {
      const value: unknown = answers[code];
      if (value === undefined || value === null) continue;
      if (!isScore(value)) throw new SkmValueError(index, code, value);
      elements[code].answered++;
      elements[code].sum += value;
      answeredAny = true;
    }
    if (answeredAny) respondents++;
  });
  return { responses: responses.length, respondents, elements };
};

/** IKM, conversion and mutu from the 9 per-unsur averages (NRR), e.g. figures from a published report. */
export const ikmFromAverages = (nrr: Record<ElementCode, number>): IkmGrade => {
  let total = 0;
  for (const code of ELEMENT_CODES) {
    const value = nrr[code];
    if (!(value >= 1 && value <= 4)) throw new RangeError(`NRR ${code} must be within 1–4; got ${value}`);
    total += value;
  }
  // Σ ÷ 9 rather than Σ × (1/9): a perfect survey is exactly 4 and 100.
  const ikm = total / ELEMENT_CODES.length;
  const converted = ikm * 25;
  return { ikm, converted, ...ikmCategory(converted) };
};

const checkTally = (code: ElementCode, { answered, sum }: ElementTally) => {
  const ok = Number.isInteger(answered) && answered >= 0 && Number.isInteger(sum);
  if (!ok || sum < answered || sum > 4 * answered)
    throw new RangeError(`${code}: ${sum} from ${answered} answers is not a sum of 1–4 scores`);
};

/** The IKM from per-unsur counts and sums (what `tallySkm` or a SQL aggregate gives). */
export const ikmFromTallies = (tallies: IkmTallies): IkmResult => {
  const elements = {} as Record<ElementCode, ElementScore>;
  for (const code of ELEMENT_CODES) {
    const tally = tallies.elements[code];
    checkTally(code, tally);
    elements[code] = { ...tally, nrr: tally.answered > 0 ? tally.sum / tally.answered : null };
  }
  const base = { kind: "skm-ikm" as const, responses: tallies.responses, respondents: tallies.respondents };
  const missing = ELEMENT_CODES.filter((c) => elements[c].nrr === null);
  if (missing.length === ELEMENT_CODES.length) return { ...base, elements, status: "no_data", missing };
  if (missing.length > 0) return { ...base, elements, status: "incomplete", missing };
  const nrr = Object.fromEntries(ELEMENT_CODES.map((c) => [c, elements[c].nrr!])) as Record<
    ElementCode,
    number
  >;
  return { ...base, elements, status: "ok", ...ikmFromAverages(nrr) };
};

/** Scores one period's responses. */
export const scoreIkm = (responses: readonly SkmAnswers[]): IkmResult => ikmFromTallies(tallySkm(responses));
