/**
 * How many respondents an SKM period needs: Krejcie & Morgan (1970), the table PermenPAN-RB 14/2017 refers
 * to (shared/domain/dukcapil-rules.md §3).
 *
 *   s = χ² N P(1−P) / (d² (N−1) + χ² P(1−P)),  χ² = 3.841 (1 df, 95 %), P = 0.5, d = 0.05
 *
 * Rounded to the NEAREST integer, this reproduces the published table (10→10, 15→14, 500→217 …); rounding
 * up does not (15→15, 500→218). One row often quoted, "100,000 → 384", is not what the formula gives
 * (382.64 → 383; it reaches 384 only from N = 244,865). As far as we know the original table's last row
 * is 1,000,000 → 384, and "100,000" is a copying slip. We return the formula's value.
 */
const CHI_SQUARE = 3.841;
const P = 0.5;
const D = 0.05;

export const krejcieMorganSampleSize = (population: number): number => {
  if (!Number.isInteger(population) || population < 0)
    throw new RangeError(`population must be a whole number ≥ 0; got ${population}`);
  if (population === 0) return 0;
  const spread = CHI_SQUARE * P * (1 - P);
  return Math.round((spread * population) / (D * D * (population - 1) + spread));
};

export type SampleAdequacy = { population: number; required: number; respondents: number; shortfall: number };

/** Compares a period's respondents with the sample its visitor population needs. */
export const sampleAdequacy = (respondents: number, population: number): SampleAdequacy => {
  const required = krejcieMorganSampleSize(population);
  return { population, required, respondents, shortfall: Math.max(0, required - respondents) };
};
