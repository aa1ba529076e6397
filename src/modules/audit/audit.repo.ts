/** Searching the audit trail (the admin's Audit page and its CSV export). */

import { and, desc, eq, gte, like, lt, or, type SQL } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { auditLog, operators } from "../../platform/db/schema/index.ts";
import { isUuid } from "../shared/uuid.ts";

export type AuditFilters = {
  /** Office days (WITA), inclusive: YYYY-MM-DD. */
  from?: string;
  to?: string;
  actorId?: string;
  /** An action or its prefix: "file." finds file.view and file.download. */
  action?: string;
  /** A subject id, or a subject type (blob, application, operator …). */
  subject?: string;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const startOfWitaDay = (day: string) => new Date(`${day}T00:00:00+08:00`);

const conditions = (officeId: string, f: AuditFilters): SQL[] => {
  const where: SQL[] = [eq(auditLog.officeId, officeId)];
  if (f.from && DAY.test(f.from)) where.push(gte(auditLog.at, startOfWitaDay(f.from)));
  if (f.to && DAY.test(f.to))
    where.push(lt(auditLog.at, new Date(startOfWitaDay(f.to).getTime() + 86_400_000)));
  if (f.actorId && isUuid(f.actorId)) where.push(eq(auditLog.actorId, f.actorId));
  if (f.action) where.push(like(auditLog.action, `${f.action.replace(/[\\%_]/g, "\\$&")}%`));
  if (f.subject) where.push(or(eq(auditLog.subjectId, f.subject), eq(auditLog.subjectType, f.subject))!);
  return where;
};

/** Newest first; the actor's username and name beside each row (null for the system). */
export const searchAudit = (
  tx: Tx,
  o: { officeId: string; filters: AuditFilters; limit: number; offset?: number },
) =>
  tx
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorUsername: operators.username,
      actorName: operators.displayName,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(operators, eq(operators.id, auditLog.actorId))
    .where(and(...conditions(o.officeId, o.filters)))
    .orderBy(desc(auditLog.id))
    .limit(o.limit)
    .offset(o.offset ?? 0);

export type AuditRow = Awaited<ReturnType<typeof searchAudit>>[number];

/** Everyone who may appear as an actor, for the filter. */
export const officeStaff = (tx: Tx, officeId: string) =>
  tx
    .select({ id: operators.id, username: operators.username, displayName: operators.displayName })
    .from(operators)
    .where(eq(operators.officeId, officeId))
    .orderBy(operators.username);
