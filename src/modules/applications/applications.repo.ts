import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import {
  applicationEvents,
  applicationItems,
  applications,
  operators,
  siakOutages,
} from "../../platform/db/schema/index.ts";
import type { ApplicationFlag, ApplicationStatus } from "./lifecycle.ts";

export type Application = typeof applications.$inferSelect;
export type NewApplication = typeof applications.$inferInsert;
export type ApplicationItem = typeof applicationItems.$inferSelect;
export type ApplicationEvent = typeof applicationEvents.$inferSelect;
export type SiakOutage = typeof siakOutages.$inferSelect;

export const insertApplication = async (tx: Tx, values: NewApplication): Promise<Application> =>
  (await tx.insert(applications).values(values).returning())[0]!;

/** The row, locked until commit: transitions on one application are applied one at a time. */
export const findApplication = async (
  tx: Tx,
  officeId: string,
  id: string,
): Promise<Application | undefined> =>
  (
    await tx
      .select()
      .from(applications)
      .where(and(eq(applications.id, id), eq(applications.officeId, officeId)))
  )[0];

export const lockApplication = async (
  tx: Tx,
  officeId: string,
  id: string,
): Promise<Application | undefined> =>
  (
    await tx
      .select()
      .from(applications)
      .where(and(eq(applications.id, id), eq(applications.officeId, officeId)))
      .for("update")
  )[0];

export const updateApplication = async (
  tx: Tx,
  id: string,
  patch: Partial<NewApplication>,
): Promise<Application> =>
  (await tx.update(applications).set(patch).where(eq(applications.id, id)).returning())[0]!;

export const insertApplicationEvent = async (tx: Tx, event: typeof applicationEvents.$inferInsert) => {
  await tx.insert(applicationEvents).values(event);
};

export const listApplicationEvents = async (tx: Tx, applicationId: string): Promise<ApplicationEvent[]> =>
  tx
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(asc(applicationEvents.at), asc(applicationEvents.id));

/** Another submitted, unfinished application for the same subject and service. */
export const findOpenDuplicate = async (
  tx: Tx,
  o: { officeId: string; subjectNikIndex: string; serviceCode: string; excludeId: string; open: string[] },
): Promise<string | undefined> =>
  (
    await tx
      .select({ id: applications.id })
      .from(applications)
      .where(
        and(
          eq(applications.officeId, o.officeId),
          eq(applications.subjectNikIndex, o.subjectNikIndex),
          eq(applications.serviceCode, o.serviceCode),
          ne(applications.id, o.excludeId),
          inArray(applications.status, o.open),
        ),
      )
      .limit(1)
  )[0]?.id;

export const findApplicationByTrackingNumber = async (
  tx: Tx,
  officeId: string,
  trackingNumber: string,
): Promise<Application | undefined> =>
  (
    await tx
      .select()
      .from(applications)
      .where(and(eq(applications.officeId, officeId), eq(applications.trackingNumber, trackingNumber)))
  )[0];

export const listApplicationsByContact = async (
  tx: Tx,
  o: { officeId: string; contactId: string; statuses?: string[] },
): Promise<Application[]> =>
  tx
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.officeId, o.officeId),
        eq(applications.contactId, o.contactId),
        o.statuses ? inArray(applications.status, o.statuses) : undefined,
      ),
    )
    .orderBy(desc(applications.createdAt), desc(applications.id));

/** Drafts idle since `draftsBefore` and revisions waiting since `revisionsBefore`, locked; others' locks are skipped. */
export const lockStaleApplications = async (
  tx: Tx,
  o: { officeId?: string; draftsBefore: Date; revisionsBefore: Date; limit: number },
): Promise<Application[]> =>
  tx
    .select()
    .from(applications)
    .where(
      and(
        o.officeId ? eq(applications.officeId, o.officeId) : undefined,
        or(
          and(eq(applications.status, "draft"), lt(applications.updatedAt, o.draftsBefore)),
          and(eq(applications.status, "needs_revision"), lt(applications.pausedAt, o.revisionsBefore)),
        ),
      ),
    )
    .orderBy(asc(applications.updatedAt))
    .limit(o.limit)
    .for("update", { skipLocked: true });

