/**
 * What the daily rollups count, and how one event turns into rollup increments: pure, so the in-transaction
 * maintenance (rollups.service.ts) and the rebuild from raw rows (rollups.recompute.ts) use the same rules.
 */
import { bucketOf } from "./histogram.ts";

export const METRIC = {
  appSubmitted: "app.submitted",
  appToSubmit: "app.to_submit_s",
  appCompleted: "app.completed",
  appCompletedInSla: "app.completed_in_sla",
  appCompletedFirstTime: "app.completed_first_time",
  appCompletionWorking: "app.completion_working_s",
  appRejected: "app.rejected",
  /** count = applications decided (completed or rejected), total = revisions they needed */
  appRevisions: "app.revisions",
  /** detail = whatsapp | pickup */
  appDelivery: "app.delivery",
  /** detail = the Graph error code (or "unknown") */
  msgFailed: "msg.failed",
  msgDelivered: "msg.delivered",
  msgLag: "msg.lag_s",
  /** operator = who answered; '' is the bot */
  respBot: "resp.bot_s",
  respPerson: "resp.person_s",
  contactNew: "contact.new",
  docView: "audit.file_view",
  nikReveal: "audit.nik_reveal",
  /** A file stored (its day is the day it was stored). */
  docStored: "doc.stored",
  /** A campaign message queued, and one of them that reached the phone (on the day it was queued). */
  broadcastQueued: "broadcast.queued",
  broadcastDelivered: "broadcast.delivered",
  /** Rollup-only counters (no raw row records them): the bot's brochure answers and the hand-overs after one. */
  infoAnswered: "info.answered",
  infoEscalated: "info.escalated",
} as const;

/** The metrics a rebuild from raw rows reproduces (all but the rollup-only counters). */
export const RECOMPUTABLE = Object.values(METRIC).filter(
  (m) => m !== METRIC.infoAnswered && m !== METRIC.infoEscalated,
);

/** Metrics recorded per service (a service filter applies to them; the rest are office-wide). */
export const SERVICE_SCOPED: readonly string[] = [
  METRIC.appSubmitted,
  METRIC.appToSubmit,
  METRIC.appCompleted,
  METRIC.appCompletedInSla,
  METRIC.appCompletedFirstTime,
  METRIC.appCompletionWorking,
  METRIC.appRejected,
  METRIC.appRevisions,
  METRIC.appDelivery,
];

/** Metrics recorded per operator (an operator filter applies to them). */
export const OPERATOR_SCOPED: readonly string[] = [
  METRIC.appCompleted,
  METRIC.appCompletedInSla,
  METRIC.appCompletedFirstTime,
  METRIC.appCompletionWorking,
  METRIC.appRejected,
  METRIC.appRevisions,
  METRIC.appDelivery,
  METRIC.respPerson,
  METRIC.docView,
  METRIC.nikReveal,
];

/** Metrics the report breaks down per operator even without an operator filter (privacy: who looked). */
export const BY_OPERATOR: readonly string[] = [METRIC.docView, METRIC.nikReveal];

export type RollupIncrement = {
  day: string;
  metric: string;
  serviceCode?: string;
  operatorId?: string;
  detail?: string;
  /** A duration in seconds: counted in its histogram bucket, and added to the total. */
  seconds?: number;
  /** A value added to the total of a plain count (revisions per decided application). */
  value?: number;
  /** +1 by default; −1 takes back an earlier count (a delivered message that failed afterwards). */
  count?: number;
};

export type RollupKey = {
  day: string;
  metric: string;
  serviceCode: string;
  operatorId: string;
  detail: string;
  bucket: number;
};

export type RollupRow = RollupKey & { count: number; total: number };

export const keyOf = (i: RollupIncrement): RollupKey => ({
  day: i.day,
  metric: i.metric,
  serviceCode: i.serviceCode ?? "",
  operatorId: i.operatorId ?? "",
  detail: i.detail ?? "",
  bucket: i.seconds === undefined ? -1 : bucketOf(i.seconds),
});

