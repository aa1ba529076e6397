import assert from "node:assert/strict";
import { test } from "node:test";
import { krejcieMorganSampleSize, sampleAdequacy } from "./sample-size.ts";

/** The Krejcie & Morgan (1970) table, N → s (textbook values). */
const TABLE: [number, number][] = [
  [10, 10],
  [15, 14],
  [20, 19],
  [30, 28],
  [50, 44],
  [75, 63],
  [100, 80],
  [150, 108],
  [200, 132],
  [300, 169],
  [400, 196],
  [500, 217],
  [750, 254],
  [1000, 278],
  [1500, 306],
  [2000, 322],
  [3000, 341],
  [5000, 357],
  [10000, 370],
  [20000, 377],
  [50000, 381],
  [75000, 382],
  [1000000, 384],
];

test("the formula rounded to the nearest whole number reproduces the Krejcie & Morgan table", () => {
  for (const [n, s] of TABLE) assert.equal(krejcieMorganSampleSize(n), s, `N=${n}`);
});

test("rounding up would not: 15 → 15 and 500 → 218 against the table's 14 and 217", () => {
  const raw = (n: number) => (3.841 * n * 0.25) / (0.0025 * (n - 1) + 3.841 * 0.25);
  assert.equal(Math.ceil(raw(15)), 15);
  assert.equal(Math.ceil(raw(500)), 218);
  assert.equal(Math.round(raw(500)), 217);
});

test("N = 100,000 gives 383, not the 384 often quoted; 384 starts at 244,865 and is the ceiling", () => {
  assert.equal(krejcieMorganSampleSize(100000), 383);
  assert.equal(krejcieMorganSampleSize(244864), 383);
  assert.equal(krejcieMorganSampleSize(244865), 384);
  assert.equal(krejcieMorganSampleSize(300_000_000), 384);
});

test("small and invalid populations", () => {
  assert.equal(krejcieMorganSampleSize(0), 0);
  assert.equal(krejcieMorganSampleSize(1), 1);
  for (let n = 1; n <= 2000; n += 37) assert.ok(krejcieMorganSampleSize(n) <= n);
  for (const bad of [-1, 2.5, Number.NaN]) assert.throws(() => krejcieMorganSampleSize(bad), RangeError);
});

test("a period's respondents compared with what its visitor population needs", () => {
  assert.deepEqual(sampleAdequacy(250, 1000), {
    population: 1000,
    required: 278,
    respondents: 250,
    shortfall: 28,
  });
  assert.equal(sampleAdequacy(400, 1000).shortfall, 0);
});
