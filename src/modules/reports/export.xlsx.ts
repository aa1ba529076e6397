/**
 * The report as an Excel workbook (write-excel-file 4): "Ringkasan" (every figure with its formula),
 * "Harian" (applications per day) and "IKM" (the elements, then the index). Text cells are written as
 * strings, never formulas, so a name like "=HYPERLINK(…)" stays text.
 */
import writeXlsxFile, { type Row, type SheetData } from "write-excel-file/node";
import type { Locale } from "../desk/context.ts";
import { CSV_HEADER } from "./export.csv.ts";
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

export const SHEETS = ["Ringkasan", "Harian", "IKM"] as const;

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
  ]).toBuffer();
