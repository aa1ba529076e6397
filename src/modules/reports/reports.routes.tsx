/**
 * /desk/reports and its exports (CSV, XLSX, PDF) for admins, supervisors and viewers (403 for operators).
 * A filter the page cannot use is a 400 with the reason, never a crash. Every export is audited, even
 * though the report holds no citizen's data: who took which copy of the office's figures, with which filter.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Tx } from "../../platform/db/client.ts";
import { recordAudit } from "../audit/audit.service.ts";
import type { DeskDeps, DeskUser } from "../desk/context.ts";
import { forbidden, sendError } from "../desk/errors.tsx";
import { sendFragment, sendPage } from "../desk/respond.ts";
import { userOf } from "../desk/session.ts";
import { retentionPolicy } from "../retention/retention.service.ts";
import { listCounterFigures } from "./counter-figures.ts";
import { reportCsv } from "./export.csv.ts";
import { reportXlsx } from "./export.xlsx.ts";
import { type FilterForm, filterQuery, isDay, isMonth, monthsOf } from "./report.filter.ts";
import { renderReportPdf } from "./report.pdf.ts";
import { loadQualityReport } from "./report.service.ts";
import type { QualityReport } from "./report.types.ts";
import {
  canEnterCounterFigures,
  canImportSurveys,
  canReadReports,
  type FilterChoices,
  filterChoices,
  filterFields,
  filterText,
  readFilter,
} from "./reports.context.ts";
import { reportInputRoutes } from "./reports.inputs.routes.tsx";
import { CounterPanel, IkmImportPanel } from "./reports.inputs.views.tsx";
import { FilterError, type Message, ReportBody, ReportsPage } from "./reports.views.tsx";
import { type ReportWord, rw } from "./reports.words.ts";

type Query = Record<string, string | undefined>;

/** The day a paper survey is filed under by default: today when it lies in the period, else its last day. */
const defaultSurveyDay = (form: FilterForm, today: string) =>
  isDay(form.from) && isDay(form.to) && form.from <= today && today <= form.to ? today : form.to || today;

const doneMessage = (user: DeskUser, q: Query): Message | undefined => {
  const l = user.locale;
  if (q.done === "imported" && /^\d{1,7}$/.test(q.n ?? "") && isDay(q.day ?? ""))
    return { kind: "ok", text: rw(l, "imported", { n: q.n!, day: q.day! }) };
  if (q.done === "counter" && isMonth(q.cmonth ?? ""))
    return { kind: "ok", text: rw(l, "counterSaved", { month: q.cmonth! }) };
  return undefined;
};

