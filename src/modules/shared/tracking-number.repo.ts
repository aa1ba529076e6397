import { eq, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { offices } from "../../platform/db/schema/index.ts";
import { formatTrackingNumber, type TrackingKind, trackingPeriod } from "./tracking-number.ts";

/**
 * The next sequence for office + kind + period. The upsert takes the counter row's lock, so concurrent
 * allocations queue behind each other until commit; a rolled-back allocation rolls the counter back too,
 * so numbers stay gapless.
 */
export const nextSequence = async (
  tx: Tx,
  key: { officeId: string; kind: TrackingKind; period: string },
): Promise<number> => {
  const [row] = await rows<{ last_value: number }>(
    tx,
    sql`
    INSERT INTO tracking_counters (office_id, kind, period, last_value)
    VALUES (${key.officeId}, ${key.kind}, ${key.period}, 1)
    ON CONFLICT (office_id, kind, period) DO UPDATE SET last_value = tracking_counters.last_value + 1
    RETURNING last_value`,
  );
  return Number(row!.last_value);
};

/** A new tracking number for the office, dated in the office's own time zone. */
export const allocateTrackingNumber = async (
  tx: Tx,
  o: { officeId: string; kind: TrackingKind; at: Date },
): Promise<string> => {
  const [office] = await tx
    .select({ code: offices.code, timeZone: offices.timeZone })
    .from(offices)
    .where(eq(offices.id, o.officeId));
  if (!office) throw new Error(`office ${o.officeId} not found`);
  const period = trackingPeriod(office.timeZone, o.at);
  const sequence = await nextSequence(tx, { officeId: o.officeId, kind: o.kind, period });
  return formatTrackingNumber({ office: office.code, kind: o.kind, period, sequence });
};
