/**
 * The quality report for a period: read from the daily rollups (never from raw messages or applications) and
 * from a few small tables. Every figure is a formula of metrics.ts over counts it keeps, so the page can show
 * how it was computed.
 */
import { type Tx, yieldingBetweenStatements } from "../../platform/db/client.ts";
import { countOverdueBlobs, type RetentionPolicy } from "../retention/retention.repo.ts";
import { shiftDay, zonedToUtc } from "../sla/calendar.ts";
import { ESQUAL_DIMENSIONS, ESQUAL_ITEMS, scoreEsqual } from "../surveys/esqual.ts";
import { ELEMENT_CODES, type ElementCode, ikmFromTallies, SKM_ELEMENTS } from "../surveys/ikm.ts";
import { krejcieMorganSampleSize } from "../surveys/sample-size.ts";
import type { HistogramBucket } from "./histogram.ts";
import { distribution, perWeek, ratio } from "./metrics.ts";
import * as repo from "./report.repo.ts";
import type { EsqualSection, IkmSection, QualityReport, ReportFilter } from "./report.types.ts";
import { METRIC } from "./rollup-metrics.ts";
import { officeTimeZone } from "./rollups.repo.ts";
import { dailyCounts, sumRollups } from "./summaries.repo.ts";

type Summed = Awaited<ReturnType<typeof sumRollups>>;

const count = (rows: Summed, metric: string, detail?: string) =>
  rows
    .filter((r) => r.metric === metric && (detail === undefined || r.detail === detail))
    .reduce((a, r) => a + Number(r.count), 0);
const total = (rows: Summed, metric: string) =>
  rows.filter((r) => r.metric === metric).reduce((a, r) => a + Number(r.total), 0);
const durations = (rows: Summed, metric: string) => {
  const mine = rows.filter((r) => r.metric === metric);
  const buckets: HistogramBucket[] = mine.map((r) => ({ bucket: r.bucket, count: Number(r.count) }));
  return distribution(
    buckets,
    mine.reduce((a, r) => a + Number(r.total), 0),
  );
};

const startOfDay = (tz: string, day: string) => {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return zonedToUtc(tz, { year, month, day: date, hour: 0, minute: 0 });
};
const nextDay = (day: string) => shiftDay(day, 1);

export const loadQualityReport = async (
  transaction: Tx,
  filter: ReportFilter,
  o: { now: Date; retention?: RetentionPolicy },
): Promise<QualityReport> => {
  const tx = yieldingBetweenStatements(transaction);
  const tz = await officeTimeZone(tx, filter.officeId);
  const span = {
    officeId: filter.officeId,
    start: startOfDay(tz, filter.from),
    end: startOfDay(tz, nextDay(filter.to)),
  };
  const sums = await sumRollups(tx, filter);
  const names = await repo.operatorNames(tx, filter.officeId);
  const completed = count(sums, METRIC.appCompleted);
  const rejected = count(sums, METRIC.appRejected);
  const health = await repo.healthMinutes(tx, span, o.now);
  const stored = count(sums, METRIC.docStored);
  const unencrypted = await repo.unencryptedDocuments(tx, span);
  const dsr = await repo.dsrDeadlines(tx, span);
  return {
    filter,
    generatedAt: o.now.toISOString(),
    efficiency: {
      firstResponseBot: durations(sums, METRIC.respBot),
      firstResponsePerson: durations(sums, METRIC.respPerson),
      botAnswered: ratio(
        count(sums, METRIC.infoAnswered) - count(sums, METRIC.infoEscalated),
        count(sums, METRIC.infoAnswered),
      ),
      timeToSubmit: durations(sums, METRIC.appToSubmit),
      firstTimeRight: ratio(count(sums, METRIC.appCompletedFirstTime), completed),
    },
    fulfilment: {
      withinSla: ratio(count(sums, METRIC.appCompletedInSla), completed),
      completionHours: hours(durations(sums, METRIC.appCompletionWorking)),
      revisionsPerApplication: ratio(total(sums, METRIC.appRevisions), count(sums, METRIC.appRevisions)),
      rejectionRate: ratio(rejected, completed + rejected),
      deliveredOnWhatsapp: ratio(count(sums, METRIC.appDelivery, "whatsapp"), completed),
    },
    availability: {
      webhookAvailability: ratio(health.healthy, health.observed),
      deliverySuccess: ratio(
        count(sums, METRIC.msgDelivered),
        count(sums, METRIC.msgDelivered) + count(sums, METRIC.msgFailed),
      ),
      failedByReason: failedByReason(sums),
      outboxLag: durations(sums, METRIC.msgLag),
      siakOutageHours: await repo.outageHours(tx, span, o.now),
    },
    privacy: {
      encrypted: ratio(stored - unencrypted, stored),
      pastRetentionNotPurged: o.retention
        ? await countOverdueBlobs(tx, { policy: o.retention, now: o.now, officeId: filter.officeId })
        : 0,
      byOperator: byOperator(sums, names),
      dsrWithinDeadline: ratio(dsr.in_time, dsr.due),
    },
    reach: {
      newCitizensByWeek: perWeek(
        (await dailyCounts(tx, filter, [METRIC.contactNew])).map((r) => ({
          day: r.day,
          count: Number(r.count),
        })),
      ),
      applications: {
        whatsapp: count(sums, METRIC.appSubmitted),
        counter: await repo.counterApplications(tx, {
          officeId: filter.officeId,
          fromMonth: filter.from.slice(0, 7),
          toMonth: filter.to.slice(0, 7),
          serviceCode: filter.serviceCode,
        }),
      },
      broadcast: {
        recipients: count(sums, METRIC.broadcastQueued),
        delivered: count(sums, METRIC.broadcastDelivered),
      },
    },
    daily: await daily(tx, filter),
    ikm: await ikmSection(tx, filter, completed),
    esqual: await esqualSection(tx, filter),
  };
};

