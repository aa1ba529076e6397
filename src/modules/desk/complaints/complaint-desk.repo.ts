/**
 * What the desk reads of complaints, for supervisors and operators alike, always within the person's scope
 * (access.repo.ts complaintVisibleSql): the open ones with their current LAPOR! clock, and one in full with
 * its sealed columns opened.
 */

import { sql } from "drizzle-orm";
import type { Tx } from "../../../platform/db/client.ts";
import { rows } from "../../../platform/db/client.ts";
import type { ComplaintEvent } from "../../complaints/complaints.repo.ts";
import type { FieldKeys } from "../../shared/field-crypto.ts";
import { openText, openTextOrNull, SEALED } from "../../shared/sealed.ts";
import { isUuid } from "../../shared/uuid.ts";
import { type ComplaintScope, complaintVisibleSql } from "../access.repo.ts";
import { staffNames } from "../application.repo.ts";

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
  conversation_id: string | null;
  photo_blob_ids: string[];
  reporter_name: string | null;
  reporter_phone: string | null;
  received_at: Date;
  verification_due_at: Date;
  verified_at: Date | null;
  follow_up_due_at: Date | null;
  answered_at: Date | null;
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
  a.tracking_number AS application_tracking, p.conversation_id, p.photo_blob_ids::text[] AS photo_blob_ids,
  ct.profile_name AS reporter_name, ct.wa_id AS reporter_phone, p.received_at, p.verification_due_at,
  p.verified_at, p.follow_up_due_at, p.answered_at, p.auto_close_at, p.escalated_at, p.closed_at,
  p.close_reason, p.referred_to, p.answer, p.lapor_reference`;

const complaintFrom = sql`complaints p
  LEFT JOIN applications a ON a.id = p.application_id
  LEFT JOIN operators o ON o.id = p.assigned_to
  JOIN contacts ct ON ct.id = p.contact_id`;

const DATES = [
  "received_at",
  "verification_due_at",
  "verified_at",
  "follow_up_due_at",
  "answered_at",
  "auto_close_at",
  "escalated_at",
  "closed_at",
] as const;

// Raw statements bypass drizzle's column mapping, so timestamps arrive as text: make them Dates again.
const withDates = <T extends Partial<Record<(typeof DATES)[number], unknown>>>(r: T): T => {
  const out = { ...r } as Record<string, unknown>;
  for (const k of DATES) if (k in r) out[k] = r[k] ? new Date(r[k] as string) : null;
  return out as T;
};

/** Dates parsed, and the sealed columns (description, answer, the reporter's name) opened. */
const readable =
  (keys: FieldKeys) =>
  (r: ComplaintRow): ComplaintRow => ({
    ...withDates(r),
    photo_blob_ids: r.photo_blob_ids ?? [],
    description: openText(keys, r.description, SEALED.complaintDescription),
    answer: openTextOrNull(keys, r.answer, SEALED.complaintAnswer),
    reporter_name: openTextOrNull(keys, r.reporter_name, SEALED.contactProfileName),
  });

/** Open complaints of the supervisor's services and the office-wide ones; flagged ones first. */
export const listOpenComplaints = (tx: Tx, keys: FieldKeys, s: ComplaintScope): Promise<ComplaintRow[]> =>
  rows<ComplaintRow>(
    tx,
    sql`SELECT ${COMPLAINT_COLUMNS} FROM ${complaintFrom}
        WHERE ${complaintVisibleSql(s)} AND p.status <> 'closed'
        ORDER BY p.flagged_to_supervisor DESC, p.received_at LIMIT 200`,
  ).then((list) => list.map(readable(keys)));

/** One complaint if it is in scope (any status), for the detail view and before every action. */
export const findScopedComplaint = async (
  tx: Tx,
  keys: FieldKeys,
  s: ComplaintScope,
  id: string,
): Promise<ComplaintRow | undefined> =>
  (
    await rows<ComplaintRow>(
      tx,
      sql`SELECT ${COMPLAINT_COLUMNS} FROM ${complaintFrom} WHERE ${complaintVisibleSql(s)} AND p.id = ${id}`,
    )
  ).map(readable(keys))[0];

/**
 * The due time of the clock that runs in each stage: verification while received, follow-up while
 * verified, the reporter's reply window (auto-close) while answered. Only the first two can be overdue:
 * silence after an answer closes the complaint as settled.
 */
const DUE = sql`CASE p.status WHEN 'received' THEN p.verification_due_at
  WHEN 'verified' THEN p.follow_up_due_at WHEN 'answered' THEN p.auto_close_at END`;
const OVERDUE = (now: Date) =>
  sql`(p.status IN ('received', 'verified') AND ${DUE} < ${now.toISOString()}::timestamptz)`;

export type ComplaintWorkRow = {
  id: string;
  tracking_number: string;
  category: string;
  status: string;
  service_code: string | null;
  flagged_to_supervisor: boolean;
  assigned_to: string | null;
  holder_name: string | null;
  received_at: Date;
  due_at: Date | null;
  overdue: boolean;
  /** The last word is the reporter's (more information since the office's last step). */
  reporter_wrote: boolean | null;
};

/** The open complaints a person works on: overdue first, then by the due time of their current clock. */
export const listComplaintWork = (tx: Tx, s: ComplaintScope, now: Date): Promise<ComplaintWorkRow[]> =>
  rows<ComplaintWorkRow>(
    tx,
    sql`SELECT p.id, p.tracking_number, p.category, p.status, a.service_code, p.flagged_to_supervisor,
               p.assigned_to, o.display_name AS holder_name, p.received_at, ${DUE} AS due_at,
               ${OVERDUE(now)} AS overdue,
               (SELECT e.action = 'add_info' FROM complaint_events e WHERE e.complaint_id = p.id
                 ORDER BY e.at DESC, e.id DESC LIMIT 1) AS reporter_wrote
        FROM complaints p
        LEFT JOIN applications a ON a.id = p.application_id
        LEFT JOIN operators o ON o.id = p.assigned_to
        WHERE ${complaintVisibleSql(s)} AND p.status <> 'closed'
        ORDER BY ${OVERDUE(now)} DESC, ${DUE} ASC NULLS LAST, p.received_at
        LIMIT 200`,
  ).then((list) =>
    list.map((r) => ({
      ...r,
      received_at: new Date(r.received_at),
      due_at: r.due_at ? new Date(r.due_at) : null,
    })),
  );

/** For the queue navigation: complaints waiting for the office (received or verified), and how many are overdue. */
export const countComplaintWork = async (
  tx: Tx,
  s: ComplaintScope,
  now: Date,
): Promise<{ waiting: number; overdue: number }> => {
  const [counts] = await rows<{ waiting: number; overdue: number }>(
    tx,
    sql`SELECT count(*)::int AS waiting, count(*) FILTER (WHERE ${OVERDUE(now)})::int AS overdue
        FROM complaints p WHERE ${complaintVisibleSql(s)} AND p.status IN ('received', 'verified')`,
  );
  return counts ?? { waiting: 0, overdue: 0 };
};

/** Display names of the staff a complaint's history names: who acted, and who it was handed to. */
export const historyNames = (tx: Tx, officeId: string, events: ComplaintEvent[]) =>
  staffNames(
    tx,
    officeId,
    events
      .flatMap((e) => [e.actorId, e.action === "assign" ? e.note : null])
      .filter((id): id is string => id !== null && isUuid(id)),
  );
