/**
 * An application's SLA clock from its history: it starts at the first submission, stops while the office
 * waits for the citizen (needs_revision) and while SIAK is declared down, and stops for good at a terminal
 * status. Pure; the service loads the events and outages.
 */
import type { WorkingCalendar } from "../sla/calendar.ts";
import { computeSla, type SlaPause, type SlaStatus, type SlaUnit } from "../sla/sla.ts";
import { isApplicationStatus, pausesClock } from "./lifecycle.ts";

type EventLike = { fromStatus: string; toStatus: string; at: Date };
type OutageLike = { startedAt: Date; endedAt: Date | null };
type ClockFields = {
  submittedAt: Date | null;
  closedAt: Date | null;
  slaValue: number | null;
  slaUnit: string | null;
};

const paused = (status: string) => isApplicationStatus(status) && pausesClock(status);

/** Stretches spent in a pausing status, in event order; the last one is open while still paused. */
export const revisionPauses = (events: readonly EventLike[]): SlaPause[] => {
  const pauses: SlaPause[] = [];
  let openedAt: Date | undefined;
  for (const e of events) {
    if (!paused(e.fromStatus) && paused(e.toStatus)) openedAt = e.at;
    else if (paused(e.fromStatus) && !paused(e.toStatus) && openedAt) {
      pauses.push({ from: openedAt, to: e.at });
      openedAt = undefined;
    }
  }
  if (openedAt) pauses.push({ from: openedAt });
  return pauses;
};

export const outagePauses = (outages: readonly OutageLike[]): SlaPause[] =>
  outages.map((o) => (o.endedAt ? { from: o.startedAt, to: o.endedAt } : { from: o.startedAt }));

/** Undefined for drafts and services without a published time. */
export const applicationClock = (o: {
  application: ClockFields;
  events: readonly EventLike[];
  outages: readonly OutageLike[];
  calendar: WorkingCalendar;
  now: Date;
}): SlaStatus | undefined => {
  const { submittedAt, closedAt, slaValue, slaUnit } = o.application;
  if (!submittedAt || slaValue === null || !slaUnit) return undefined;
  // A finished application is judged at the moment it finished, not today.
  const now = closedAt && closedAt < o.now ? closedAt : o.now;
  return computeSla({
    calendar: o.calendar,
    target: { value: slaValue, unit: slaUnit as SlaUnit },
    startedAt: submittedAt,
    pauses: [...revisionPauses(o.events), ...outagePauses(o.outages)],
    now,
  });
};
