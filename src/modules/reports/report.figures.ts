/**
 * The report as one flat list of figures: the page's tables, the CSV, the XLSX and the PDF all print this
 * list, so a figure, its formula and what it was computed from cannot differ between them. Pure.
 */
import type { Locale } from "../desk/context.ts";
import { ikmCategory, SKM_ELEMENTS } from "../surveys/ikm.ts";
import { failureLabel } from "./failure-reasons.ts";
import { fw } from "./figures.words.ts";
import { formatDuration, formatNumber, formatPercent } from "./format.ts";
import type { Distribution, Ratio } from "./metrics.ts";
import type { QualityReport } from "./report.types.ts";

export const DIMENSIONS = ["efficiency", "fulfilment", "availability", "privacy", "reach", "ikm"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type Unit =
  | "percent"
  | "seconds"
  | "hours"
  | "count"
  | "ratio"
  | "score"
  | "index"
  | "converted"
  | "category";
export type Stat = "median" | "p90" | "mean";

export type Figure = {
  dimension: Dimension;
  /** The metric's words key (name_…, formula_… or base_… in figures.words.ts). */
  metric: string;
  stat?: Stat;
  /** What the metric is about when it repeats: an officer, an error code, an IKM element. */
  subject?: string;
  /** A fraction for percent; seconds or hours for durations; null is "no data". */
  value: number | string | null;
  unit: Unit;
  numerator: number | null;
  denominator: number | null;
  /** A target the figure must meet (privacy): true/false, or null when there is nothing to judge. */
  pass?: boolean | null;
  /** Placeholders of the formula beyond `subject`. */
  vars?: Record<string, string | number>;
};

const ratioFigure = (dimension: Dimension, metric: string, r: Ratio, unit: Unit = "percent"): Figure => ({
  dimension,
  metric,
  value: r.value,
  unit,
  numerator: r.numerator,
  denominator: r.denominator,
});

/** A duration as three figures: median, p90 and mean, each computed from `count` cases. */
const distributionFigures = (
  dimension: Dimension,
  metric: string,
  d: Distribution,
  unit: "seconds" | "hours",
): Figure[] =>
  (["median", "p90", "mean"] as const).map((stat) => ({
    dimension,
    metric,
    stat,
    value: d[stat],
    unit,
    numerator: stat === "mean" && d.mean !== null ? d.mean * d.count : null,
    denominator: d.count,
  }));

const count = (dimension: Dimension, metric: string, value: number | null, subject?: string): Figure => ({
  dimension,
  metric,
  value,
  unit: "count",
  numerator: null,
  denominator: null,
  ...(subject ? { subject } : {}),
});

const efficiency = (r: QualityReport): Figure[] => [
  ...distributionFigures("efficiency", "firstResponseBot", r.efficiency.firstResponseBot, "seconds"),
  ...distributionFigures("efficiency", "firstResponsePerson", r.efficiency.firstResponsePerson, "seconds"),
  ratioFigure("efficiency", "botAnswered", r.efficiency.botAnswered),
  ...distributionFigures("efficiency", "timeToSubmit", r.efficiency.timeToSubmit, "seconds"),
  ratioFigure("efficiency", "firstTimeRight", r.efficiency.firstTimeRight),
];

const fulfilment = (r: QualityReport): Figure[] => [
  ratioFigure("fulfilment", "withinSla", r.fulfilment.withinSla),
  ...distributionFigures("fulfilment", "completionHours", r.fulfilment.completionHours, "hours"),
  ratioFigure("fulfilment", "revisionsPerApplication", r.fulfilment.revisionsPerApplication, "ratio"),
  ratioFigure("fulfilment", "rejectionRate", r.fulfilment.rejectionRate),
  ratioFigure("fulfilment", "deliveredOnWhatsapp", r.fulfilment.deliveredOnWhatsapp),
];

const availability = (r: QualityReport, l: Locale): Figure[] => [
  ratioFigure("availability", "webhookAvailability", r.availability.webhookAvailability),
  ratioFigure("availability", "deliverySuccess", r.availability.deliverySuccess),
  ...distributionFigures("availability", "outboxLag", r.availability.outboxLag, "seconds"),
  { ...count("availability", "siakOutageHours", r.availability.siakOutageHours), unit: "hours" },
  ...r.availability.failedByReason.map((f) =>
    count("availability", "failedByReason", f.count, failureLabel(l, f.code)),
  ),
];

const privacy = (r: QualityReport): Figure[] => {
  const p = r.privacy;
  const encrypted = ratioFigure("privacy", "encrypted", p.encrypted);
  return [
    {
      ...encrypted,
      pass: p.encrypted.value === null ? null : p.encrypted.numerator === p.encrypted.denominator,
    },
    {
      ...count("privacy", "pastRetentionNotPurged", p.pastRetentionNotPurged),
      pass: p.pastRetentionNotPurged === 0,
    },
    ratioFigure("privacy", "dsrWithinDeadline", p.dsrWithinDeadline),
    ...p.byOperator.flatMap((o) => [
      count("privacy", "documentViews", o.documentViews, o.name),
      count("privacy", "nikReveals", o.nikReveals, o.name),
    ]),
  ];
};

const reach = (r: QualityReport): Figure[] => {
  const { applications, broadcast, newCitizensByWeek } = r.reach;
  const counter = applications.counter;
  const all = counter === null ? 0 : applications.whatsapp + counter;
  return [
    count(
      "reach",
      "newCitizens",
      newCitizensByWeek.reduce((a, w) => a + w.count, 0),
    ),
    count("reach", "whatsappApplications", applications.whatsapp),
    count("reach", "counterApplications", counter),
    {
      dimension: "reach",
      metric: "whatsappShare",
      value: counter === null || all === 0 ? null : applications.whatsapp / all,
      unit: "percent",
      numerator: applications.whatsapp,
      denominator: counter === null ? null : all,
    },
    {
      dimension: "reach",
      metric: "broadcastDelivered",
      value: broadcast.recipients > 0 ? broadcast.delivered / broadcast.recipients : null,
      unit: "percent",
      numerator: broadcast.delivered,
      denominator: broadcast.recipients,
    },
  ];
};

/** An IKM element's name in the reader's language (the report carries the Indonesian one). */
export const elementName = (l: Locale, e: { code: string; name: string }) =>
  SKM_ELEMENTS.find((x) => x.code === e.code)?.name[l] ?? e.name;

/** The grade's name in the reader's language (the service gives one language); its own label as a fallback. */
const categoryLabel = (k: QualityReport["ikm"], l: Locale) => {
  if (k.converted === null) return k.categoryLabel ?? "";
  try {
    return ikmCategory(k.converted).categoryLabel[l];
  } catch {
    return k.categoryLabel ?? "";
  }
};

const ikm = (r: QualityReport, l: Locale): Figure[] => {
  const k = r.ikm;
  return [
    ...k.elements.map(
      (e): Figure => ({
        dimension: "ikm",
        metric: "ikmElement",
        subject: `${e.code} ${elementName(l, e)}`,
        value: e.average,
        unit: "score",
        numerator: e.average === null ? null : Math.round(e.average * e.answered),
        denominator: e.answered,
      }),
    ),
    {
      dimension: "ikm",
      metric: "ikmIndex",
      value: k.index,
      unit: "index",
      numerator: null,
      denominator: null,
    },
    {
      dimension: "ikm",
      metric: "ikmConverted",
      value: k.converted,
      unit: "converted",
      numerator: null,
      denominator: null,
    },
    {
      dimension: "ikm",
      metric: "ikmCategory",
      value: k.category === null ? null : `${k.category} (${categoryLabel(k, l)})`,
      unit: "category",
      numerator: null,
      denominator: null,
    },
    {
      dimension: "ikm",
      metric: "ikmSample",
      value: k.respondents,
      unit: "count",
      numerator: k.respondents,
      denominator: k.requiredSample,
      pass: k.requiredSample === null ? null : k.respondents >= k.requiredSample,
      vars: { population: formatNumber(l, k.population) },
    },
  ];
};

/** Every figure of the report, dimension by dimension, in the order the page prints them. */
export const reportFigures = (r: QualityReport, l: Locale): Figure[] => [
  ...efficiency(r),
  ...fulfilment(r),
  ...availability(r, l),
  ...privacy(r),
  ...reach(r),
  ...ikm(r, l),
];

type Words = (l: Locale, key: string, vars?: Record<string, string | number>) => string;
const words = fw as unknown as Words;

export const dimensionName = (l: Locale, d: Dimension) => words(l, `dim_${d}`);

export const figureName = (l: Locale, f: Figure) => {
  const name = words(l, `name_${f.metric}`, { subject: f.subject ?? "" });
  return f.stat ? `${name} (${words(l, `stat_${f.stat}`)})` : name;
};

export const figureFormula = (l: Locale, f: Figure) =>
  f.stat
    ? words(l, `statFormula_${f.stat}`, { base: words(l, `base_${f.metric}`) })
    : words(l, `formula_${f.metric}`, { subject: f.subject ?? "", ...f.vars });

export const unitName = (l: Locale, u: Unit) => words(l, `unit_${u}`);

/** The value as a person reads it; null is the caller's "tidak ada data". */
export const figureText = (l: Locale, f: Figure): string | null => {
  const v = f.value;
  if (v === null) return null;
  if (typeof v === "string") return v;
  switch (f.unit) {
    case "percent":
      return formatPercent(l, v);
    case "seconds":
      return formatDuration(l, v);
    case "hours":
      return formatDuration(l, v * 3600);
    case "ratio":
    case "score":
    case "index":
      return formatNumber(l, v, 2);
    case "converted":
      return formatNumber(l, v, 2);
    default:
      return formatNumber(l, v);
  }
};

/** What the value was computed from: "42 ÷ 50", or "n = 120" for a duration. */
export const figureBasis = (l: Locale, f: Figure): string => {
  if (f.stat && f.stat !== "mean") return `n = ${formatNumber(l, f.denominator ?? 0)}`;
  if (f.stat === "mean" && f.numerator !== null) {
    const total = f.unit === "hours" ? f.numerator * 3600 : f.numerator;
    return `${formatDuration(l, total)} ÷ ${formatNumber(l, f.denominator ?? 0)}`;
  }
  if (f.stat === "mean") return `n = ${formatNumber(l, f.denominator ?? 0)}`;
  if (f.numerator === null && f.denominator === null) return "";
  const side = (n: number | null) => (n === null ? "—" : formatNumber(l, n));
  return `${side(f.numerator)} ÷ ${side(f.denominator)}`;
};

/** The value for machines (CSV, XLSX): percent as 87.5, durations in their unit, rounded sensibly. */
export const figureNumber = (f: Figure): number | string | null => {
  const v = f.value;
  if (v === null || typeof v === "string") return v;
  const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  if (f.unit === "percent") return round(v * 100, 2);
  if (f.unit === "seconds" || f.unit === "hours") return round(v, 1);
  if (f.unit === "count") return v;
  return round(v, 4);
};
