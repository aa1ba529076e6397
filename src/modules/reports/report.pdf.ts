/**
 * The monthly "Laporan Realisasi Layanan Online WhatsApp" as an A4 PDF to hand to the head of office:
 * office and period, the dimension table (every figure with its formula and what it was computed from),
 * the IKM table, the adapted E-S-QUAL tables under their label, and the charts. pdfkit with its standard fonts only, as the receipt does (no font files).
 */
import PDFDocument from "pdfkit";
import type { Locale } from "../desk/context.ts";
import { reportCharts } from "./charts.ts";
import { formatNumber } from "./format.ts";
import {
  esqualDimensionName,
  esqualLabel,
  esqualMeanText,
  esqualStatement,
  esqualWord,
} from "./report.esqual.ts";
import {
  DIMENSIONS,
  dimensionName,
  elementName,
  figureBasis,
  figureFormula,
  figureName,
  figureText,
  reportFigures,
} from "./report.figures.ts";
import { drawChart } from "./report.pdf-charts.ts";
import { type Column, drawTable, pdfSafe } from "./report.pdf-table.ts";
import type { QualityReport } from "./report.types.ts";
import { rw } from "./reports.words.ts";

export type PdfContext = {
  officeName: string;
  /** "Layanan: Semua · Petugas: Semua", in the reader's language. */
  filterText: string;
  printedBy: string;
  /** Fixed in the file's metadata and footer. */
  createdAt: Date;
};

const MARGIN = 40;

const longDay = (l: Locale, day: string) =>
  new Intl.DateTimeFormat(l === "id" ? "id-ID" : "en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(new Date(`${day}T00:00:00Z`));

const heading = (doc: PDFKit.PDFDocument, text: string) => {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.6).font("Helvetica-Bold").fontSize(11).fillColor("#000000");
  doc.text(pdfSafe(text), MARGIN, doc.y);
  doc.moveDown(0.3);
};

const title = (doc: PDFKit.PDFDocument, r: QualityReport, l: Locale, c: PdfContext) => {
  doc.font("Helvetica-Bold").fontSize(11).text(pdfSafe(c.officeName), { align: "center" });
  doc
    .moveDown(0.2)
    .fontSize(14)
    .text(pdfSafe(rw(l, "pdfTitle").toUpperCase()), { align: "center" });
  doc.moveDown(0.3).font("Helvetica").fontSize(10);
  doc.text(pdfSafe(`${rw(l, "period")}: ${longDay(l, r.filter.from)} – ${longDay(l, r.filter.to)}`), {
    align: "center",
  });
  doc.fontSize(9).fillColor("#444444").text(pdfSafe(c.filterText), { align: "center" });
  doc.fillColor("#000000");
};

const dimensionTables = (doc: PDFKit.PDFDocument, r: QualityReport, l: Locale) => {
  const noData = rw(l, "noData");
  const figures = reportFigures(r, l).filter((f) => f.metric !== "ikmElement");
  const columns: Column[] = [
    { header: rw(l, "colMetric"), width: 150 },
    { header: rw(l, "colValue"), width: 80 },
    { header: rw(l, "colFormula"), width: 185 },
    { header: rw(l, "colBasis"), width: 100 },
  ];
  for (const d of DIMENSIONS) {
    heading(doc, dimensionName(l, d));
    const rows = figures
      .filter((f) => f.dimension === d)
      .map((f) => {
        const value = figureText(l, f) ?? noData;
        const target = f.pass === undefined || f.pass === null ? "" : ` (${rw(l, f.pass ? "pass" : "fail")})`;
        return [figureName(l, f), value + target, figureFormula(l, f), figureBasis(l, f)];
      });
    drawTable(doc, columns, rows, MARGIN);
  }
};

const ikmTables = (doc: PDFKit.PDFDocument, r: QualityReport, l: Locale) => {
  const k = r.ikm;
  const noData = rw(l, "noData");
  heading(doc, rw(l, "ikmHeading"));
  drawTable(
    doc,
    [
      { header: rw(l, "colElement"), width: 295 },
      { header: rw(l, "colRespondents"), width: 100, align: "right" },
      { header: rw(l, "colAverage"), width: 120, align: "right" },
    ],
    k.elements.map((e) => [
      `${e.code} ${elementName(l, e)}`,
      formatNumber(l, e.answered),
      e.average === null ? noData : formatNumber(l, e.average, 2),
    ]),
    MARGIN,
  );
  doc.moveDown(0.5);
  const grade = reportFigures(r, l).find((f) => f.metric === "ikmCategory");
  drawTable(
    doc,
    [
      { header: rw(l, "colIkm"), width: 90, align: "right" },
      { header: rw(l, "colConverted"), width: 100, align: "right" },
      { header: rw(l, "colCategory"), width: 140 },
      { header: rw(l, "colSample"), width: 185, align: "right" },
    ],
    [
      [
        k.index === null ? noData : formatNumber(l, k.index, 2),
        k.converted === null ? noData : formatNumber(l, k.converted, 2),
        (grade && figureText(l, grade)) ?? noData,
        `${formatNumber(l, k.respondents)} ÷ ${k.requiredSample === null ? "—" : formatNumber(l, k.requiredSample)}`,
      ],
    ],
    MARGIN,
  );
};

