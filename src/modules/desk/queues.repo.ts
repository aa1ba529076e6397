/** Queue queries: counts per queue and the rows of one queue, limited to the operator's services. */
import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { rows, textArray } from "../../platform/db/client.ts";
import { OPEN_STATUSES } from "../applications/lifecycle.ts";
import { openProfileName } from "../messaging/messaging.repo.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import type { QueueKey } from "./queues.ts";

export type QueueScope = { officeId: string; operatorId: string; services: string[]; todayStart: Date };

const openList = sql.join(
  OPEN_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);

/** The SQL condition of each application queue (chats are conversations, counted apart). */
const QUEUE_WHERE = (s: QueueScope): Record<Exclude<QueueKey, "chats">, SQL> => ({
  new: sql`a.status = 'submitted' AND a.assigned_to IS NULL`,
  mine: sql`a.status IN ('submitted', 'in_review', 'processing') AND a.assigned_to = ${s.operatorId}`,
  others: sql`a.status IN ('in_review', 'processing') AND a.assigned_to IS DISTINCT FROM ${s.operatorId} AND (a.assigned_to IS NOT NULL OR a.status <> 'submitted')`,
  waiting: sql`a.status = 'needs_revision'`,
  processing: sql`a.status = 'processing'`,
  at_risk: sql`a.status IN (${openList}) AND 'sla_at_risk' = ANY(a.flags) AND NOT 'sla_breached' = ANY(a.flags)`,
  breached: sql`a.status IN (${openList}) AND 'sla_breached' = ANY(a.flags)`,
  done_today: sql`a.status IN ('completed', 'rejected') AND a.closed_at >= ${s.todayStart.toISOString()}`,
});

const inScope = (s: QueueScope) =>
  sql`a.office_id = ${s.officeId} AND a.service_code = ANY(${textArray(s.services)})`;

/** Conversations where the citizen asked for a person, in one of the operator's services (or any). */
const chatWhere = (s: QueueScope) =>
  sql`c.office_id = ${s.officeId} AND c.handover_at IS NOT NULL AND (c.handover_service IS NULL OR c.handover_service = ANY(${textArray(s.services)}))`;

// Raw statements bypass drizzle's column mapping, so timestamps arrive as text: make them Dates again.
const dateOrNull = (v: Date | string | null) => (v ? new Date(v) : null);

export const countQueues = async (tx: Tx, s: QueueScope): Promise<Record<QueueKey, number>> => {
  const where = QUEUE_WHERE(s);
  const filters = sql.join(
    Object.entries(where).map(
      ([key, cond]) => sql`count(*) FILTER (WHERE ${cond})::int AS ${sql.identifier(key)}`,
    ),
    sql`, `,
  );
  const [counts] = await rows<Record<string, number>>(
    tx,
    sql`SELECT ${filters} FROM applications a WHERE ${inScope(s)}`,
  );
  const [chats] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM conversations c WHERE ${chatWhere(s)}`,
  );
  return { ...(counts as Record<Exclude<QueueKey, "chats">, number>), chats: chats?.n ?? 0 };
};

export type QueueRow = {
  id: string;
  tracking_number: string | null;
  service_code: string;
  variant_code: string | null;
  status: string;
  flags: string[];
  applicant_name: string | null;
  subject_nik_encrypted: string | null;
  due_at: Date | null;
  submitted_at: Date | null;
  assigned_to: string | null;
  assignee_name: string | null;
  updated_at: Date;
};

export const listQueue = (
  tx: Tx,
  s: QueueScope,
  o: {
    queue: Exclude<QueueKey, "chats">;
    service?: string;
    status?: string;
    dateRange?: { from: Date; to: Date };
    tracking?: string;
    nikIndex?: string;
    limit?: number;
  },
) => {
  const conditions = [inScope(s), QUEUE_WHERE(s)[o.queue]];
  if (o.service) conditions.push(sql`a.service_code = ${o.service}`);
  if (o.status) conditions.push(sql`a.status = ${o.status}`);
  if (o.dateRange)
    conditions.push(
      sql`a.submitted_at >= ${o.dateRange.from.toISOString()} AND a.submitted_at < ${o.dateRange.to.toISOString()}`,
    );
  if (o.tracking) conditions.push(sql`a.tracking_number LIKE ${`%${o.tracking.replace(/[%_\\]/g, "")}%`}`);
  if (o.nikIndex) conditions.push(sql`a.subject_nik_index = ${o.nikIndex}`);
  return rows<QueueRow>(
    tx,
    sql`SELECT a.id, a.tracking_number, a.service_code, a.variant_code, a.status, a.flags, a.applicant_name,
               a.subject_nik_encrypted, a.due_at, a.submitted_at, a.assigned_to, op.display_name AS assignee_name,
               a.updated_at
        FROM applications a LEFT JOIN operators op ON op.id = a.assigned_to
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY a.due_at ASC NULLS LAST, a.submitted_at ASC
        LIMIT ${o.limit ?? 200}`,
  ).then((list) =>
    list.map((r) => ({
      ...r,
      due_at: dateOrNull(r.due_at),
      submitted_at: dateOrNull(r.submitted_at),
      updated_at: new Date(r.updated_at),
    })),
  );
};

export type ChatRow = {
  id: string;
  contact_name: string | null;
  wa_id: string | null;
  handover_at: Date;
  handover_service: string | null;
  held_by: string | null;
  holder_name: string | null;
  last_inbound_at: Date | null;
};

/** Chats waiting for a person; the contact's WhatsApp name is opened (sealed at rest). */
export const listChats = (tx: Tx, keys: FieldKeys, s: QueueScope, limit = 200) =>
  rows<ChatRow>(
    tx,
    sql`SELECT c.id, ct.profile_name AS contact_name, ct.wa_id, c.handover_at, c.handover_service, c.held_by,
               op.display_name AS holder_name, c.last_inbound_at
        FROM conversations c
        JOIN contacts ct ON ct.id = c.contact_id
        LEFT JOIN operators op ON op.id = c.held_by
        WHERE ${chatWhere(s)}
        ORDER BY c.handover_at ASC
        LIMIT ${limit}`,
  ).then((list) =>
    list.map((r) => ({
      ...r,
      contact_name: openProfileName(keys, r.contact_name),
      handover_at: new Date(r.handover_at),
      last_inbound_at: dateOrNull(r.last_inbound_at),
    })),
  );