export const reportRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.addHook("preHandler", async (req) => {
    if (!canReadReports(userOf(req))) throw forbidden();
  });
  const db = deps.database.db;
  const now = () => deps.citizen.now();
  // The same retention the storage page and the purge job use, so "past retention" means the same thing.
  const retention = retentionPolicy(deps.citizen.catalogue, deps.retentionDays ?? 30, deps.retentionUnlinked);
  // Not in a transaction: on the embedded database one would hold its only connection for the whole report,
  // so webhooks and the desk would wait for it; between statements they get their turn. (A READ COMMITTED
  // transaction gave no single snapshot on PostgreSQL either.)
  const load = (tx: Tx, filter: QualityReport["filter"]) =>
    loadQualityReport(tx, filter, { now: now(), retention });

  const inputs = async (user: DeskUser, form: FilterForm, c: FilterChoices) => {
    const query = filterQuery(form);
    const counter = canEnterCounterFigures(user)
      ? await listCounterFigures(
          db,
          user.officeId,
          isDay(form.from) && isDay(form.to) ? monthsOf(form.from, form.to) : [],
        )
      : [];
    return (
      <>
        {canImportSurveys(user) && (
          <IkmImportPanel
            user={user}
            services={c.services}
            query={query}
            state={{ day: defaultSurveyDay(form, c.today), service: "" }}
          />
        )}
        {canEnterCounterFigures(user) && (
          <CounterPanel
            user={user}
            rows={counter}
            month={form.from.slice(0, 7) || c.today.slice(0, 7)}
            services={c.services}
            query={query}
          />
        )}
      </>
    );
  };

  app.get<{ Querystring: Query }>("/desk/reports", async (req, reply) => {
    const user = userOf(req);
    const l = user.locale;
    const c = await filterChoices(deps, user);
    const parsed = readFilter(user, filterFields(req.query), c);
    const status = parsed.ok ? 200 : 400;
    const body = parsed.ok ? (
      <ReportBody l={l} report={await load(db, parsed.filter)} form={parsed.form} />
    ) : (
      <FilterError l={l} refusal={parsed.refusal} />
    );
    // A filter change swaps only the report; the filter form and the data entry stay as they are.
    if (req.headers["hx-request"] === "true" && req.headers["hx-target"] === "report")
      return sendFragment(reply, body, status);
    return sendPage(
      reply,
      <ReportsPage
        user={user}
        deps={deps}
        form={parsed.form}
        services={c.services}
        operators={c.operators}
        body={body}
        inputs={await inputs(user, parsed.form, c)}
        message={doneMessage(user, req.query)}
      />,
      status,
    );
  });

  type Format = { name: "csv" | "xlsx" | "pdf"; type: string; render: Render };
  type Render = (r: QualityReport, user: DeskUser, c: FilterChoices) => Promise<Buffer | string>;

  const exportRoute = (path: string, format: Format) =>
    app.get<{ Querystring: Query }>(
      path,
      async (req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
        const user = userOf(req);
        const c = await filterChoices(deps, user);
        const parsed = readFilter(user, filterFields(req.query), c);
        if (!parsed.ok)
          return sendError(
            req,
            reply,
            400,
            `${rw(user.locale, "filterError")} ${rw(user.locale, parsed.refusal.code as ReportWord, parsed.refusal.vars)}`,
          );
        const { filter } = parsed;
        const report = await load(db, filter);
        await db.transaction(async (tx) => {
          await recordAudit(tx, {
            officeId: user.officeId,
            actorId: user.id,
            action: "report.export",
            subjectType: "report",
            details: {
              format: format.name,
              from: filter.from,
              to: filter.to,
              serviceCode: filter.serviceCode ?? null,
              operatorId: filter.operatorId ?? null,
            },
            ip: req.ip,
            at: now(),
          });
        });
        const file = `laporan-layanan-${filter.from}_${filter.to}.${format.name}`;
        return reply
          .code(200)
          .type(format.type)
          .header("content-disposition", `attachment; filename="${file}"`)
          .header("cache-control", "no-store")
          .header("x-content-type-options", "nosniff")
          .send(await format.render(report, user, c));
      },
    );

  const officeName = (user: DeskUser) => deps.citizen.catalogue.office.name[user.locale];
  const filterLine = (r: QualityReport, user: DeskUser, c: FilterChoices) =>
    filterText(user.locale, c, r.filter.serviceCode, r.filter.operatorId);

  exportRoute("/desk/reports/export.csv", {
    name: "csv",
    type: "text/csv; charset=utf-8",
    render: async (r, user) => reportCsv(r, user.locale),
  });
  exportRoute("/desk/reports/export.xlsx", {
    name: "xlsx",
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    render: (r, user, c) =>
      reportXlsx(r, user.locale, { officeName: officeName(user), filterText: filterLine(r, user, c) }),
  });
  exportRoute("/desk/reports/report.pdf", {
    name: "pdf",
    type: "application/pdf",
    render: (r, user, c) =>
      renderReportPdf(r, user.locale, {
        officeName: officeName(user),
        filterText: filterLine(r, user, c),
        printedBy: user.displayName,
        createdAt: now(),
      }),
  });

  await app.register(reportInputRoutes(deps));
};
