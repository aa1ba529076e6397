/**
 * The report's charts as plain data (`ChartSpec`), drawn twice from the same numbers: as SVG by Apache
 * ECharts on the server for the page, and with pdfkit lines and boxes for the PDF (report.pdf-charts.ts).
 *
 * ECharts' SSR output carries `style="…"` attributes and a <style> block for hover effects; the desk's CSP
 * forbids inline styles (and must keep doing so: pages show what citizens typed). So the SVG is rewritten
 * to presentation attributes (font-size="12px" instead of style="font-size:12px"), which CSP does not
 * govern, and the hover <style> is dropped: a static report has no hover.
 */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { Locale } from "../desk/context.ts";
import { failureLabel } from "./failure-reasons.ts";
import { formatNumber } from "./format.ts";
import type { QualityReport } from "./report.types.ts";
import { rw } from "./reports.words.ts";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

export type ChartSeries = { name: string; values: Array<number | null>; color: string };
export type ChartSpec = {
  id: "daily" | "newCitizens" | "ikm" | "failed";
  title: string;
  kind: "line" | "bar";
  categories: string[];
  series: ChartSeries[];
  /** A fixed top of the value axis (IKM scores end at 4). */
  max?: number;
  /** Decimals of the value labels (IKM averages have two). */
  decimals: number;
  locale: Locale;
  /** Nothing to draw: the page and the PDF say so instead. */
  empty: boolean;
};

export const COLORS = { brand: "#008069", ok: "#15803d", bad: "#b91c1c", info: "#1d4ed8", warn: "#b45309" };

const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const hasValues = (series: ChartSeries[]) => series.some((s) => s.values.some((v) => (v ?? 0) > 0));

/** The four charts of a report, in the order they are shown. */
export const reportCharts = (r: QualityReport, l: Locale): ChartSpec[] => {
  const daily: ChartSeries[] = [
    { name: rw(l, "chartSubmitted"), values: r.daily.map((d) => d.submitted), color: COLORS.info },
    { name: rw(l, "chartCompleted"), values: r.daily.map((d) => d.completed), color: COLORS.ok },
    { name: rw(l, "chartRejected"), values: r.daily.map((d) => d.rejected), color: COLORS.bad },
  ];
  const weeks: ChartSeries[] = [
    {
      name: rw(l, "chartNewCitizens"),
      values: r.reach.newCitizensByWeek.map((w) => w.count),
      color: COLORS.brand,
    },
  ];
  const ikm: ChartSeries[] = [
    { name: rw(l, "colAverage"), values: r.ikm.elements.map((e) => e.average), color: COLORS.brand },
  ];
  const failed: ChartSeries[] = [
    {
      name: rw(l, "chartFailed"),
      values: r.availability.failedByReason.map((f) => f.count),
      color: COLORS.bad,
    },
  ];
  return [
    {
      id: "daily",
      decimals: 0,
      locale: l,
      title: rw(l, "chartDaily"),
      kind: "line",
      categories: r.daily.map((d) => shortDay(d.day)),
      series: daily,
      empty: !hasValues(daily),
    },
    {
      id: "newCitizens",
      decimals: 0,
      locale: l,
      title: rw(l, "chartNewCitizens"),
      kind: "bar",
      categories: r.reach.newCitizensByWeek.map((w) => shortDay(w.weekStart)),
      series: weeks,
      empty: !hasValues(weeks),
    },
    {
      id: "ikm",
      decimals: 2,
      locale: l,
      title: rw(l, "chartIkm"),
      kind: "bar",
      categories: r.ikm.elements.map((e) => e.code),
      series: ikm,
      max: 4,
      empty: !hasValues(ikm),
    },
    {
      id: "failed",
      decimals: 0,
      locale: l,
      title: rw(l, "chartFailed"),
      kind: "bar",
      categories: r.availability.failedByReason.map((f) => failureLabel(l, f.code)),
      series: failed,
      empty: !hasValues(failed),
    },
  ];
};

const optionOf = (spec: ChartSpec) => ({
  animation: false,
  textStyle: { fontFamily: "sans-serif" },
  legend: spec.series.length > 1 ? { top: 0 } : undefined,
  grid: {
    left: 8,
    right: 16,
    top: spec.series.length > 1 ? 32 : 12,
    bottom: 8,
    outerBoundsMode: "same",
    outerBoundsContain: "axisLabel",
  },
  xAxis: {
    type: "category",
    data: spec.categories,
    axisLabel: { hideOverlap: true, interval: spec.id === "failed" ? 0 : "auto" },
  },
  yAxis: { type: "value", minInterval: spec.max ? undefined : 1, min: 0, max: spec.max },
  series: spec.series.map((s) => ({
    type: spec.kind,
    name: s.name,
    data: s.values.map((v) => (v === null ? "-" : v)),
    color: s.color,
    silent: true,
    emphasis: { disabled: true },
    ...(spec.kind === "line"
      ? { symbolSize: 4 }
      : {
          barMaxWidth: 36,
          label: {
            show: true,
            formatter: (p: { value: number }) => formatNumber(spec.locale, p.value, spec.decimals),
          },
        }),
  })),
});

/** SVG presentation attributes a style="" may carry over; anything else in a style is dropped. */
const PRESENTATION = new Set([
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "opacity",
  "font-size",
  "font-family",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
]);

const styleToAttributes = (tag: string) =>
  tag.replace(/\sstyle="([^"]*)"/, (_m, css: string) =>
    css
      .split(";")
      .map((d) => d.split(":").map((x) => x.trim()) as [string, string?])
      .filter(([name, value]) => value && PRESENTATION.has(name) && !new RegExp(`\\s${name}="`).test(tag))
      .map(([name, value]) => ` ${name}="${value!.replace(/"/g, "&quot;")}"`)
      .join(""),
  );

/** ECharts' SVG made CSP-clean: no <style>, no style="", labelled for screen readers. */
export const cleanSvg = (svg: string, label: string) =>
  svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<[a-zA-Z][^>]*\sstyle="[^"]*"[^>]*>/g, styleToAttributes)
    .replace(/^<svg /, `<svg role="img" aria-label="${label.replace(/[<>&"]/g, "")}" `);

/** One chart as an inline SVG string, width × height in CSS pixels. */
export const chartSvg = (spec: ChartSpec, size = { width: 640, height: 260 }): string => {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, ...size });
  try {
    chart.setOption(optionOf(spec) as echarts.EChartsCoreOption);
    return cleanSvg(chart.renderToSVGString(), spec.title);
  } finally {
    chart.dispose();
  }
};
