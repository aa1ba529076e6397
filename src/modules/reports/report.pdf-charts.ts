/**
 * The report's charts drawn with pdfkit's own lines, boxes and text, from the same `ChartSpec` data the
 * page's ECharts SVG is made from.
 *
 * Why not convert the ECharts SVG: the one SVG→PDFKit library (svg-to-pdfkit) has had no release since
 * 2020, and ECharts' SVG leans on CSS (style attributes, a <style> block) that it only partly reads. Four
 * simple line and bar charts are a hundred lines of drawing we control, print crisply (vectors), and stay
 * within the standard fonts' character set.
 */
import type { ChartSpec } from "./charts.ts";
import { formatNumber } from "./format.ts";

type Doc = PDFKit.PDFDocument;
type Box = { x: number; y: number; width: number; height: number };

/** A round step for `lines` grid lines up to `highest`: 1, 2 or 5 × 10^n (whole numbers for counts). */
export const axisOf = (highest: number, decimals: number, fixedMax?: number) => {
  if (fixedMax !== undefined) return { max: fixedMax, step: fixedMax / 4 };
  const rough = Math.max(highest, decimals === 0 ? 1 : 0.1) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  if (decimals === 0) step = Math.max(1, Math.round(step));
  return { max: step * Math.max(1, Math.ceil(highest / step)), step };
};

const AXIS = "#666666";
const GRID = "#dddddd";

const valueAxis = (doc: Doc, spec: ChartSpec, plot: Box, axis: { max: number; step: number }) => {
  doc.font("Helvetica").fontSize(7);
  for (let value = 0; value <= axis.max + 1e-9; value += axis.step) {
    const y = plot.y + plot.height - (value / axis.max) * plot.height;
    doc
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.width, y)
      .lineWidth(0.5)
      .strokeColor(value === 0 ? AXIS : GRID)
      .stroke();
    const decimals = Number.isInteger(value) ? 0 : spec.decimals || 1;
    doc.fillColor(AXIS).text(formatNumber(spec.locale, value, decimals), plot.x - 30, y - 3, {
      width: 26,
      align: "right",
      lineBreak: false,
    });
  }
};

/** Category names centred under their slot; every n-th when they would overlap. */
const categoryAxis = (doc: Doc, spec: ChartSpec, plot: Box) => {
  const slot = plot.width / Math.max(1, spec.categories.length);
  const every = Math.max(1, Math.ceil(30 / slot));
  const width = Math.min(slot * every, 120);
  doc.font("Helvetica").fontSize(7).fillColor(AXIS);
  spec.categories.forEach((name, i) => {
    if (i % every !== 0) return;
    const centre = plot.x + slot * (i + 0.5);
    doc.text(name, centre - width / 2, plot.y + plot.height + 3, {
      width,
      align: "center",
      lineBreak: false,
      ellipsis: true,
    });
  });
};

const legend = (doc: Doc, spec: ChartSpec, box: Box) => {
  let x = box.x + box.width;
  doc.font("Helvetica").fontSize(7);
  for (const s of [...spec.series].reverse()) {
    x -= doc.widthOfString(s.name) + 18;
    doc.rect(x, box.y + 3, 8, 4).fill(s.color);
    doc.fillColor("#000000").text(s.name, x + 11, box.y + 1, { lineBreak: false });
  }
};

const lines = (doc: Doc, spec: ChartSpec, plot: Box, max: number) => {
  const slot = plot.width / Math.max(1, spec.categories.length);
  for (const s of spec.series) {
    let started = false;
    for (const [i, v] of s.values.entries()) {
      if (v === null) {
        started = false;
        continue;
      }
      const x = plot.x + slot * (i + 0.5);
      const y = plot.y + plot.height - (v / max) * plot.height;
      if (started) doc.lineTo(x, y);
      else doc.moveTo(x, y);
      started = true;
    }
    doc.lineWidth(1.2).strokeColor(s.color).stroke();
  }
};

const bars = (doc: Doc, spec: ChartSpec, plot: Box, max: number) => {
  const slot = plot.width / Math.max(1, spec.categories.length);
  const width = Math.min(28, slot * 0.6);
  const series = spec.series[0]!;
  doc.font("Helvetica").fontSize(7);
  series.values.forEach((v, i) => {
    if (v === null) return;
    const height = (v / max) * plot.height;
    const x = plot.x + slot * i + (slot - width) / 2;
    doc.rect(x, plot.y + plot.height - height, width, height).fill(series.color);
    doc
      .fillColor("#000000")
      .text(formatNumber(spec.locale, v, spec.decimals), x - 10, plot.y + plot.height - height - 9, {
        width: width + 20,
        align: "center",
        lineBreak: false,
      });
  });
};

/** One chart in `box`: its title, axes, and lines or bars; "no data" text when there is nothing to draw. */
export const drawChart = (doc: Doc, spec: ChartSpec, box: Box, emptyText: string) => {
  doc.font("Helvetica-Bold").fontSize(9).fillColor("#000000").text(spec.title, box.x, box.y, {
    width: box.width,
    lineBreak: false,
  });
  const top = box.y + 14;
  if (spec.empty) {
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor(AXIS)
      .text(emptyText, box.x, top + 4, { lineBreak: false });
    return;
  }
  if (spec.series.length > 1) legend(doc, spec, { ...box, y: top });
  const plot = { x: box.x + 32, y: top + 14, width: box.width - 40, height: box.height - 14 - 14 - 14 };
  const highest = Math.max(0, ...spec.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const axis = axisOf(highest, spec.decimals, spec.max);
  const max = axis.max;
  valueAxis(doc, spec, plot, axis);
  if (spec.kind === "line") lines(doc, spec, plot, max);
  else bars(doc, spec, plot, max);
  categoryAxis(doc, spec, plot);
  doc.fillColor("#000000");
};