/** Completion is kept in working seconds; the report speaks in working hours. */
const hours = (d: ReturnType<typeof distribution>) => {
  const h = (v: number | null) => (v === null ? null : v / 3600);
  return { count: d.count, mean: h(d.mean), median: h(d.median), p90: h(d.p90), p95: h(d.p95) };
};

const failedByReason = (sums: Summed) => {
  const byCode = new Map<string, number>();
  for (const r of sums.filter((r) => r.metric === METRIC.msgFailed))
    byCode.set(r.detail, (byCode.get(r.detail) ?? 0) + Number(r.count));
  return [...byCode.entries()]
    .filter(([, n]) => n > 0)
    .map(([code, n]) => ({ code, count: n }))
    .sort((a, b) => b.count - a.count);
};

const byOperator = (sums: Summed, names: Map<string, string>) => {
  const rows = new Map<string, { documentViews: number; nikReveals: number }>();
  for (const r of sums.filter((r) => r.metric === METRIC.docView || r.metric === METRIC.nikReveal)) {
    const row = rows.get(r.operator_id) ?? { documentViews: 0, nikReveals: 0 };
    if (r.metric === METRIC.docView) row.documentViews += Number(r.count);
    else row.nikReveals += Number(r.count);
    rows.set(r.operator_id, row);
  }
  return [...rows.entries()]
    .map(([operatorId, v]) => ({ operatorId, name: names.get(operatorId) ?? "—", ...v }))
    .sort((a, b) => b.documentViews + b.nikReveals - (a.documentViews + a.nikReveals));
};

const daily = async (tx: Tx, filter: ReportFilter) => {
  const found = await dailyCounts(tx, filter, [METRIC.appSubmitted, METRIC.appCompleted, METRIC.appRejected]);
  const days = new Map<string, { day: string; submitted: number; completed: number; rejected: number }>();
  for (let d = filter.from; d <= filter.to; d = nextDay(d))
    days.set(d, { day: d, submitted: 0, completed: 0, rejected: 0 });
  for (const r of found) {
    const row = days.get(String(r.day));
    if (!row) continue;
    if (r.metric === METRIC.appSubmitted) row.submitted += Number(r.count);
    if (r.metric === METRIC.appCompleted) row.completed += Number(r.count);
    if (r.metric === METRIC.appRejected) row.rejected += Number(r.count);
  }
  return [...days.values()];
};

/** The IKM of the SKM answers in the period, against the Krejcie–Morgan sample for the citizens served. */
const ikmSection = async (tx: Tx, filter: ReportFilter, population: number): Promise<IkmSection> => {
  const t = await repo.skmTallies(tx, filter);
  const elements = Object.fromEntries(
    ELEMENT_CODES.map((c) => [c, { answered: Number(t[`${c}_n`] ?? 0), sum: Number(t[`${c}_sum`] ?? 0) }]),
  ) as Record<ElementCode, { answered: number; sum: number }>;
  const result = ikmFromTallies({
    responses: Number(t.responses ?? 0),
    respondents: Number(t.respondents ?? 0),
    elements,
  });
  const ok = result.status === "ok" ? result : undefined;
  return {
    respondents: result.respondents,
    elements: SKM_ELEMENTS.map((e) => ({
      code: e.code,
      name: e.name.id,
      answered: result.elements[e.code].answered,
      average: result.elements[e.code].nrr,
    })),
    index: ok?.ikm ?? null,
    converted: ok?.converted ?? null,
    category: ok?.category ?? null,
    categoryLabel: ok?.categoryLabel.id ?? null,
    population,
    requiredSample: population > 0 ? krejcieMorganSampleSize(population) : null,
  };
};

/** The adapted E-S-QUAL answers of the period, scored on their own (they never enter the IKM above). */
const esqualSection = async (tx: Tx, filter: ReportFilter): Promise<EsqualSection> => {
  const result = scoreEsqual(await repo.esqualAnswers(tx, filter));
  return {
    adapted: true,
    respondents: result.respondents,
    dimensions: ESQUAL_DIMENSIONS.map((code) => ({ code, ...result.dimensions[code] })),
    items: ESQUAL_ITEMS.map((i) => ({
      code: i.code,
      dimension: i.dimension,
      adaptedFrom: i.adaptedFrom,
      ...result.items[i.code]!,
    })),
  };
};
