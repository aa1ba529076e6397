/**
 * An optional short e-service quality check, ADAPTED from E-S-QUAL (Parasuraman, Zeithaml & Malhotra 2005,
 * J. Service Research 7(3):213–233) to a free government WhatsApp service. It is not the national survey:
 * its result type shares nothing with the IKM's, and reports must print `ESQUAL_INSTRUMENT_LABEL` with it.
 *
 * Why adapted (shared/domain/dukcapil-rules.md §4 and Implication 9): the original items are about web
 * shops. "Site" becomes this WhatsApp service, orders become applications; fulfilment is reworded to the
 * document or result delivered when promised; stock, returns and compensation are dropped. Each item keeps
 * the code of the item it was adapted from. Of the originals only the EFF wordings are [C] in the rules
 * file; SYS, FUL and PRI wordings are [U] (recalled), so the lineage of those items needs checking.
 * Scale: 1 = sangat tidak setuju … 5 = sangat setuju.
 */
import type { ListRow, Locale, Text } from "./skm-instrument.ts";

export const ESQUAL_DIMENSIONS = ["efficiency", "availability", "fulfilment", "privacy"] as const;
export type EsqualDimension = (typeof ESQUAL_DIMENSIONS)[number];
export type EsqualScore = 1 | 2 | 3 | 4 | 5;

/** What every report prints next to these numbers. */
export const ESQUAL_INSTRUMENT_LABEL: Text = {
  id: "Instrumen singkat ADAPTASI dari E-S-QUAL (Parasuraman, Zeithaml & Malhotra 2005) untuk layanan WhatsApp pemerintah; skala 1–5; bukan bagian dari IKM/SKM PermenPAN-RB 14/2017.",
  en: "Short instrument ADAPTED from E-S-QUAL (Parasuraman, Zeithaml & Malhotra 2005) for a government WhatsApp service; 1–5 scale; not part of the IKM/SKM of PermenPAN-RB 14/2017.",
};
export const ESQUAL_ADAPTED = true;

export const ESQUAL_DIMENSION_NAMES: Record<EsqualDimension, Text> = {
  efficiency: { id: "Efisiensi", en: "Efficiency" },
  availability: { id: "Ketersediaan sistem", en: "System availability" },
  fulfilment: { id: "Pemenuhan janji", en: "Fulfilment" },
  privacy: { id: "Privasi", en: "Privacy" },
};

export type EsqualItem = { code: string; dimension: EsqualDimension; adaptedFrom: string; statement: Text };

const item = (code: string, dimension: EsqualDimension, adaptedFrom: string, id: string, en: string) => ({
  code,
  dimension,
  adaptedFrom,
  statement: { id, en },
});

export const ESQUAL_ITEMS: readonly EsqualItem[] = [
  item(
    "EF1",
    "efficiency",
    "EFF1",
    "Di layanan WhatsApp ini mudah menemukan informasi yang saya perlukan.",
    "In this WhatsApp service it is easy to find what I need.",
  ),
  item(
    "EF2",
    "efficiency",
    "EFF3",
    "Layanan ini memungkinkan saya menyelesaikan pengajuan dengan cepat.",
    "This service lets me complete my application quickly.",
  ),
  item(
    "EF3",
    "efficiency",
    "EFF6",
    "Layanan WhatsApp ini sederhana untuk digunakan.",
    "This WhatsApp service is simple to use.",
  ),
  item(
    "SA1",
    "availability",
    "SYS1",
    "Layanan ini selalu bisa dihubungi saat saya membutuhkannya.",
    "The service can always be reached when I need it.",
  ),
  item(
    "SA2",
    "availability",
    "SYS2",
    "Balasan otomatis datang segera setelah saya mengirim pesan.",
    "Automatic replies come right after I send a message.",
  ),
  item(
    "FU1",
    "fulfilment",
    "FUL1",
    "Dokumen atau hasil layanan saya selesai dan dikirim sesuai waktu yang dijanjikan.",
    "My document or result was delivered when promised.",
  ),
  item(
    "FU2",
    "fulfilment",
    "FUL7",
    "Perkiraan waktu selesai yang diberitahukan kepada saya tepat.",
    "The completion time I was told was accurate.",
  ),
  item(
    "FU3",
    "fulfilment",
    "FUL6",
    "Informasi persyaratan yang diberikan benar dan lengkap.",
    "The requirements I was told were correct and complete.",
  ),
  item(
    "PR1",
    "privacy",
    "PRI1",
    "Layanan ini melindungi informasi tentang pengajuan saya.",
    "This service protects information about my applications.",
  ),
  item(
    "PR2",
    "privacy",
    "PRI2",
    "Layanan ini tidak membagikan data pribadi saya kepada pihak lain.",
    "This service does not share my personal data with others.",
  ),
];

