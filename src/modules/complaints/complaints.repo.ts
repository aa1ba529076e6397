import { and, asc, eq, getTableColumns, inArray, isNull, lt, or } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { complaintEvents, complaints } from "../../platform/db/schema/index.ts";

/**
 * description and answer are sealed at rest (shared/sealed.ts): writers pass sealed values, and the rows read
 * here leave both out, so no code can take a sealed value for text. The desk and the data copy open them.
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

export const updateComplaint = async (tx: Tx, id: string, patch: Partial<NewComplaint>): Promise<Complaint> =>
  (await tx.update(complaints).set(patch).where(eq(complaints.id, id)).returning(COLUMNS))[0]!;

export const insertComplaintEvent = async (tx: Tx, event: typeof complaintEvents.$inferInsert) => {
  await tx.insert(complaintEvents).values(event);
};

export const listComplaintEvents = async (tx: Tx, complaintId: string): Promise<ComplaintEvent[]> =>
  tx
    .select()
    .from(complaintEvents)
    .where(eq(complaintEvents.complaintId, complaintId))
    .orderBy(asc(complaintEvents.at), asc(complaintEvents.id));

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

/** Answered complaints whose reply window has run out; rows another instance holds are skipped. */
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
