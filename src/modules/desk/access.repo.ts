/**
 * Who may see what, asked of the database on every request: an application belongs to a service, a
 * conversation is visible through the services it touches, a file through the application item, result or
 * chat message that holds it. Outside that, the desk answers 404 (not 403): nothing leaks about existence.
 */
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { rows, textArray } from "../../platform/db/client.ts";
import { conversations } from "../../platform/db/schema/index.ts";
import { findApplication, lockApplication } from "../applications/applications.repo.ts";
import type { Application } from "../applications/applications.service.ts";
import type { Conversation } from "../messaging/messaging.repo.ts";
import type { DeskUser } from "./context.ts";
import { notFound } from "./errors.tsx";

/**
 * The application if it is in one of the person's services (drafts are the bot's, not the desk's);
 * otherwise the same 404 as a missing one. `lock` takes the row lock for an action.
 */
export const visibleApplication = async (
  tx: Tx,
  user: DeskUser,
  id: string,
  o: { lock?: boolean } = {},
): Promise<Application> => {
  if (!isUuid(id)) throw notFound();
  const app = await (o.lock ? lockApplication : findApplication)(tx, user.officeId, id);
  if (!app || !user.services.includes(app.serviceCode) || app.status === "draft") throw notFound();
  return app;
};

export type ComplaintScope = { officeId: string; services: string[]; operatorId?: string };

/**
 * Which complaints (alias `p`) a person sees: one about an application through its service, one about
 * nothing in particular by everyone (as supervisors always have), and any complaint assigned to them.
 */
export const complaintVisibleSql = (s: ComplaintScope) => sql`p.office_id = ${s.officeId} AND (
  p.application_id IS NULL
  OR EXISTS (SELECT 1 FROM applications pa WHERE pa.id = p.application_id
             AND pa.service_code = ANY(${textArray(s.services)}))
  ${s.operatorId ? sql`OR p.assigned_to = ${s.operatorId}` : sql``})`;

/** A person's complaints: those of their services, the office-wide ones, and those assigned to them. */
export const complaintScopeOf = (user: DeskUser): ComplaintScope => ({
  officeId: user.officeId,
  services: user.services,
  operatorId: user.id,
});

/**
 * Conversations are seen through the services they touch: a hand-over, an application, a dedicated number,
 * or an open complaint the person handles (unless it is confidential: the chat would name the reporter).
 */
const conversationVisibleSql = (user: DeskUser) => sql`
  c.office_id = ${user.officeId} AND (
    (c.handover_at IS NOT NULL AND (c.handover_service IS NULL OR c.handover_service = ANY(${textArray(user.services)})))
    OR EXISTS (SELECT 1 FROM applications a WHERE a.contact_id = c.contact_id AND a.office_id = c.office_id
               AND a.status <> 'draft' AND a.service_code = ANY(${textArray(user.services)}))
    OR EXISTS (SELECT 1 FROM channels ch WHERE ch.id = c.channel_id
               AND cardinality(ch.service_codes) > 0 AND ch.service_codes && ${textArray(user.services)})
    OR EXISTS (SELECT 1 FROM complaints p WHERE p.conversation_id = c.id AND NOT p.confidential
               AND p.status <> 'closed' AND ${complaintVisibleSql(complaintScopeOf(user))})
  )`;

export const visibleConversation = async (tx: Tx, user: DeskUser, id: string): Promise<Conversation> => {
  if (!isUuid(id) || user.services.length === 0) throw notFound();
  const [row] = await rows<{ id: string }>(
    tx,
    sql`SELECT c.id FROM conversations c WHERE c.id = ${id} AND ${conversationVisibleSql(user)}`,
  );
  if (!row) throw notFound();
  const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, id));
  return conversation!;
};

/**
 * Whether the person may open this stored file: a page of an application item, a result of an application
 * in their services, a photo of a complaint they see, or media of a chat message in a conversation they may see.
 */
export const blobVisible = async (tx: Tx, user: DeskUser, blobId: string): Promise<boolean> => {
  if (!isUuid(blobId) || user.services.length === 0) return false;
  const services = textArray(user.services);
  const [hit] = await rows<{ ok: number }>(
    tx,
    sql`SELECT 1 AS ok FROM blobs b WHERE b.id = ${blobId} AND b.office_id = ${user.officeId} AND (
          EXISTS (SELECT 1 FROM application_items i JOIN applications a ON a.id = i.application_id
                  WHERE ${blobId} = ANY(i.blob_ids) AND a.service_code = ANY(${services}) AND a.status <> 'draft')
          OR EXISTS (SELECT 1 FROM applications a WHERE ${blobId} = ANY(a.result_blob_ids)
                  AND a.service_code = ANY(${services}))
          OR EXISTS (SELECT 1 FROM complaints p WHERE ${blobId} = ANY(p.photo_blob_ids)
                  AND ${complaintVisibleSql(complaintScopeOf(user))})
          OR EXISTS (SELECT 1 FROM messages m JOIN conversations c ON c.id = m.conversation_id
                  WHERE m.blob_id = ${blobId} AND ${conversationVisibleSql(user)}))`,
  );
  return Boolean(hit);
};

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
