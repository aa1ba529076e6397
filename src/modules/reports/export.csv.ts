/**
 * The report as CSV: one row per figure (RFC 4180 by hand, CRLF, quoted when needed, formula-looking text
 * defused), UTF-8 with a byte-order mark so Excel opens "÷" and "–" correctly. Values are for machines:
 * a dot as decimal mark, percentages as 87.5, durations in the unit the unit column names. The adapted
 * E-S-QUAL rows come last, under their own dimension name, with the instrument's label on the first of them.
 */
import { csvRow } from "../audit/audit.csv.ts";
import type { Locale } from "../desk/context.ts";
import { esqualCsvRows } from "./report.esqual.ts";
import {
  dimensionName,
  figureFormula,
  figureName,
  figureNumber,
  reportFigures,
  unitName,
} from "./report.figures.ts";
import type { QualityReport } from "./report.types.ts";

export const CSV_HEADER = ["dimension", "metric", "value", "unit", "numerator", "denominator", "formula"];

const BOM = "\uFEFF";

const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

export const reportCsv = (report: QualityReport, l: Locale): string =>
  BOM +
  csvRow(CSV_HEADER) +
  reportFigures(report, l)
    .map((f) =>
      csvRow([
        dimensionName(l, f.dimension),
        figureName(l, f),
        figureNumber(f),
        unitName(l, f.unit),
        round(f.numerator),
        round(f.denominator),
        figureFormula(l, f),
      ]),
    )
    .join("") +
  esqualCsvRows(report.esqual, l).map(csvRow).join("");
