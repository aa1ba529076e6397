/**
 * Applications handled at the counter, entered by an admin per month (and optionally per service), so the
 * report can compare WhatsApp's reach with the counter. Entering a month again replaces it; audited.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { counterFigures, operators } from "../../platform/db/schema/index.ts";
import { recordAudit } from "../audit/audit.service.ts";

export type CounterFigureRow = {
  month: string;
  serviceCode: string;
  applications: number;
  enteredByName: string | null;
};

export const listCounterFigures = async (
  tx: Tx,
  officeId: string,
  months: string[],
): Promise<CounterFigureRow[]> =>
  months.length === 0
    ? []
    : tx
        .select({
          month: counterFigures.month,
          serviceCode: counterFigures.serviceCode,
          applications: counterFigures.applications,
          enteredByName: operators.displayName,
        })
        .from(counterFigures)
        .leftJoin(operators, eq(operators.id, counterFigures.enteredBy))
        .where(and(eq(counterFigures.officeId, officeId), inArray(counterFigures.month, months)))
        .orderBy(asc(counterFigures.month), asc(counterFigures.serviceCode));

export type CounterFigureInput = {
  officeId: string;
  /** YYYY-MM */
  month: string;
  /** '' for the whole office. */
  serviceCode: string;
  applications: number;
  actorId: string;
  ip?: string;
  now: Date;
};

/** Sets one month's figure (replacing an earlier one) and records who did it, in the caller's transaction. */
export const setCounterFigure = async (tx: Tx, o: CounterFigureInput): Promise<void> => {
  const [before] = await tx
    .select({ applications: counterFigures.applications })
    .from(counterFigures)
    .where(
      and(
        eq(counterFigures.officeId, o.officeId),
        eq(counterFigures.month, o.month),
        eq(counterFigures.serviceCode, o.serviceCode),
      ),
    );
  await tx
    .insert(counterFigures)
    .values({
      officeId: o.officeId,
      month: o.month,
      serviceCode: o.serviceCode,
      applications: o.applications,
      enteredBy: o.actorId,
      enteredAt: o.now,
    })
    .onConflictDoUpdate({
      target: [counterFigures.officeId, counterFigures.month, counterFigures.serviceCode],
      set: { applications: sql`excluded.applications`, enteredBy: o.actorId, enteredAt: o.now },
    });
  await recordAudit(tx, {
    officeId: o.officeId,
    actorId: o.actorId,
    action: "report.counter_figure",
    subjectType: "counter_figure",
    subjectId: `${o.month}${o.serviceCode ? `/${o.serviceCode}` : ""}`,
    details: {
      month: o.month,
      serviceCode: o.serviceCode || null,
      applications: o.applications,
      previous: before?.applications ?? null,
    },
    ip: o.ip,
    at: o.now,
  });
};
