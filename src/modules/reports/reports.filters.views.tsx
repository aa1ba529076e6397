/**
 * The report's filter form: a kind of period with its inputs (only the chosen kind's are shown, by CSS),
 * a service and an officer. htmx swaps the report on every change and keeps the address in step.
 */
import type { Locale } from "../desk/context.ts";
import type { FilterForm } from "./report.filter.ts";
import { rw } from "./reports.words.ts";

export type Option = { value: string; label: string };

const Select = (o: { name: string; label: string; value: string; options: Option[]; all?: string }) => (
  <label>
    {o.label}
    <select name={o.name}>
      {o.all !== undefined && <option value="">{o.all}</option>}
      {o.options.map((x) => (
        <option value={x.value} selected={x.value === o.value}>
          {x.label}
        </option>
      ))}
    </select>
  </label>
);

const semesters = (l: Locale, form: FilterForm): Option[] => {
  const year = Number(form.year) || new Date().getUTCFullYear();
  return [year, year - 1].flatMap((y) => [
    { value: `${y}-2`, label: rw(l, "semester2", { year: y }) },
    { value: `${y}-1`, label: rw(l, "semester1", { year: y }) },
  ]);
};

/** Only the inputs of the chosen kind of period are shown (CSS :has on the select; no script needed). */
export const FilterPanel = (o: { l: Locale; form: FilterForm; services: Option[]; operators: Option[] }) => {
  const { l, form } = o;
  const kinds = (["month", "semester", "year", "custom"] as const).map((k) => ({
    value: k,
    label: rw(l, `period_${k}`),
  }));
  return (
    <form
      id="report-filters"
      class="card report-filters row-form"
      method="get"
      action="/desk/reports"
      hx-get="/desk/reports"
      hx-target="#report"
      hx-select="#report"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="change, submit"
      aria-label={rw(l, "filters")}
    >
      <Select name="period" label={rw(l, "period")} value={form.period} options={kinds} />
      <label class="when-month">
        {rw(l, "month")}
        <input type="month" name="month" value={form.month} />
      </label>
      <span class="when-semester">
        <Select
          name="semester"
          label={rw(l, "semester")}
          value={form.semester}
          options={semesters(l, form)}
        />
      </span>
      <label class="when-year">
        {rw(l, "year")}
        <input type="number" name="year" min={2000} max={2100} value={form.year} />
      </label>
      <label class="when-custom">
        {rw(l, "from")}
        <input type="date" name="from" value={form.from} />
      </label>
      <label class="when-custom">
        {rw(l, "to")}
        <input type="date" name="to" value={form.to} />
      </label>
      <Select
        name="service"
        label={rw(l, "service")}
        value={form.service}
        options={o.services}
        all={rw(l, "all")}
      />
      <Select
        name="operator"
        label={rw(l, "operator")}
        value={form.operator}
        options={o.operators}
        all={rw(l, "all")}
      />
      <button type="submit" class="primary">
        {rw(l, "show")}
      </button>
    </form>
  );
};
