/**
 * What a supervisor's page reads: SLA breaches and complaints of their services, the operators who may take
 * them over, and the current SIAK outage. Complaints that name no application are office-wide.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../../platform/db/client.ts";
import { rows, textArray } from "../../../platform/db/client.ts";
import { OPEN_STATUSES } from "../../applications/lifecycle.ts";
import type { FieldKeys } from "../../shared/field-crypto.ts";
import { openText, openTextOrNull, SEALED } from "../../shared/sealed.ts";

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

export type ComplaintRow = {
  id: string;
  tracking_number: string;
  category: string;
  description: string;
  confidential: boolean;
  status: string;
  flagged_to_supervisor: boolean;
  assigned_to: string | null;
  holder_name: string | null;
  service_code: string | null;
  application_tracking: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  received_at: Date;
  verification_due_at: Date;
  follow_up_due_at: Date | null;
  auto_close_at: Date | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  close_reason: string | null;
  referred_to: string | null;
  answer: string | null;
  lapor_reference: string | null;
};

const COMPLAINT_COLUMNS = sql`p.id, p.tracking_number, p.category, p.description, p.confidential, p.status,
  p.flagged_to_supervisor, p.assigned_to, o.display_name AS holder_name, a.service_code,
  a.tracking_number AS application_tracking, ct.profile_name AS reporter_name, ct.wa_id AS reporter_phone,
  p.received_at, p.verification_due_at, p.follow_up_due_at, p.auto_close_at, p.escalated_at, p.closed_at,
  p.close_reason, p.referred_to, p.answer, p.lapor_reference`;

const complaintFrom = sql`complaints p
  LEFT JOIN applications a ON a.id = p.application_id
  LEFT JOIN operators o ON o.id = p.assigned_to
  JOIN contacts ct ON ct.id = p.contact_id`;

/** A complaint about an application belongs to its service; one about nothing in particular, to everyone. */
const complaintInScope = (s: Scope) =>
  sql`p.office_id = ${s.officeId} AND (a.id IS NULL OR a.service_code = ANY(${textArray(s.services)}))`;

const DATES = [
  "received_at",
  "verification_due_at",
  "follow_up_due_at",
  "auto_close_at",
  "escalated_at",
  "closed_at",
] as const;
/** Dates parsed, and the sealed columns (description, answer, the reporter's name) opened. */
const readable =
  (keys: FieldKeys) =>
  (r: ComplaintRow): ComplaintRow => {
    const out = { ...r } as Record<string, unknown>;
    for (const k of DATES) out[k] = r[k] ? new Date(r[k] as unknown as string) : null;
    return {
      ...(out as ComplaintRow),
      description: openText(keys, r.description, SEALED.complaintDescription),
      answer: openTextOrNull(keys, r.answer, SEALED.complaintAnswer),
      reporter_name: openTextOrNull(keys, r.reporter_name, SEALED.contactProfileName),
    };
  };

/** Open complaints of the supervisor's services and the office-wide ones; flagged ones first. */
export const listOpenComplaints = (tx: Tx, keys: FieldKeys, s: Scope): Promise<ComplaintRow[]> =>
  rows<ComplaintRow>(
    tx,
    sql`SELECT ${COMPLAINT_COLUMNS} FROM ${complaintFrom}
        WHERE ${complaintInScope(s)} AND p.status <> 'closed'
        ORDER BY p.flagged_to_supervisor DESC, p.received_at LIMIT 200`,
  ).then((list) => list.map(readable(keys)));

/** One complaint if it is in scope (any status), for the detail view and before every action. */
export const findScopedComplaint = async (
  tx: Tx,
  keys: FieldKeys,
  s: Scope,
  id: string,
): Promise<ComplaintRow | undefined> =>
  (
    await rows<ComplaintRow>(
      tx,
      sql`SELECT ${COMPLAINT_COLUMNS} FROM ${complaintFrom} WHERE ${complaintInScope(s)} AND p.id = ${id}`,
    )
  ).map(readable(keys))[0];

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
