/**
 * Duration histograms for the daily rollups: geometric buckets 5 % wide, so a year of response times fits in a
 * few hundred rows per metric and a median or p90 read from them is within 2.5 % of the exact value.
 * Bucket 0 holds values under one unit (a second); bucket b ≥ 1 holds [1.05^(b−1), 1.05^b).
 */
const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);

export const bucketOf = (value: number): number => {
  if (!(value >= 1)) return 0;
  // The epsilon keeps exact powers of 1.05 in their own bucket despite floating-point logs.
  return 1 + Math.floor(Math.log(value) / LOG_GROWTH + 1e-9);
};

/** The value a bucket stands for: its geometric middle (0 for the sub-unit bucket). */
export const representativeOf = (bucket: number): number => (bucket <= 0 ? 0 : GROWTH ** (bucket - 1 + 0.5));

export type HistogramBucket = { bucket: number; count: number };

/**
 * The q-quantile (0 < q ≤ 1) by the nearest-rank rule over bucketed counts; null when there are none.
 * Buckets may repeat (rows of several days): they are summed.
 */
export const quantileOf = (buckets: readonly HistogramBucket[], q: number): number | null => {
  const merged = new Map<number, number>();
  for (const b of buckets) if (b.count > 0) merged.set(b.bucket, (merged.get(b.bucket) ?? 0) + b.count);
  const total = [...merged.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of [...merged.keys()].sort((a, b) => a - b)) {
    seen += merged.get(bucket) ?? 0;
    if (seen >= rank) return representativeOf(bucket);
  }
  return null;
};
