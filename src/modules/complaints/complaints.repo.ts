import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { complaintEvents, complaints } from "../../platform/db/schema/index.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openTextOrNull, SEALED } from "../shared/sealed.ts";

/**
 * description and answer are sealed at rest (shared/sealed.ts): writers pass sealed values, and the rows read
 * here leave both out, so no code can take a sealed value for text. The desk and the data copy open them.
 * complaint_events.note is sealed where a person wrote it (complaints.service.ts) and opened by
 * listComplaintEvents.
 */
const { description: _description, answer: _answer, ...COLUMNS } = getTableColumns(complaints);

export type Complaint = Omit<typeof complaints.$inferSelect, "description" | "answer">;
export type NewComplaint = typeof complaints.$inferInsert;
export type ComplaintEvent = typeof complaintEvents.$inferSelect;

export const insertComplaint = async (tx: Tx, values: NewComplaint): Promise<Complaint> =>
  (await tx.insert(complaints).values(values).returning(COLUMNS))[0]!;

export const lockComplaint = async (tx: Tx, officeId: string, id: string): Promise<Complaint | undefined> =>
  (
    await tx
      .select(COLUMNS)
      .from(complaints)
      .where(and(eq(complaints.id, id), eq(complaints.officeId, officeId)))
      .for("update")
  )[0];

/**
 * The complaint's conversation, locked: taken before the complaint itself by every change, in the order a
 * bot turn takes them (the conversation, then the reporter's reply to the complaint), so the two never deadlock.
 */
export const lockConversationOfComplaint = async (tx: Tx, officeId: string, id: string) => {
  await tx.execute(sql`SELECT c.id FROM conversations c
    WHERE c.id = (SELECT p.conversation_id FROM complaints p WHERE p.id = ${id} AND p.office_id = ${officeId})
    FOR UPDATE`);
};

export const updateComplaint = async (tx: Tx, id: string, patch: Partial<NewComplaint>): Promise<Complaint> =>
  (await tx.update(complaints).set(patch).where(eq(complaints.id, id)).returning(COLUMNS))[0]!;

export const insertComplaintEvent = async (tx: Tx, event: typeof complaintEvents.$inferInsert) => {
  await tx.insert(complaintEvents).values(event);
};

/** The history, oldest first, with the notes opened (sealed where a person wrote them; codes are in clear). */
export const listComplaintEvents = async (
  tx: Tx,
  keys: FieldKeys,
  complaintId: string,
): Promise<ComplaintEvent[]> =>
  (
    await tx
      .select()
      .from(complaintEvents)
      .where(eq(complaintEvents.complaintId, complaintId))
      .orderBy(asc(complaintEvents.at), asc(complaintEvents.id))
  ).map((e) => ({ ...e, note: openTextOrNull(keys, e.note, SEALED.complaintEventNote) }));

export const findComplaintByTrackingNumber = async (
  tx: Tx,
  officeId: string,
  trackingNumber: string,
): Promise<Complaint | undefined> =>
  (
    await tx
      .select(COLUMNS)
      .from(complaints)
      .where(and(eq(complaints.officeId, officeId), eq(complaints.trackingNumber, trackingNumber)))
  )[0];

/** A citizen's complaints not yet closed, newest first, with their stage (what the bot may ask about). */
export const listUnclosedOfContact = (
  tx: Tx,
  o: { officeId: string; contactId: string },
): Promise<Array<{ trackingNumber: string; status: string }>> =>
  tx
    .select({ trackingNumber: complaints.trackingNumber, status: complaints.status })
    .from(complaints)
    .where(
      and(
        eq(complaints.officeId, o.officeId),
        eq(complaints.contactId, o.contactId),
        ne(complaints.status, "closed"),
      ),
    )
    .orderBy(desc(complaints.createdAt))
    .limit(20);

/**
 * Answered complaints whose reply window has run out; rows another instance holds are skipped, and so are
 * those whose conversation a bot turn holds (the reporter is replying right now; the next sweep decides).
 * The conversation is locked too: the reporter is told in this transaction.
 */
export const lockDueForAutoClose = async (
  tx: Tx,
  o: { now: Date; officeId?: string; limit: number },
): Promise<Complaint[]> =>
  tx
    .select(COLUMNS)
    .from(complaints)
    .where(
      and(
        o.officeId ? eq(complaints.officeId, o.officeId) : undefined,
        eq(complaints.status, "answered"),
        lt(complaints.autoCloseAt, o.now),
        sql`(${complaints.conversationId} IS NULL OR EXISTS (SELECT 1 FROM conversations c
              WHERE c.id = ${complaints.conversationId} FOR UPDATE SKIP LOCKED))`,
      ),
    )
    .orderBy(asc(complaints.autoCloseAt))
    .limit(o.limit)
    .for("update", { skipLocked: true });

/** Not yet escalated and past the verification or follow-up due time. */
export const lockOverdueUnescalated = async (
  tx: Tx,
  o: { now: Date; officeId?: string; limit: number },
): Promise<Complaint[]> =>
  tx
    .select(COLUMNS)
    .from(complaints)
    .where(
      and(
        o.officeId ? eq(complaints.officeId, o.officeId) : undefined,
        isNull(complaints.escalatedAt),
        inArray(complaints.status, ["received", "verified"]),
        or(
          and(eq(complaints.status, "received"), lt(complaints.verificationDueAt, o.now)),
          and(eq(complaints.status, "verified"), lt(complaints.followUpDueAt, o.now)),
        ),
      ),
    )
    .orderBy(asc(complaints.receivedAt))
    .limit(o.limit)
    .for("update", { skipLocked: true });