/** Sums increments by key, dropping keys that net to nothing: the shape both paths are compared in. */
export const aggregate = (increments: readonly RollupIncrement[]): RollupRow[] => {
  const rows = new Map<string, RollupRow>();
  for (const i of increments) {
    const key = keyOf(i);
    const id = JSON.stringify(key);
    const row = rows.get(id) ?? { ...key, count: 0, total: 0 };
    const count = i.count ?? 1;
    row.count += count;
    row.total += (i.seconds ?? i.value ?? 0) * Math.sign(count);
    rows.set(id, row);
  }
  return [...rows.values()].filter((r) => r.count !== 0 || Math.abs(r.total) > 1e-9);
};

/** The office's calendar day of an instant, YYYY-MM-DD. */
export const dayIn = (timeZone: string, at: Date): string =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    at,
  );

export type DecidedApplication = {
  serviceCode: string;
  /** Who held it when it was decided: the operator filter of the report. */
  operatorId: string | null;
  outcome: "completed" | "rejected";
  decidedAt: Date;
  dueAt: Date | null;
  pickup: boolean;
  revisions: number;
  /** Working seconds from the first submission to the decision (office calendar). */
  workingSeconds: number | null;
};

/** A completed or rejected application's increments, on the day it was decided. */
export const decidedIncrements = (tz: string, a: DecidedApplication): RollupIncrement[] => {
  const base = { day: dayIn(tz, a.decidedAt), serviceCode: a.serviceCode, operatorId: a.operatorId ?? "" };
  const decided = [{ ...base, metric: METRIC.appRevisions, value: a.revisions }];
  if (a.outcome === "rejected") return [...decided, { ...base, metric: METRIC.appRejected }];
  return [
    ...decided,
    { ...base, metric: METRIC.appCompleted },
    ...(a.dueAt && a.decidedAt.getTime() <= a.dueAt.getTime()
      ? [{ ...base, metric: METRIC.appCompletedInSla }]
      : []),
    ...(a.revisions === 0 ? [{ ...base, metric: METRIC.appCompletedFirstTime }] : []),
    ...(a.workingSeconds !== null
      ? [{ ...base, metric: METRIC.appCompletionWorking, seconds: a.workingSeconds }]
      : []),
    { ...base, metric: METRIC.appDelivery, detail: a.pickup ? "pickup" : "whatsapp" },
  ];
};

/** A first submission: counted on its day, with the time the citizen took from starting to submitting. */
export const submittedIncrements = (
  tz: string,
  a: { serviceCode: string; startedAt: Date; submittedAt: Date },
): RollupIncrement[] => {
  const base = { day: dayIn(tz, a.submittedAt), serviceCode: a.serviceCode };
  return [
    { ...base, metric: METRIC.appSubmitted },
    {
      ...base,
      metric: METRIC.appToSubmit,
      seconds: Math.max(0, (a.submittedAt.getTime() - a.startedAt.getTime()) / 1000),
    },
  ];
};

type DeliveryClass = "pending" | "delivered" | "failed";
export const deliveryClassOf = (status: string): DeliveryClass =>
  status === "delivered" || status === "read" ? "delivered" : status === "failed" ? "failed" : "pending";

/**
 * An outbound message's status moved: it leaves one delivery class and enters another (counted on the day the
 * message was queued, so a late status lands where the message is).
 */
export const deliveryIncrements = (
  tz: string,
  m: { createdAt: Date; from: string; to: string; errorCode: number | null; campaignId?: string | null },
): RollupIncrement[] => {
  const from = deliveryClassOf(m.from);
  const to = deliveryClassOf(m.to);
  if (from === to) return [];
  const day = dayIn(tz, m.createdAt);
  const metricOf = (c: DeliveryClass, count: number): RollupIncrement[] =>
    c === "pending"
      ? []
      : c === "delivered"
        ? [
            { day, metric: METRIC.msgDelivered, count },
            ...(m.campaignId ? [{ day, metric: METRIC.broadcastDelivered, count }] : []),
          ]
        : [{ day, metric: METRIC.msgFailed, detail: String(m.errorCode ?? "unknown"), count }];
  return [...metricOf(from, -1), ...metricOf(to, 1)];
};
