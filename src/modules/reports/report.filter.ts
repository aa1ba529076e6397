/**
 * The report's filters from a query string: a period (a month by default, a semester, a year or a custom
 * range of days in the office's calendar), a service and an officer. Anything malformed comes back as a
 * refusal the page can say, never as an exception: a typed-in URL must not crash the page.
 */
import type { ReportFilter } from "./report.types.ts";
import type { ReportWord } from "./reports.words.ts";

export const PERIOD_KINDS = ["month", "semester", "year", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** What the filter form shows: the person's own input, echoed back even when it is wrong. */
export type FilterForm = {
  period: PeriodKind;
  month: string;
  semester: string;
  year: string;
  from: string;
  to: string;
  service: string;
  operator: string;
};

export type FilterRefusal = { code: ReportWord; vars?: Record<string, string> };

export type ParsedFilter =
  | { ok: true; filter: ReportFilter; form: FilterForm }
  | { ok: false; refusal: FilterRefusal; form: FilterForm };

export type FilterContext = {
  officeId: string;
  /** The office's today, YYYY-MM-DD. */
  today: string;
  serviceCodes: readonly string[];
  operatorIds: readonly string[];
};

export type FilterQuery = Partial<Record<keyof FilterForm, string>>;

const MAX_DAYS = 366;

/** A real calendar day between 2000 and 2100 (2026-02-30 is not). */
export const isDay = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

export const isMonth = (value: string) => /^\d{4}-\d{2}$/.test(value) && isDay(`${value}-01`);

const lastDayOf = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

type Range = { from: string; to: string } | FilterRefusal;

const monthRange = (month: string): Range => {
  if (!isMonth(month)) return { code: "err_bad_month", vars: { value: month } };
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { from: `${month}-01`, to: lastDayOf(y, m) };
};

const semesterRange = (semester: string): Range => {
  const match = /^(\d{4})-([12])$/.exec(semester);
  if (!match || !isDay(`${match[1]}-01-01`)) return { code: "err_bad_semester", vars: { value: semester } };
  return match[2] === "1"
    ? { from: `${match[1]}-01-01`, to: `${match[1]}-06-30` }
    : { from: `${match[1]}-07-01`, to: `${match[1]}-12-31` };
};

const yearRange = (year: string): Range =>
  /^\d{4}$/.test(year) && isDay(`${year}-01-01`)
    ? { from: `${year}-01-01`, to: `${year}-12-31` }
    : { code: "err_bad_year", vars: { value: year } };

const customRange = (from: string, to: string): Range => {
  if (!isDay(from)) return { code: "err_bad_date", vars: { value: from || "—" } };
  if (!isDay(to)) return { code: "err_bad_date", vars: { value: to || "—" } };
  if (from > to) return { code: "err_range_order", vars: { from, to } };
  if (daysBetween(from, to) >= MAX_DAYS) return { code: "err_range_too_long" };
  return { from, to };
};

/** Which kind of period the query asks for; a bare from/to or month picks its kind. */
const kindOf = (q: FilterQuery): PeriodKind | FilterRefusal => {
  const asked = q.period?.trim();
  if (asked) {
    return (PERIOD_KINDS as readonly string[]).includes(asked)
      ? (asked as PeriodKind)
      : { code: "err_bad_period", vars: { value: asked.slice(0, 20) } };
  }
  if (q.from || q.to) return "custom";
  if (q.semester) return "semester";
  if (q.year) return "year";
  return "month";
};

const clip = (value: string | undefined, max = 40) => (value ?? "").trim().slice(0, max);

export const parseReportFilter = (q: FilterQuery, ctx: FilterContext): ParsedFilter => {
  const kind = kindOf(q);
  const [year, month] = ctx.today.split("-") as [string, string];
  const form: FilterForm = {
    period: typeof kind === "string" ? kind : "month",
    month: clip(q.month) || `${year}-${month}`,
    semester: clip(q.semester) || `${year}-${Number(month) <= 6 ? 1 : 2}`,
    year: clip(q.year) || year,
    from: clip(q.from),
    to: clip(q.to),
    service: clip(q.service, 64),
    operator: clip(q.operator, 36),
  };
  const refuse = (refusal: FilterRefusal): ParsedFilter => ({ ok: false, refusal, form });
  if (typeof kind !== "string") return refuse(kind);
  const range =
    kind === "month"
      ? monthRange(form.month)
      : kind === "semester"
        ? semesterRange(form.semester)
        : kind === "year"
          ? yearRange(form.year)
          : customRange(form.from, form.to);
  if ("code" in range) return refuse(range);
  if (kind !== "custom") Object.assign(form, range);
  if (form.service && !ctx.serviceCodes.includes(form.service))
    return refuse({ code: "err_bad_service", vars: { value: form.service } });
  if (form.operator && !ctx.operatorIds.includes(form.operator)) return refuse({ code: "err_bad_operator" });
  const filter: ReportFilter = {
    officeId: ctx.officeId,
    ...range,
    ...(form.service ? { serviceCode: form.service } : {}),
    ...(form.operator ? { operatorId: form.operator } : {}),
  };
  return { ok: true, filter, form };
};

/** The query string that asks for the same report again (export links, the form's own URL). */
export const filterQuery = (form: FilterForm): string => {
  const params = new URLSearchParams({ period: form.period });
  if (form.period === "month") params.set("month", form.month);
  if (form.period === "semester") params.set("semester", form.semester);
  if (form.period === "year") params.set("year", form.year);
  if (form.period === "custom") {
    params.set("from", form.from);
    params.set("to", form.to);
  }
  if (form.service) params.set("service", form.service);
  if (form.operator) params.set("operator", form.operator);
  return params.toString();
};

/** The months (YYYY-MM) a period touches: the counter figures shown beside it. */
export const monthsOf = (from: string, to: string): string[] => {
  const months: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); ) {
    months.push(m);
    const [y, mm] = m.split("-").map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, "0")}`;
  }
  return months;
};
