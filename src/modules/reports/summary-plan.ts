/**
 * Which rows of rollup_summaries answer a report query (pure). A metric is read at the level its filters
 * need — the whole office, one service, one (or each) operator, or both — and the period is read as whole
 * months from the monthly rows and the days left over at either end from the daily rows, so a year is a few
 * thousand rows whatever the office's size.
 */
import { shiftDay } from "../sla/calendar.ts";
import { BY_OPERATOR, OPERATOR_SCOPED, SERVICE_SCOPED } from "./rollup-metrics.ts";

/** A dimension summed over. */
export const SUMMED = "*";

/** 0 the whole office, 1 per service, 2 per operator, 3 per service and operator. */
export type SummaryLevel = 0 | 1 | 2 | 3;
export const SUMMARY_LEVELS: readonly SummaryLevel[] = [0, 1, 2, 3];
export const keepsService = (level: SummaryLevel) => level === 1 || level === 3;
export const keepsOperator = (level: SummaryLevel) => level === 2 || level === 3;

/** Metrics read at one level; a set serviceCode/operatorId narrows to it (unset at a kept level: every one). */
export type LevelRead = { level: SummaryLevel; metrics: string[]; serviceCode?: string; operatorId?: string };
export type PeriodRead = { grain: "day" | "month"; from: string; to: string };

export const levelReads = (
  q: { serviceCode?: string; operatorId?: string },
  metrics: readonly string[],
): LevelRead[] => {
  const reads = new Map<string, LevelRead>();
  for (const metric of metrics) {
    const serviceCode = q.serviceCode && SERVICE_SCOPED.includes(metric) ? q.serviceCode : undefined;
    const operatorId = q.operatorId && OPERATOR_SCOPED.includes(metric) ? q.operatorId : undefined;
    const perOperator = operatorId !== undefined || BY_OPERATOR.includes(metric);
    const level = ((serviceCode ? 1 : 0) + (perOperator ? 2 : 0)) as SummaryLevel;
    const id = `${level}|${serviceCode ?? ""}|${operatorId ?? ""}`;
    const read = reads.get(id) ?? {
      level,
      metrics: [],
      ...(serviceCode ? { serviceCode } : {}),
      ...(operatorId ? { operatorId } : {}),
    };
    read.metrics.push(metric);
    reads.set(id, read);
  }
  return [...reads.values()];
};

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;
const firstOfNextMonth = (day: string) => firstOfMonth(shiftDay(firstOfMonth(day), 31));

/** The period [from, to] (days, inclusive) as whole months (by their first day) and the days around them. */
export const periodReads = (from: string, to: string): PeriodRead[] => {
  if (from > to) return [];
  const firstWhole = from === firstOfMonth(from) ? from : firstOfNextMonth(from);
  const afterLastWhole = firstOfMonth(shiftDay(to, 1));
  if (firstWhole >= afterLastWhole) return [{ grain: "day", from, to }];
  const lastWhole = firstOfMonth(shiftDay(afterLastWhole, -1));
  return [
    ...(from < firstWhole ? [{ grain: "day" as const, from, to: shiftDay(firstWhole, -1) }] : []),
    { grain: "month" as const, from: firstWhole, to: lastWhole },
    ...(afterLastWhole <= to ? [{ grain: "day" as const, from: afterLastWhole, to }] : []),
  ];
};
