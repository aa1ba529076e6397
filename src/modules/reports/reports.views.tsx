/**
 * /desk/reports: the filter form, then the report (swapped by htmx when a filter changes), then the data
 * entry panels for those allowed. Every figure is printed with its formula and what it was computed from.
 */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { DeskDeps, DeskUser, Locale } from "../desk/context.ts";
import { DeskPage, Notice } from "../desk/layout.tsx";
import { formatDateTime } from "../desk/words.ts";
import { type ChartSpec, chartSvg, reportCharts } from "./charts.ts";
import { formatNumber } from "./format.ts";
import {
  type Dimension,
  dimensionName,
  elementName,
  type Figure,
  figureBasis,
  figureFormula,
  figureName,
  figureText,
  reportFigures,
} from "./report.figures.ts";
import { type FilterForm, type FilterRefusal, filterQuery } from "./report.filter.ts";
import type { QualityReport } from "./report.types.ts";
import { EsqualSectionView } from "./reports.esqual.views.tsx";
import { FilterPanel, type Option } from "./reports.filters.views.tsx";
import { type ReportWord, rw } from "./reports.words.ts";

export type Message = { kind: "ok" | "error"; text: string };

const Value = ({ l, f }: { l: Locale; f: Figure }) => {
  const text = figureText(l, f);
  return text === null ? <span class="no-data">{rw(l, "noData")}</span> : <strong>{text}</strong>;
};

const Target = ({ l, pass }: { l: Locale; pass: boolean | null | undefined }) =>
  pass === undefined ? null : pass === null ? (
    <span class="muted">—</span>
  ) : (
    <span class={`badge ${pass ? "ok" : "bad"}`}>{rw(l, pass ? "pass" : "fail")}</span>
  );

