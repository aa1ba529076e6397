/** SLA clocks over time: status for the desk, declared SIAK outages, and the sweep of abandoned work. */
import type { Tx } from "../../platform/db/client.ts";
import { type Actor, actorIdOf, roleOf, SYSTEM } from "../shared/actor.ts";
import { atomically } from "../shared/atomic.ts";
import { DomainError } from "../shared/domain-error.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";
import type { SlaStatus } from "../sla/sla.ts";
import {
  type Application,
  addFlag,
  insertOutage,
  listApplicationEvents,
  listOutagesSince,
  lockApplicationsInStatuses,
  lockOpenOutage,
  lockStaleApplications,
  removeFlag,
  type SiakOutage,
  updateApplication,
  updateOutage,
} from "./applications.repo.ts";
import { mayActOnOffice, OPEN_STATUSES } from "./lifecycle.ts";
import type { ApplicationNotification } from "./notifications.ts";
import { applicationClock } from "./sla-clock.ts";
import { transitionLoaded } from "./transition.ts";

/** The clock of one application now: due time with all pauses, remaining time, at risk, breached, paused. */
export const slaStatus = async (
  tx: Tx,
  o: { application: Application; calendar: WorkingCalendar; now?: Date },
): Promise<SlaStatus | undefined> => {
  const { application, calendar } = o;
  if (!application.submittedAt) return undefined;
  const [events, outages] = await Promise.all([
    listApplicationEvents(tx, application.id),
    listOutagesSince(tx, application.officeId, application.submittedAt),
  ]);
  return applicationClock({ application, events, outages, calendar, now: o.now ?? new Date() });
};

/** Stores the due time with the pauses known now, so queues sort by it without replaying history. */
export const refreshDueAt = async (
  tx: Tx,
  application: Application,
  calendar: WorkingCalendar,
  now: Date,
): Promise<Application> => {
  const clock = await slaStatus(tx, { application, calendar, now });
  if (!clock || clock.dueAt.getTime() === application.dueAt?.getTime()) return application;
  return updateApplication(tx, application.id, { dueAt: clock.dueAt });
};

const checkOfficeActor = (action: "declare_siak_outage" | "end_siak_outage", actor: Actor) => {
  if (!mayActOnOffice(action, roleOf(actor))) {
    throw new DomainError("action_not_allowed", `a ${roleOf(actor)} may not ${action}`);
  }
};

/** SIAK is down: every open clock of the office pauses from `startedAt` (default now) until the outage ends. */
export const declareSiakOutage = (
  tx: Tx,
  o: { officeId: string; actor: Actor; note?: string; startedAt?: Date; now?: Date },
): Promise<{ outage: SiakOutage; affected: number }> =>
  atomically(tx, async (tx) => {
    checkOfficeActor("declare_siak_outage", o.actor);
    if (await lockOpenOutage(tx, o.officeId)) throw new DomainError("outage_already_open");
    const outage = await insertOutage(tx, {
      officeId: o.officeId,
      startedAt: o.startedAt ?? o.now ?? new Date(),
      declaredBy: o.actor.kind === "operator" ? o.actor.operatorId : null,
      note: o.note ?? null,
    });
    const open = await lockApplicationsInStatuses(tx, o.officeId, OPEN_STATUSES);
    await addFlag(
      tx,
      open.map((a) => a.id),
      "siak_outage",
    );
    return { outage, affected: open.length };
  });

/** SIAK is back: clocks resume and every open due time moves later by the outage's working time. */
export const endSiakOutage = (
  tx: Tx,
  o: { officeId: string; actor: Actor; calendar: WorkingCalendar; now?: Date },
): Promise<{ outage: SiakOutage; affected: number }> =>
  atomically(tx, async (tx) => {
    checkOfficeActor("end_siak_outage", o.actor);
    const now = o.now ?? new Date();
    const current = await lockOpenOutage(tx, o.officeId);
    if (!current) throw new DomainError("no_open_outage");
    // An outage cannot end before it started (a clock skew between instances, a back-dated declaration).
    const endedAt = new Date(Math.max(now.getTime(), current.startedAt.getTime()));
    const outage = await updateOutage(tx, current.id, { endedAt, endedBy: actorIdOf(o.actor) });
    const open = await lockApplicationsInStatuses(tx, o.officeId, OPEN_STATUSES);
    const flagged = open.filter((a) => a.flags.includes("siak_outage")).map((a) => a.id);
    await removeFlag(tx, flagged, "siak_outage");
    for (const app of open) await refreshDueAt(tx, app, o.calendar, now);
    return { outage, affected: open.length };
  });

const DAY_MS = 86_400_000;
export const DEFAULT_DRAFT_TTL_MS = 3 * DAY_MS;
export const DEFAULT_REVISION_TTL_MS = 14 * DAY_MS;

export type ExpireStaleOptions = {
  now: Date;
  /** All offices when absent (one sweep job for the instance). */
  officeId?: string;
  /** A draft untouched this long is abandoned. */
  draftTtlMs?: number;
  /** A revision request unanswered this long ends the application. */
  revisionTtlMs?: number;
  /** Rows per call; the job calls again while `expired.length === limit`. */
  limit?: number;
};

/**
 * Expires abandoned drafts and unanswered revisions. Rows another instance is expiring are skipped. Expired
 * revisions notify the citizen; expired drafts do not (they never had a tracking number, and the bot resets
 * its own conversation state).
 */
export const expireStale = (
  tx: Tx,
  o: ExpireStaleOptions,
): Promise<{ expired: Application[]; notifications: ApplicationNotification[] }> =>
  atomically(tx, async (tx) => {
    const stale = await lockStaleApplications(tx, {
      ...(o.officeId ? { officeId: o.officeId } : {}),
      draftsBefore: new Date(o.now.getTime() - (o.draftTtlMs ?? DEFAULT_DRAFT_TTL_MS)),
      revisionsBefore: new Date(o.now.getTime() - (o.revisionTtlMs ?? DEFAULT_REVISION_TTL_MS)),
      limit: o.limit ?? 500,
    });
    const expired: Application[] = [];
    const notifications: ApplicationNotification[] = [];
    for (const app of stale) {
      const wasDraft = app.status === "draft";
      const result = await transitionLoaded(tx, app, { action: "expire", actor: SYSTEM, now: o.now });
      expired.push(result.application);
      if (result.notification && !wasDraft) notifications.push(result.notification);
    }
    return { expired, notifications };
  });
