/**
 * The report's data entry: the paper-survey import (admins and supervisors) and the monthly counter figures
 * (admins). The import goes through htmx (multipart with the CSRF header); its refusals list every problem.
 */
import type { DeskUser, Locale } from "../desk/context.ts";
import { Notice } from "../desk/layout.tsx";
import type { CounterFigureRow } from "./counter-figures.ts";
import { formatNumber } from "./format.ts";
import type { Option } from "./reports.filters.views.tsx";
import { rw } from "./reports.words.ts";

export type ImportState = {
  day: string;
  service: string;
  /** Every problem of a refused file, already in the person's language. */
  errors?: string[];
  omitted?: number;
};

const ServiceSelect = (o: { l: Locale; name: string; label: string; value: string; services: Option[] }) => (
  <label>
    {o.label}
    <select name={o.name}>
      <option value="">—</option>
      {o.services.map((s) => (
        <option value={s.value} selected={s.value === o.value}>
          {s.label}
        </option>
      ))}
    </select>
  </label>
);

export const IkmImportPanel = (o: {
  user: DeskUser;
  state: ImportState;
  services: Option[];
  query: string;
}) => {
  const l = o.user.locale;
  return (
    <section id="ikm-import" class="card manage-section" aria-labelledby="ikm-import-h">
      <h2 id="ikm-import-h">{rw(l, "importHeading")}</h2>
      <p class="muted">{rw(l, "importHelp")}</p>
      {o.state.errors && (
        <div class="notice error" role="alert">
          <p>{rw(l, "importFailed")}</p>
          <ul class="import-errors">
            {o.state.errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
          {(o.state.omitted ?? 0) > 0 && <p>{rw(l, "importOmitted", { n: o.state.omitted ?? 0 })}</p>}
        </div>
      )}
      <form
        class="row-form"
        method="post"
        action={`/desk/reports/ikm-import?${o.query}`}
        enctype="multipart/form-data"
        hx-post={`/desk/reports/ikm-import?${o.query}`}
        hx-encoding="multipart/form-data"
        hx-target="#ikm-import"
        hx-swap="outerHTML"
        hx-include="#report-filters"
      >
        <label>
          {rw(l, "importFile")}
          <input type="file" name="file" accept=".csv,text/csv" required />
        </label>
        <label>
          {rw(l, "importDay")}
          <input type="date" name="surveyDay" value={o.state.day} required />
        </label>
        <ServiceSelect
          l={l}
          name="surveyService"
          label={rw(l, "importService")}
          value={o.state.service}
          services={o.services}
        />
        <button type="submit" class="primary">
          {rw(l, "importSubmit")}
        </button>
      </form>
    </section>
  );
};

export const CounterPanel = (o: {
  user: DeskUser;
  rows: CounterFigureRow[];
  month: string;
  services: Option[];
  query: string;
}) => {
  const l = o.user.locale;
  const serviceLabel = (code: string) => o.services.find((s) => s.value === code)?.label ?? code;
  return (
    <section id="counter-figures" class="card manage-section" aria-labelledby="counter-h">
      <h2 id="counter-h">{rw(l, "counterHeading")}</h2>
      <p class="muted">{rw(l, "counterHelp")}</p>
      {o.rows.length === 0 ? (
        <Notice kind="empty">{rw(l, "counterNone")}</Notice>
      ) : (
        <table class="figures">
          <caption class="sr-only">{rw(l, "counterHeading")}</caption>
          <thead>
            <tr>
              <th scope="col">{rw(l, "colMonth")}</th>
              <th scope="col">{rw(l, "service")}</th>
              <th scope="col">{rw(l, "colApplications")}</th>
              <th scope="col">{rw(l, "colEnteredBy")}</th>
            </tr>
          </thead>
          <tbody>
            {o.rows.map((r) => (
              <tr>
                <td>{r.month}</td>
                <td>{r.serviceCode ? serviceLabel(r.serviceCode) : rw(l, "all")}</td>
                <td>{formatNumber(l, r.applications)}</td>
                <td>{r.enteredByName ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="row-form"
        method="post"
        action={`/desk/reports/counter?${o.query}`}
        hx-post="/desk/reports/counter"
        hx-include="#report-filters"
      >
        <input type="hidden" name="_csrf" value={o.user.csrfToken} />
        <label>
          {rw(l, "counterMonth")}
          <input type="month" name="counterMonth" value={o.month} required />
        </label>
        <ServiceSelect
          l={l}
          name="counterService"
          label={rw(l, "counterService")}
          value=""
          services={o.services}
        />
        <label>
          {rw(l, "counterApplications")}
          <input type="number" name="applications" min={0} max={1000000} step={1} required />
        </label>
        <button type="submit" class="primary">
          {rw(l, "counterSave")}
        </button>
      </form>
    </section>
  );
};
