/**
 * The adapted E-S-QUAL section as the page, the PDF and the exports print it: its own words, its tables'
 * rows, and its rows in the CSV layout. Kept apart from report.figures.ts on purpose: these numbers are not
 * one of the report's measured dimensions and never part of the IKM, and everything that prints them prints
 * ESQUAL_INSTRUMENT_LABEL with them. Pure.
 */
import type { Locale } from "../desk/context.ts";
import { defineWords } from "../desk/words.ts";
import { ESQUAL_DIMENSION_NAMES, ESQUAL_INSTRUMENT_LABEL, ESQUAL_ITEMS } from "../surveys/esqual.ts";
import { formatNumber } from "./format.ts";
import type { EsqualSection } from "./report.types.ts";

export const esqualWord = defineWords({
  id: {
    heading: "E-S-QUAL adaptasi (opsional)",
    csvDimension: "E-S-QUAL (adaptasi)",
    colDimension: "Dimensi",
    colRespondents: "Responden",
    colMean: "Rata-rata (1–5)",
    colCode: "Kode",
    colStatement: "Pernyataan",
    colAdaptedFrom: "Diadaptasi dari",
    colAnswered: "Menjawab",
    respondents: "Responden E-S-QUAL adaptasi",
    respondentsFormula: "Warga yang menjawab setidaknya satu pernyataan",
    dimension: "Dimensi: {name}",
    dimensionFormula:
      "Σ rata-rata tiap responden pada pernyataan dimensi ini ÷ responden yang menjawab; tidak masuk IKM",
    itemFormula: "Σ skor pernyataan ini ÷ yang menjawab; tidak masuk IKM",
    unit: "1–5",
  },
  en: {
    heading: "Adapted E-S-QUAL (optional)",
    csvDimension: "E-S-QUAL (adapted)",
    colDimension: "Dimension",
    colRespondents: "Respondents",
    colMean: "Mean (1–5)",
    colCode: "Code",
    colStatement: "Statement",
    colAdaptedFrom: "Adapted from",
    colAnswered: "Answered",
    respondents: "Adapted E-S-QUAL respondents",
    respondentsFormula: "Citizens who answered at least one statement",
    dimension: "Dimension: {name}",
    dimensionFormula:
      "Σ each respondent's mean over this dimension's statements ÷ respondents who answered; not part of the IKM",
    itemFormula: "Σ scores of this statement ÷ those who answered; not part of the IKM",
    unit: "1–5",
  },
});

/** The line every report prints right above these numbers. */
export const esqualLabel = (l: Locale) => ESQUAL_INSTRUMENT_LABEL[l];

export const esqualDimensionName = (l: Locale, code: EsqualSection["dimensions"][number]["code"]) =>
  ESQUAL_DIMENSION_NAMES[code][l];

export const esqualStatement = (l: Locale, code: string) =>
  ESQUAL_ITEMS.find((i) => i.code === code)?.statement[l] ?? code;

const roundTo = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A mean as a person reads it (two decimals in the reader's language), or the caller's "no data". */
export const esqualMeanText = (l: Locale, mean: number | null, noData: string) =>
  mean === null ? noData : formatNumber(l, mean, 2);

/**
 * The section in the CSV's columns (dimension, metric, value, unit, numerator, denominator, formula): the
 * respondents with the instrument's label, each dimension, then each statement. Blank values for no data.
 */
export const esqualCsvRows = (e: EsqualSection, l: Locale): Array<Array<string | number | null>> => {
  const dimension = esqualWord(l, "csvDimension");
  const unit = esqualWord(l, "unit");
  const mean = (m: number | null) => (m === null ? null : roundTo(m, 4));
  const sum = (m: number | null, n: number) => (m === null ? null : roundTo(m * n, 2));
  return [
    [
      dimension,
      esqualWord(l, "respondents"),
      e.respondents,
      "",
      null,
      null,
      `${esqualWord(l, "respondentsFormula")}. ${esqualLabel(l)}`,
    ],
    ...e.dimensions.map((d) => [
      dimension,
      esqualWord(l, "dimension", { name: esqualDimensionName(l, d.code) }),
      mean(d.mean),
      unit,
      sum(d.mean, d.respondents),
      d.respondents,
      esqualWord(l, "dimensionFormula"),
    ]),
    ...e.items.map((i) => [
      dimension,
      `${i.code} ${esqualStatement(l, i.code)}`,
      mean(i.mean),
      unit,
      sum(i.mean, i.answered),
      i.answered,
      esqualWord(l, "itemFormula"),
    ]),
  ];
};
