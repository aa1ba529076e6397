import assert from "node:assert/strict";
import { test } from "node:test";
import { METRIC } from "./rollup-metrics.ts";
import { levelReads, periodReads } from "./summary-plan.ts";

test("a period is read as its whole months and the days left over at either end", () => {
  assert.deepEqual(periodReads("2026-01-01", "2026-12-31"), [
    { grain: "month", from: "2026-01-01", to: "2026-12-01" },
  ]);
  assert.deepEqual(periodReads("2026-02-01", "2026-02-28"), [
    { grain: "month", from: "2026-02-01", to: "2026-02-01" },
  ]);
  assert.deepEqual(periodReads("2026-01-15", "2026-03-10"), [
    { grain: "day", from: "2026-01-15", to: "2026-01-31" },
    { grain: "month", from: "2026-02-01", to: "2026-02-01" },
    { grain: "day", from: "2026-03-01", to: "2026-03-10" },
  ]);
  // No whole month inside: days only, across the month boundary.
  assert.deepEqual(periodReads("2026-01-15", "2026-02-10"), [
    { grain: "day", from: "2026-01-15", to: "2026-02-10" },
  ]);
  assert.deepEqual(periodReads("2026-11-03", "2026-11-03"), [
    { grain: "day", from: "2026-11-03", to: "2026-11-03" },
  ]);
  // A leap February, and a year boundary.
  assert.deepEqual(periodReads("2028-02-01", "2028-02-29"), [
    { grain: "month", from: "2028-02-01", to: "2028-02-01" },
  ]);
  assert.deepEqual(periodReads("2026-12-31", "2027-01-31"), [
    { grain: "day", from: "2026-12-31", to: "2026-12-31" },
    { grain: "month", from: "2027-01-01", to: "2027-01-01" },
  ]);
  assert.deepEqual(periodReads("2026-03-02", "2026-03-01"), []);
});

test("each metric is read at the level its filters need, per-operator metrics per operator", () => {
  const metrics = [METRIC.appCompleted, METRIC.msgDelivered, METRIC.docView, METRIC.appSubmitted];
  assert.deepEqual(levelReads({}, metrics), [
    { level: 0, metrics: [METRIC.appCompleted, METRIC.msgDelivered, METRIC.appSubmitted] },
    { level: 2, metrics: [METRIC.docView] },
  ]);
  assert.deepEqual(levelReads({ serviceCode: "kk" }, metrics), [
    { level: 1, metrics: [METRIC.appCompleted, METRIC.appSubmitted], serviceCode: "kk" },
    { level: 0, metrics: [METRIC.msgDelivered] },
    { level: 2, metrics: [METRIC.docView] },
  ]);
  assert.deepEqual(levelReads({ operatorId: "op", serviceCode: "kk" }, metrics), [
    { level: 3, metrics: [METRIC.appCompleted], serviceCode: "kk", operatorId: "op" },
    { level: 0, metrics: [METRIC.msgDelivered] },
    { level: 2, metrics: [METRIC.docView], operatorId: "op" },
    { level: 1, metrics: [METRIC.appSubmitted], serviceCode: "kk" },
  ]);
});
