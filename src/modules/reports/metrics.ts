/**
 * The formulas of the quality report, pure: every ratio and distribution says "no data" (null) instead of
 * dividing by zero, and carries its numerator and denominator so the page can show how it was computed.
 */
import { type HistogramBucket, quantileOf } from "./histogram.ts";

export type Ratio = { numerator: number; denominator: number; value: number | null };

export type Distribution = {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
};

export const ratio = (numerator: number, denominator: number): Ratio => ({
  numerator,
  denominator,
  value: denominator > 0 ? numerator / denominator : null,
});

/** From a histogram's buckets and the exact sum of the values (the rollups keep both). */
export const distribution = (buckets: readonly HistogramBucket[], total: number): Distribution => {
  const count = buckets.reduce((a, b) => a + b.count, 0);
  return {
    count,
    mean: count > 0 ? total / count : null,
    median: quantileOf(buckets, 0.5),
    p90: quantileOf(buckets, 0.9),
    p95: quantileOf(buckets, 0.95),
  };
};

/** Monday of the ISO week a YYYY-MM-DD day falls in (weeks start on Monday in Indonesia as in ISO 8601). */
export const weekStartOf = (day: string): string => {
  const date = new Date(`${day}T00:00:00Z`);
  const offset = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - offset);
  return date.toISOString().slice(0, 10);
};

/** Counts per ISO week, oldest first, from counts per day. */
export const perWeek = (days: ReadonlyArray<{ day: string; count: number }>) => {
  const weeks = new Map<string, number>();
  for (const d of days) weeks.set(weekStartOf(d.day), (weeks.get(weekStartOf(d.day)) ?? 0) + d.count);
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([weekStart, count]) => ({ weekStart, count }));
};
