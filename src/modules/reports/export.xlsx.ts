/**
 * The report as an Excel workbook (write-excel-file 4): "Ringkasan" (every figure with its formula),
 * "Harian" (applications per day), "IKM" (the elements, then the index) and "E-S-QUAL" (the adapted
 * instrument under its label; never part of the IKM). Text cells are written as
 * strings, never formulas, so a name like "=HYPERLINK(…)" stays text.
 */
import writeXlsxFile, { type Row, type SheetData } from "write-excel-file/node";
import type { Locale } from "../desk/context.ts";
import { CSV_HEADER } from "./export.csv.ts";
import {
  esqualCsvRows,
  esqualDimensionName,
  esqualLabel,
  esqualStatement,
  esqualWord,
} from "./report.esqual.ts";
import {
  dimensionName,
  elementName,
  figureFormula,
  figureName,
  figureNumber,
  reportFigures,
  unitName,
} from "./report.figures.ts";
import type { QualityReport } from "./report.types.ts";
import { rw } from "./reports.words.ts";

export const SHEETS = ["Ringkasan", "Harian", "IKM", "E-S-QUAL"] as const;

const bold = (value: string) => ({ value, fontWeight: "bold" as const });
const header = (names: string[]): Row => names.map(bold);

export type XlsxContext = { officeName: string; filterText: string };

const summary = (r: QualityReport, l: Locale, c: XlsxContext): SheetData => [
  [bold(rw(l, "pdfTitle"))],
  [c.officeName],
  [rw(l, "showing", { from: r.filter.from, to: r.filter.to })],
  [c.filterText],
  [],
  header(CSV_HEADER),
  ...reportFigures(r, l).map(
    (f): Row => [
      dimensionName(l, f.dimension),
      figureName(l, f),
      figureNumber(f),
      unitName(l, f.unit),
      f.numerator,
      f.denominator,
      figureFormula(l, f),
    ],
  ),
  ...esqualCsvRows(r.esqual, l).map((row): Row => row),
];

const daily = (r: QualityReport, l: Locale): SheetData => [
  header([rw(l, "colDay"), rw(l, "chartSubmitted"), rw(l, "chartCompleted"), rw(l, "chartRejected")]),
  ...r.daily.map((d): Row => [d.day, d.submitted, d.completed, d.rejected]),
];

const ikm = (r: QualityReport, l: Locale): SheetData => {
  const k = r.ikm;
  return [
    header([rw(l, "colCode"), rw(l, "colElement"), rw(l, "colRespondents"), rw(l, "colAverage")]),
    ...k.elements.map((e): Row => [e.code, elementName(l, e), e.answered, e.average]),
    [],
    header([
      rw(l, "colIkm"),
      rw(l, "colConverted"),
      rw(l, "colCategory"),
      rw(l, "colRespondents"),
      rw(l, "colRequiredSample"),
    ]),
    [k.index, k.converted, k.category, k.respondents, k.requiredSample],
  ];
};

/** The adapted E-S-QUAL on its own sheet, its label in the first row so it is not read as the IKM. */
const esqual = (r: QualityReport, l: Locale): SheetData => {
  const e = r.esqual;
  return [
    [bold(esqualLabel(l))],
    [],
    header([esqualWord(l, "colDimension"), esqualWord(l, "colMean"), esqualWord(l, "colRespondents")]),
    ...e.dimensions.map((d): Row => [esqualDimensionName(l, d.code), d.mean, d.respondents]),
    [],
    header([
      esqualWord(l, "colCode"),
      esqualWord(l, "colStatement"),
      esqualWord(l, "colAdaptedFrom"),
      esqualWord(l, "colMean"),
      esqualWord(l, "colAnswered"),
    ]),
    ...e.items.map((i): Row => [i.code, esqualStatement(l, i.code), i.adaptedFrom, i.mean, i.answered]),
  ];
};

export const reportXlsx = (r: QualityReport, l: Locale, c: XlsxContext): Promise<Buffer> =>
  writeXlsxFile([
    {
      data: summary(r, l, c),
      sheet: SHEETS[0],
      columns: [20, 48, 12, 14, 12, 12, 70].map((width) => ({ width })),
    },
    {
      data: daily(r, l),
      sheet: SHEETS[1],
      columns: [14, 12, 12, 12].map((width) => ({ width })),
      stickyRowsCount: 1,
    },
    { data: ikm(r, l), sheet: SHEETS[2], columns: [10, 44, 14, 16, 12].map((width) => ({ width })) },
    { data: esqual(r, l), sheet: SHEETS[3], columns: [24, 70, 14, 16, 12].map((width) => ({ width })) },
  ]).toBuffer();