export const FigureTable = ({ l, figures, caption }: { l: Locale; figures: Figure[]; caption: string }) => {
  const targets = figures.some((f) => f.pass !== undefined);
  return (
    <table class="figures">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{rw(l, "colMetric")}</th>
          <th scope="col">{rw(l, "colValue")}</th>
          {targets && <th scope="col">{rw(l, "colTarget")}</th>}
          <th scope="col">{rw(l, "colFormula")}</th>
          <th scope="col">{rw(l, "colBasis")}</th>
        </tr>
      </thead>
      <tbody>
        {figures.map((f) => (
          <tr data-metric={f.stat ? `${f.metric}.${f.stat}` : f.metric}>
            <th scope="row">{figureName(l, f)}</th>
            <td class="value">
              <Value l={l} f={f} />
            </td>
            {targets && (
              <td>
                <Target l={l} pass={f.pass} />
              </td>
            )}
            <td class="formula">{figureFormula(l, f)}</td>
            <td class="basis">{figureBasis(l, f)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

export const Chart = ({ l, spec }: { l: Locale; spec: ChartSpec }) => (
  <figure class="chart" data-chart={spec.id}>
    <figcaption>{spec.title}</figcaption>
    {spec.empty ? <p class="no-data">{rw(l, "chartEmpty")}</p> : raw(chartSvg(spec))}
  </figure>
);

const Section = (o: { l: Locale; d: Dimension; children: Child }) => (
  <section class="card manage-section report-section" aria-labelledby={`dim-${o.d}`} data-dimension={o.d}>
    <h2 id={`dim-${o.d}`}>{dimensionName(o.l, o.d)}</h2>
    {o.children}
  </section>
);

const OperatorTable = ({ l, report }: { l: Locale; report: QualityReport }) =>
  report.privacy.byOperator.length === 0 ? null : (
    <table class="figures">
      <caption>{rw(l, "operatorsHeading")}</caption>
      <thead>
        <tr>
          <th scope="col">{rw(l, "colOperator")}</th>
          <th scope="col">{rw(l, "colDocumentViews")}</th>
          <th scope="col">{rw(l, "colNikReveals")}</th>
        </tr>
      </thead>
      <tbody>
        {report.privacy.byOperator.map((o) => (
          <tr>
            <th scope="row">{o.name}</th>
            <td>{formatNumber(l, o.documentViews)}</td>
            <td>{formatNumber(l, o.nikReveals)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

export const IkmElementTable = ({ l, report }: { l: Locale; report: QualityReport }) => (
  <table class="figures ikm-elements">
    <caption>{rw(l, "ikmHeading")}</caption>
    <thead>
      <tr>
        <th scope="col">{rw(l, "colElement")}</th>
        <th scope="col">{rw(l, "colRespondents")}</th>
        <th scope="col">{rw(l, "colAverage")}</th>
      </tr>
    </thead>
    <tbody>
      {report.ikm.elements.map((e) => (
        <tr>
          <th scope="row">
            {e.code} {elementName(l, e)}
          </th>
          <td>{formatNumber(l, e.answered)}</td>
          <td>
            {e.average === null ? (
              <span class="no-data">{rw(l, "noData")}</span>
            ) : (
              formatNumber(l, e.average, 2)
            )}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

const CHART_OF: Partial<Record<Dimension, ChartSpec["id"][]>> = {
  fulfilment: ["daily"],
  availability: ["failed"],
  reach: ["newCitizens"],
  ikm: ["ikm"],
};

/** The report itself: period, exports, one section per dimension. */
export const ReportBody = (o: { l: Locale; report: QualityReport; form: FilterForm }) => {
  const { l, report } = o;
  const figures = reportFigures(report, l);
  const charts = reportCharts(report, l);
  const query = filterQuery(o.form);
  const of = (d: Dimension) =>
    figures.filter(
      (f) =>
        f.dimension === d &&
        f.metric !== "documentViews" &&
        f.metric !== "nikReveals" &&
        f.metric !== "ikmElement",
    );
  return (
    <div id="report" aria-live="polite">
      <p class="report-period">
        <strong>{rw(l, "showing", { from: report.filter.from, to: report.filter.to })}</strong>{" "}
        <span class="muted">
          {rw(l, "generated", { at: formatDateTime(new Date(report.generatedAt), l) })}
        </span>
      </p>
      <nav class="card report-exports" aria-label={rw(l, "exports")}>
        <span>{rw(l, "exports")}:</span>
        <a href={`/desk/reports/export.csv?${query}`} download>
          {rw(l, "csv")}
        </a>
        <a href={`/desk/reports/export.xlsx?${query}`} download>
          {rw(l, "xlsx")}
        </a>
        <a href={`/desk/reports/report.pdf?${query}`} download>
          {rw(l, "pdf")}
        </a>
      </nav>
      {(["efficiency", "fulfilment", "availability", "privacy", "reach", "ikm"] as const).map((d) => (
        <Section l={l} d={d}>
          {d === "ikm" && <IkmElementTable l={l} report={report} />}
          <FigureTable l={l} figures={of(d)} caption={dimensionName(l, d)} />
          {d === "privacy" && <p class="muted">{rw(l, "targetsNote")}</p>}
          {d === "privacy" && <OperatorTable l={l} report={report} />}
          {(CHART_OF[d] ?? []).map((id) => (
            <Chart l={l} spec={charts.find((c) => c.id === id)!} />
          ))}
        </Section>
      ))}
      <EsqualSectionView l={l} report={report} />
    </div>
  );
};

export const FilterError = ({ l, refusal }: { l: Locale; refusal: FilterRefusal }) => (
  <div id="report">
    <Notice kind="error">
      {rw(l, "filterError")} {rw(l, refusal.code as ReportWord, refusal.vars)}
    </Notice>
  </div>
);

export const ReportsPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  form: FilterForm;
  services: Option[];
  operators: Option[];
  body: Child;
  inputs: Child;
  message?: Message;
}) => {
  const l = o.user.locale;
  return (
    <DeskPage
      user={o.user}
      title={rw(l, "title")}
      officeName={o.deps.citizen.catalogue.office.name[l]}
      active="reports"
    >
      <div class="manage reports">
        <h1>{rw(l, "title")}</h1>
        {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
        <FilterPanel l={l} form={o.form} services={o.services} operators={o.operators} />
        {o.body}
        {o.inputs}
      </div>
    </DeskPage>
  );
};
