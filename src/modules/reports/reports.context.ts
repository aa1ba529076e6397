/**
 * What the report routes share: who may do what, the choices of the filter form (catalogue services,
 * the office's officers), the office's today, and the filter read from a query or a posted form.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { operators } from "../../platform/db/schema/index.ts";
import type { DeskDeps, DeskUser, Locale } from "../desk/context.ts";
import { serviceName } from "../desk/labels.ts";
import { type FilterQuery, type ParsedFilter, parseReportFilter } from "./report.filter.ts";
import type { Option } from "./reports.filters.views.tsx";
import { rw } from "./reports.words.ts";
import { dayIn } from "./rollup-metrics.ts";

/** The head of office reads reports as a viewer; supervisors and admins too. Operators do not. */
export const canReadReports = (u: DeskUser) =>
  u.role === "admin" || u.role === "supervisor" || u.role === "viewer";
export const canImportSurveys = (u: DeskUser) => u.role === "admin" || u.role === "supervisor";
export const canEnterCounterFigures = (u: DeskUser) => u.role === "admin";

export const officeToday = (deps: DeskDeps) =>
  dayIn(deps.citizen.catalogue.office.timezone, deps.citizen.now());

/** Services that take applications, as the catalogue names them. */
export const serviceOptions = (deps: DeskDeps, l: Locale): Option[] =>
  deps.citizen.catalogue.services
    .filter((s) => s.kind === "application")
    .map((s) => ({ value: s.code, label: serviceName(deps.citizen.catalogue, l, s.code) }));

/** Officers whose work the report can be narrowed to: those who act on applications. */
export const operatorOptions = async (tx: Tx, officeId: string): Promise<Option[]> =>
  (
    await tx
      .select({ id: operators.id, name: operators.displayName })
      .from(operators)
      .where(and(eq(operators.officeId, officeId), inArray(operators.role, ["operator", "supervisor"])))
      .orderBy(asc(operators.displayName))
  ).map((o) => ({ value: o.id, label: o.name }));

export type FilterChoices = { services: Option[]; operators: Option[]; today: string };

export const filterChoices = async (deps: DeskDeps, user: DeskUser): Promise<FilterChoices> => ({
  services: serviceOptions(deps, user.locale),
  operators: await operatorOptions(deps.database.db, user.officeId),
  today: officeToday(deps),
});

export const readFilter = (user: DeskUser, q: FilterQuery, c: FilterChoices): ParsedFilter =>
  parseReportFilter(q, {
    officeId: user.officeId,
    today: c.today,
    serviceCodes: c.services.map((s) => s.value),
    operatorIds: c.operators.map((o) => o.value),
  });

/** "Layanan: KIA · Petugas: Semua" for the exports' headings. */
export const filterText = (l: Locale, c: FilterChoices, serviceCode?: string, operatorId?: string) => {
  const label = (options: Option[], value?: string) =>
    value ? (options.find((o) => o.value === value)?.label ?? value) : rw(l, "all");
  return `${rw(l, "service")}: ${label(c.services, serviceCode)} · ${rw(l, "operator")}: ${label(c.operators, operatorId)}`;
};

/** The filter fields of a query or a posted form, as strings (anything else is ignored). */
export const filterFields = (source: unknown): FilterQuery => {
  const out: FilterQuery = {};
  if (!source || typeof source !== "object") return out;
  for (const key of ["period", "month", "semester", "year", "from", "to", "service", "operator"] as const) {
    const value = (source as Record<string, unknown>)[key];
    if (typeof value === "string") out[key] = value;
  }
  return out;
};