export const lockApplicationsInStatuses = async (
  tx: Tx,
  officeId: string,
  statuses: readonly ApplicationStatus[],
): Promise<Application[]> =>
  tx
    .select()
    .from(applications)
    .where(and(eq(applications.officeId, officeId), inArray(applications.status, [...statuses])))
    .orderBy(asc(applications.id))
    .for("update");

export const addFlag = async (tx: Tx, ids: string[], flag: ApplicationFlag) => {
  if (ids.length === 0) return;
  await tx
    .update(applications)
    .set({ flags: sql`array_append(${applications.flags}, ${flag})`, updatedAt: new Date() })
    .where(and(inArray(applications.id, ids), sql`NOT (${flag} = ANY(${applications.flags}))`));
};

export const removeFlag = async (tx: Tx, ids: string[], flag: ApplicationFlag) => {
  if (ids.length === 0) return;
  await tx
    .update(applications)
    .set({ flags: sql`array_remove(${applications.flags}, ${flag})`, updatedAt: new Date() })
    .where(inArray(applications.id, ids));
};

export const operatorInOffice = async (tx: Tx, officeId: string, operatorId: string): Promise<boolean> =>
  (
    await tx
      .select({ id: operators.id })
      .from(operators)
      .where(and(eq(operators.id, operatorId), eq(operators.officeId, officeId)))
  ).length > 0;

// ---------------------------------------------------------------- items

export const lockItem = async (
  tx: Tx,
  applicationId: string,
  requirementId: string,
): Promise<ApplicationItem | undefined> =>
  (
    await tx
      .select()
      .from(applicationItems)
      .where(
        and(
          eq(applicationItems.applicationId, applicationId),
          eq(applicationItems.requirementId, requirementId),
        ),
      )
      .for("update")
  )[0];

export const insertItem = async (tx: Tx, values: typeof applicationItems.$inferInsert) =>
  (await tx.insert(applicationItems).values(values).returning())[0]!;

export const updateItem = async (tx: Tx, id: string, patch: Partial<ApplicationItem>) =>
  (await tx.update(applicationItems).set(patch).where(eq(applicationItems.id, id)).returning())[0]!;

export const listItems = async (tx: Tx, applicationId: string): Promise<ApplicationItem[]> =>
  tx
    .select()
    .from(applicationItems)
    .where(eq(applicationItems.applicationId, applicationId))
    .orderBy(asc(applicationItems.createdAt), asc(applicationItems.requirementId));

// ---------------------------------------------------------------- SIAK outages

export const lockOpenOutage = async (tx: Tx, officeId: string): Promise<SiakOutage | undefined> =>
  (
    await tx
      .select()
      .from(siakOutages)
      .where(and(eq(siakOutages.officeId, officeId), isNull(siakOutages.endedAt)))
      .for("update")
  )[0];

export const insertOutage = async (tx: Tx, values: typeof siakOutages.$inferInsert): Promise<SiakOutage> =>
  (await tx.insert(siakOutages).values(values).returning())[0]!;

export const updateOutage = async (tx: Tx, id: string, patch: Partial<SiakOutage>): Promise<SiakOutage> =>
  (await tx.update(siakOutages).set(patch).where(eq(siakOutages.id, id)).returning())[0]!;

/** Outages that overlap [since, now): the ones that can pause a clock started at `since`. */
export const listOutagesSince = async (tx: Tx, officeId: string, since: Date): Promise<SiakOutage[]> =>
  tx
    .select()
    .from(siakOutages)
    .where(
      and(
        eq(siakOutages.officeId, officeId),
        or(isNull(siakOutages.endedAt), gt(siakOutages.endedAt, since)),
      ),
    )
    .orderBy(asc(siakOutages.startedAt));
