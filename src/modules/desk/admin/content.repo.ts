/** Canned responses and template review statuses: the admin's writes (the reply box reads them). */
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../platform/db/client.ts";
import { cannedResponses, templateStatuses } from "../../../platform/db/schema/index.ts";

export type TemplateStatusRow = typeof templateStatuses.$inferSelect;

/** Saves (id given: updates) a canned response; false when the title is taken in the office. */
export const saveCanned = async (
  tx: Tx,
  o: { officeId: string; id?: string; title: string; body: string; locale: string; now: Date },
): Promise<"saved" | "title_taken" | "missing"> => {
  const clash = await tx
    .select({ id: cannedResponses.id })
    .from(cannedResponses)
    .where(and(eq(cannedResponses.officeId, o.officeId), eq(cannedResponses.title, o.title)));
  if (clash.some((c) => c.id !== o.id)) return "title_taken";
  const values = { title: o.title, body: o.body, locale: o.locale, updatedAt: o.now };
  if (!o.id) {
    await tx.insert(cannedResponses).values({ ...values, officeId: o.officeId, createdAt: o.now });
    return "saved";
  }
  const updated = await tx
    .update(cannedResponses)
    .set(values)
    .where(and(eq(cannedResponses.officeId, o.officeId), eq(cannedResponses.id, o.id)))
    .returning({ id: cannedResponses.id });
  return updated.length > 0 ? "saved" : "missing";
};

export const deleteCanned = async (tx: Tx, officeId: string, id: string): Promise<boolean> =>
  (
    await tx
      .delete(cannedResponses)
      .where(and(eq(cannedResponses.officeId, officeId), eq(cannedResponses.id, id)))
      .returning({ id: cannedResponses.id })
  ).length > 0;

export const listTemplateStatuses = (tx: Tx, officeId: string): Promise<TemplateStatusRow[]> =>
  tx.select().from(templateStatuses).where(eq(templateStatuses.officeId, officeId));

export const setTemplateStatus = (
  tx: Tx,
  o: { officeId: string; name: string; language: string; status: string; by: string; now: Date },
) =>
  tx
    .insert(templateStatuses)
    .values({
      officeId: o.officeId,
      name: o.name,
      language: o.language,
      status: o.status,
      updatedBy: o.by,
      updatedAt: o.now,
    })
    .onConflictDoUpdate({
      target: [templateStatuses.officeId, templateStatuses.name, templateStatuses.language],
      set: { status: o.status, updatedBy: o.by, updatedAt: o.now },
    });
