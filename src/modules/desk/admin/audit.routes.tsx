/** Admin › Audit: search the trail, page through it, export it as CSV (the export is itself audited). */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AUDIT_CSV_HEADER, auditCsvRow, csvRow } from "../../audit/audit.csv.ts";
import { type AuditFilters, officeStaff, searchAudit } from "../../audit/audit.repo.ts";
import { recordAudit } from "../../audit/audit.service.ts";
import type { DeskDeps } from "../context.ts";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { AuditPage } from "./audit.views.tsx";

const PAGE_SIZE = 50;
const EXPORT_MAX = 100_000;

type Query = { from?: string; to?: string; actor?: string; action?: string; subject?: string; page?: string };

const filtersOf = (req: FastifyRequest<{ Querystring: Query }>): AuditFilters => {
  const q = req.query;
  const clean = (v: string | undefined, max: number) => (v?.trim() ? v.trim().slice(0, max) : undefined);
  return {
    from: clean(q.from, 10),
    to: clean(q.to, 10),
    actorId: clean(q.actor, 36),
    action: clean(q.action, 60),
    subject: clean(q.subject, 100),
  };
};

export const auditRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.get<{ Querystring: Query }>("/desk/admin/audit", async (req, reply) => {
    const user = userOf(req);
    const filters = filtersOf(req);
    const page = Math.max(1, Math.min(100_000, Number.parseInt(req.query.page ?? "1", 10) || 1));
    const db = deps.database.db;
    const found = await searchAudit(db, {
      officeId: user.officeId,
      filters,
      limit: PAGE_SIZE + 1,
      offset: (page - 1) * PAGE_SIZE,
    });
    const staff = await officeStaff(db, user.officeId);
    return sendPage(
      reply,
      <AuditPage
        user={user}
        deps={deps}
        filters={filters}
        staff={staff}
        rows={found.slice(0, PAGE_SIZE)}
        page={page}
        hasOlder={found.length > PAGE_SIZE}
      />,
    );
  });

  app.get<{ Querystring: Query }>("/desk/admin/audit.csv", async (req, reply) => {
    const user = userOf(req);
    const filters = filtersOf(req);
    const found = await deps.database.db.transaction(async (tx) => {
      const rows = await searchAudit(tx, { officeId: user.officeId, filters, limit: EXPORT_MAX });
      // Recorded with the export: who took a copy of the trail, with which filters, how many rows.
      await recordAudit(tx, {
        officeId: user.officeId,
        actorId: user.id,
        action: "audit.export",
        details: { filters, rows: rows.length },
        ip: req.ip,
        at: deps.citizen.now(),
      });
      return rows;
    });
    const day = deps.citizen.now().toISOString().slice(0, 10);
    return reply
      .code(200)
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="audit-${day}.csv"`)
      .header("cache-control", "no-store")
      .header("x-content-type-options", "nosniff")
      .send(csvRow(AUDIT_CSV_HEADER) + found.map(auditCsvRow).join(""));
  });
};
