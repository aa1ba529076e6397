/**
 * What a supervisor's page reads: SLA breaches of their services, the operators who may take them over, and
 * the current SIAK outage. Complaints are read through complaints/complaint-desk.repo.ts.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../../platform/db/client.ts";
import { rows, textArray } from "../../../platform/db/client.ts";
import { OPEN_STATUSES } from "../../applications/lifecycle.ts";

export type Scope = { officeId: string; services: string[] };

export type BreachRow = {
  id: string;
  tracking_number: string | null;
  service_code: string;
  variant_code: string | null;
  status: string;
  flags: string[];
  due_at: Date | null;
  assigned_to: string | null;
  holder_name: string | null;
};

/** Open applications flagged breached or at risk, breached first, then the earliest due. */
export const listBreaches = (tx: Tx, s: Scope): Promise<BreachRow[]> =>
  rows<BreachRow>(
    tx,
    sql`SELECT a.id, a.tracking_number, a.service_code, a.variant_code, a.status, a.flags, a.due_at,
               a.assigned_to, o.display_name AS holder_name
        FROM applications a LEFT JOIN operators o ON o.id = a.assigned_to
        WHERE a.office_id = ${s.officeId} AND a.service_code = ANY(${textArray(s.services)})
          AND a.status = ANY(${textArray(OPEN_STATUSES)})
          AND a.flags && ${textArray(["sla_breached", "sla_at_risk"])}
        ORDER BY ('sla_breached' = ANY(a.flags)) DESC, a.due_at NULLS LAST, a.tracking_number
        LIMIT 200`,
  ).then((list) => list.map((r) => ({ ...r, due_at: r.due_at ? new Date(r.due_at) : null })));

export type StaffOption = { id: string; display_name: string; username: string; service_code: string };

/** Active operators and supervisors serving each of the services: who may be handed an application. */
export const listServiceStaff = (tx: Tx, s: Scope): Promise<StaffOption[]> =>
  rows<StaffOption>(
    tx,
    sql`SELECT o.id, o.display_name, o.username, os.service_code
        FROM operators o JOIN operator_services os ON os.operator_id = o.id
        WHERE o.office_id = ${s.officeId} AND o.active AND o.role IN ('operator', 'supervisor')
          AND os.service_code = ANY(${textArray(s.services)})
        ORDER BY o.display_name, o.username`,
  );

/** Whether `operatorId` is an active operator (or supervisor) of the office serving `serviceCode`. */
export const servesService = async (tx: Tx, officeId: string, operatorId: string, serviceCode: string) =>
  (
    await rows<{ ok: number }>(
      tx,
      sql`SELECT 1 AS ok FROM operators o JOIN operator_services os ON os.operator_id = o.id
          WHERE o.id = ${operatorId} AND o.office_id = ${officeId} AND o.active
            AND o.role IN ('operator', 'supervisor') AND os.service_code = ${serviceCode}`,
    )
  ).length > 0;

/** Staff of the office who may hold an office-wide complaint (any active operator or supervisor). */
export const listOfficeStaff = (tx: Tx, officeId: string) =>
  rows<{ id: string; display_name: string; username: string }>(
    tx,
    sql`SELECT o.id, o.display_name, o.username FROM operators o
        WHERE o.office_id = ${officeId} AND o.active AND o.role IN ('operator', 'supervisor')
        ORDER BY o.display_name, o.username`,
  );

export type OutageRow = {
  id: string;
  started_at: Date;
  note: string | null;
  declared_by_name: string | null;
};

export const findOpenOutage = async (tx: Tx, officeId: string): Promise<OutageRow | undefined> =>
  (
    await rows<OutageRow>(
      tx,
      sql`SELECT s.id, s.started_at, s.note, o.display_name AS declared_by_name
          FROM siak_outages s LEFT JOIN operators o ON o.id = s.declared_by
          WHERE s.office_id = ${officeId} AND s.ended_at IS NULL`,
    )
  ).map((r) => ({ ...r, started_at: new Date(r.started_at) }))[0];