/** The adapted E-S-QUAL: its label first, so the numbers are never read as part of the IKM above. */
const esqualTables = (doc: PDFKit.PDFDocument, r: QualityReport, l: Locale) => {
  const e = r.esqual;
  const noData = rw(l, "noData");
  heading(doc, esqualWord(l, "heading"));
  doc.font("Helvetica-Oblique").fontSize(8).fillColor("#000000");
  doc.text(pdfSafe(esqualLabel(l)), MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.4);
  if (e.respondents === 0) {
    doc.font("Helvetica").fontSize(9).text(pdfSafe(noData), MARGIN, doc.y);
    return;
  }
  drawTable(
    doc,
    [
      { header: esqualWord(l, "colDimension"), width: 295 },
      { header: esqualWord(l, "colMean"), width: 120, align: "right" },
      { header: esqualWord(l, "colRespondents"), width: 100, align: "right" },
    ],
    e.dimensions.map((d) => [
      esqualDimensionName(l, d.code),
      esqualMeanText(l, d.mean, noData),
      formatNumber(l, d.respondents),
    ]),
    MARGIN,
  );
  doc.moveDown(0.5);
  drawTable(
    doc,
    [
      { header: esqualWord(l, "colCode"), width: 45 },
      { header: esqualWord(l, "colStatement"), width: 310 },
      { header: esqualWord(l, "colMean"), width: 80, align: "right" },
      { header: esqualWord(l, "colAnswered"), width: 80, align: "right" },
    ],
    e.items.map((i) => [
      i.code,
      esqualStatement(l, i.code),
      esqualMeanText(l, i.mean, noData),
      formatNumber(l, i.answered),
    ]),
    MARGIN,
  );
};

const charts = (doc: PDFKit.PDFDocument, r: QualityReport, l: Locale) => {
  doc.addPage();
  const width = doc.page.width - 2 * MARGIN;
  const height = 170;
  let y = MARGIN;
  for (const spec of reportCharts(r, l)) {
    if (y + height > doc.page.height - MARGIN) {
      doc.addPage();
      y = MARGIN;
    }
    drawChart(
      doc,
      { ...spec, title: pdfSafe(spec.title), categories: spec.categories.map(pdfSafe) },
      {
        x: MARGIN,
        y,
        width,
        height,
      },
      pdfSafe(rw(l, "chartEmpty")),
    );
    y += height + 24;
  }
};

/** "Halaman 1 dari 3" and who printed it, on every page once the content is laid out. */
const footers = (doc: PDFKit.PDFDocument, l: Locale, c: PdfContext) => {
  const range = doc.bufferedPageRange();
  const printed = rw(l, "generated", { at: c.createdAt.toISOString().slice(0, 16).replace("T", " ") });
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin pdfkit would start a new page for the text; the footer belongs on this one.
    doc.page.margins.bottom = 0;
    const page = l === "id" ? `Halaman ${i + 1} dari ${range.count}` : `Page ${i + 1} of ${range.count}`;
    const y = doc.page.height - MARGIN + 12;
    doc.font("Helvetica").fontSize(7).fillColor("#666666");
    doc.text(pdfSafe(`${printed} UTC · ${c.printedBy}`), MARGIN, y, { lineBreak: false });
    doc.text(page, MARGIN, y, { width: doc.page.width - 2 * MARGIN, align: "right", lineBreak: false });
  }
};

export const renderReportPdf = async (r: QualityReport, l: Locale, c: PdfContext): Promise<Buffer> => {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: { Title: rw(l, "pdfTitle"), Author: pdfSafe(c.officeName), CreationDate: c.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  title(doc, r, l, c);
  dimensionTables(doc, r, l);
  ikmTables(doc, r, l);
  esqualTables(doc, r, l);
  charts(doc, r, l);
  footers(doc, l, c);
  doc.end();
  await done;
  return Buffer.concat(chunks);
};
