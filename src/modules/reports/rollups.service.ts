/**
 * Keeps the daily rollups in step with what happens, in the transaction of the event itself: an application
 * submitted or decided, an outbound message's status, a citizen answered, a new contact, a document viewed or
 * a NIK revealed. The rules are in rollup-metrics.ts; rollups.recompute.ts rebuilds the same rows from raw data.
 */
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import type { Application } from "../applications/applications.repo.ts";
import { loadCalendarData } from "../offices/calendar.service.ts";
import { createCalendar } from "../sla/calendar.ts";
import { workingMsBetween } from "../sla/working-time.ts";
import {
  dayIn,
  decidedIncrements,
  deliveryIncrements,
  METRIC,
  type RollupIncrement,
  submittedIncrements,
} from "./rollup-metrics.ts";
import { addToRollups, officeTimeZone, rollupsEnabled } from "./rollups.repo.ts";

/** Working seconds between two instants on the office's stored calendar (defaults when never seeded). */
export const workingSecondsBetween = async (tx: Tx, officeId: string, tz: string, from: Date, to: Date) => {
  const data = await loadCalendarData(tx, officeId);
  const calendar = createCalendar({ timeZone: tz, ...(data ?? {}) });
  return workingMsBetween(calendar, from, to) / 1000;
};

export const revisionsOf = async (tx: Tx, applicationId: string): Promise<number> => {
  const [row] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM application_events
         WHERE application_id = ${applicationId} AND to_status = 'needs_revision'`,
  );
  return Number(row?.n ?? 0);
};

/** After an application's transition (the event row is already written). */
export const recordApplicationTransition = async (
  tx: Tx,
  app: Application,
  t: { action: string; to: string; at: Date },
) => {
  if (!rollupsEnabled()) return; // the bench's baseline: skip the reads below too
  const tz = await officeTimeZone(tx, app.officeId);
  const increments: RollupIncrement[] = [];
  if (t.action === "submit")
    increments.push(
      ...submittedIncrements(tz, {
        serviceCode: app.serviceCode,
        startedAt: app.createdAt,
        submittedAt: t.at,
      }),
    );
  if (t.to === "completed" || t.to === "rejected") {
    const submittedAt = app.submittedAt;
    increments.push(
      ...decidedIncrements(tz, {
        serviceCode: app.serviceCode,
        operatorId: app.assignedTo,
        outcome: t.to,
        decidedAt: t.at,
        dueAt: app.dueAt,
        pickup: app.pickup,
        revisions: await revisionsOf(tx, app.id),
        workingSeconds: submittedAt
          ? await workingSecondsBetween(tx, app.officeId, tz, submittedAt, t.at)
          : null,
      }),
    );
  }
  await addToRollups(tx, app.officeId, increments);
};

/** After an outbound message's status moved from `from` to `to`. */
export const recordDeliveryChange = async (
  tx: Tx,
  m: {
    officeId: string;
    createdAt: Date;
    occurredAt: Date;
    from: string;
    to: string;
    errorCode: number | null;
    campaignId: string | null;
  },
  acceptedAt: Date | undefined,
) => {
  const tz = await officeTimeZone(tx, m.officeId);
  const increments = deliveryIncrements(tz, m);
  if (acceptedAt)
    increments.push({
      day: dayIn(tz, m.createdAt),
      metric: METRIC.msgLag,
      seconds: Math.max(0, (acceptedAt.getTime() - m.occurredAt.getTime()) / 1000),
    });
  await addToRollups(tx, m.officeId, increments);
};

/** An outbound message answered a waiting citizen after `seconds` (sentBy null: the bot or the system). */
export const recordResponse = async (
  tx: Tx,
  o: { officeId: string; at: Date; seconds: number; sentBy: string | null },
) => {
  const tz = await officeTimeZone(tx, o.officeId);
  await addToRollups(tx, o.officeId, [
    {
      day: dayIn(tz, o.at),
      metric: o.sentBy ? METRIC.respPerson : METRIC.respBot,
      operatorId: o.sentBy ?? "",
      seconds: o.seconds,
    },
  ]);
};

export const recordNewContact = async (tx: Tx, officeId: string, at: Date) => {
  const tz = await officeTimeZone(tx, officeId);
  await addToRollups(tx, officeId, [{ day: dayIn(tz, at), metric: METRIC.contactNew }]);
};

const AUDITED: Record<string, string> = { "file.view": METRIC.docView, "nik.reveal": METRIC.nikReveal };

/** Document views and NIK reveals per operator (the privacy dimension). */
export const recordAuditedAccess = async (
  tx: Tx,
  e: { officeId: string; actorId: string | null; action: string; at: Date },
) => {
  const metric = AUDITED[e.action];
  if (!metric) return;
  const tz = await officeTimeZone(tx, e.officeId);
  await addToRollups(tx, e.officeId, [{ day: dayIn(tz, e.at), metric, operatorId: e.actorId ?? "" }]);
};

/** The bot answered a requirement question with a brochure, or a citizen asked for a person after one. */
export const recordInfoAnswer = async (tx: Tx, officeId: string, at: Date, escalated: boolean) => {
  const tz = await officeTimeZone(tx, officeId);
  await addToRollups(tx, officeId, [
    { day: dayIn(tz, at), metric: escalated ? METRIC.infoEscalated : METRIC.infoAnswered },
  ]);
};

/** Campaign messages queued (broadcast reach; their delivery is counted by recordDeliveryChange). */
export const recordBroadcastQueued = async (tx: Tx, o: { officeId: string; at: Date; count: number }) => {
  if (o.count === 0) return;
  const tz = await officeTimeZone(tx, o.officeId);
  await addToRollups(tx, o.officeId, [
    { day: dayIn(tz, o.at), metric: METRIC.broadcastQueued, count: o.count },
  ]);
};

/** A file stored (the privacy report's share of files encrypted is over these). */
export const recordStoredDocument = async (tx: Tx, officeId: string, at: Date) => {
  const tz = await officeTimeZone(tx, officeId);
  await addToRollups(tx, officeId, [{ day: dayIn(tz, at), metric: METRIC.docStored }]);
};