export const ESQUAL_ANSWERS: readonly { score: EsqualScore; label: Text }[] = [
  { score: 1, label: { id: "Sangat tidak setuju", en: "Strongly disagree" } },
  { score: 2, label: { id: "Tidak setuju", en: "Disagree" } },
  { score: 3, label: { id: "Netral", en: "Neutral" } },
  { score: 4, label: { id: "Setuju", en: "Agree" } },
  { score: 5, label: { id: "Sangat setuju", en: "Strongly agree" } },
];

export const ESQUAL_LIST_BUTTON: Text = { id: "Pilih jawaban", en: "Choose an answer" };

export const esqualRowId = (itemCode: string, score: EsqualScore) => `esq:${itemCode}:${score}`;
export const parseEsqualRowId = (id: string): { item: string; score: EsqualScore } | null => {
  const m = /^esq:([A-Z]{2}\d):([1-5])$/.exec(id);
  return m && ESQUAL_ITEMS.some((i) => i.code === m[1])
    ? { item: m[1]!, score: Number(m[2]) as EsqualScore }
    : null;
};

export const esqualAnswerRows = (itemCode: string, locale: Locale): ListRow[] =>
  ESQUAL_ANSWERS.map((a) => ({ id: esqualRowId(itemCode, a.score), title: a.label[locale] }));

/** One respondent: item code → 1–5; missing or null is a blank. */
export type EsqualAnswers = Readonly<Record<string, EsqualScore | null | undefined>>;

export type EsqualItemScore = { answered: number; mean: number | null };
export type EsqualDimensionScore = { respondents: number; mean: number | null };
export type EsqualResult = {
  kind: "esqual-adapted";
  adapted: true;
  status: "ok" | "no_data";
  responses: number;
  respondents: number;
  items: Record<string, EsqualItemScore>;
  dimensions: Record<EsqualDimension, EsqualDimensionScore>;
};

export class EsqualValueError extends Error {
  override name = "EsqualValueError";
  constructor(
    readonly index: number,
    readonly item: string,
    readonly value: unknown,
  ) {
    super(`response ${index + 1}, ${item}: ${JSON.stringify(value)} is not a 1–5 score`);
  }
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/**
 * Each respondent's dimension score is the mean of the items of that dimension they answered (the usual
 * scale score); a dimension's score is the mean over the respondents who answered at least one of its items.
 */
export const scoreEsqual = (responses: readonly EsqualAnswers[]): EsqualResult => {
  const itemValues = new Map(ESQUAL_ITEMS.map((i) => [i.code, [] as number[]]));
  const dimensionValues = new Map(ESQUAL_DIMENSIONS.map((d) => [d, [] as number[]]));
  let respondents = 0;
  responses.forEach((answers, index) => {
    const perDimension = new Map(ESQUAL_DIMENSIONS.map((d) => [d, [] as number[]]));
    for (const it of ESQUAL_ITEMS) {
      const value: unknown = answers[it.code];
      if (value === undefined || value === null) continue;
      if (!ESQUAL_ANSWERS.some((a) => a.score === value)) throw new EsqualValueError(index, it.code, value);
      itemValues.get(it.code)!.push(value as number);
      perDimension.get(it.dimension)!.push(value as number);
    }
    const answered = [...perDimension.values()].some((v) => v.length > 0);
    if (answered) respondents++;
    for (const [d, values] of perDimension) if (values.length) dimensionValues.get(d)!.push(mean(values)!);
  });
  const items = Object.fromEntries(
    [...itemValues].map(([code, v]) => [code, { answered: v.length, mean: mean(v) }]),
  );
  const dimensions = Object.fromEntries(
    [...dimensionValues].map(([d, v]) => [d, { respondents: v.length, mean: mean(v) }]),
  ) as Record<EsqualDimension, EsqualDimensionScore>;
  const status = respondents > 0 ? "ok" : "no_data";
  return {
    kind: "esqual-adapted",
    adapted: true,
    status,
    responses: responses.length,
    respondents,
    items,
    dimensions,
  };
};
