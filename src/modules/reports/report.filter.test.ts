/** The report's filters: every kind of period, and every malformed input refused with a reason (no throw). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type FilterQuery, filterQuery, isDay, monthsOf, parseReportFilter } from "./report.filter.ts";

const CTX = {
  officeId: "office-1",
  today: "2026-11-27",
  serviceCodes: ["kia", "kk"],
  operatorIds: ["00000000-0000-4000-8000-00000000000a"],
};
const parse = (q: FilterQuery) => parseReportFilter(q, CTX);
const range = (q: FilterQuery) => {
  const parsed = parse(q);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return [parsed.filter.from, parsed.filter.to];
};
const refusal = (q: FilterQuery) => {
  const parsed = parse(q);
  assert.ok(!parsed.ok, `expected a refusal for ${JSON.stringify(q)}`);
  return parsed.refusal;
};

describe("report filter", () => {
  test("no filter is this month in the office's calendar", () => {
    const parsed = parse({});
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.filter, { officeId: "office-1", from: "2026-11-01", to: "2026-11-30" });
    assert.equal(parsed.form.period, "month");
  });

  test("months, semesters, years and ranges become first and last days", () => {
    assert.deepEqual(range({ period: "month", month: "2024-02" }), ["2024-02-01", "2024-02-29"]);
    assert.deepEqual(range({ period: "month", month: "2026-12" }), ["2026-12-01", "2026-12-31"]);
    assert.deepEqual(range({ period: "semester", semester: "2026-1" }), ["2026-01-01", "2026-06-30"]);
    assert.deepEqual(range({ period: "semester", semester: "2026-2" }), ["2026-07-01", "2026-12-31"]);
    assert.deepEqual(range({ period: "year", year: "2025" }), ["2025-01-01", "2025-12-31"]);
    assert.deepEqual(range({ period: "custom", from: "2026-11-03", to: "2026-11-09" }), [
      "2026-11-03",
      "2026-11-09",
    ]);
    assert.deepEqual(
      range({ from: "2026-11-03", to: "2026-11-03" }),
      ["2026-11-03", "2026-11-03"],
      "a bare range",
    );
  });

  test("service and officer narrow the report when they are known", () => {
    const parsed = parse({ service: "kia", operator: CTX.operatorIds[0] });
    assert.ok(parsed.ok);
    assert.equal(parsed.filter.serviceCode, "kia");
    assert.equal(parsed.filter.operatorId, CTX.operatorIds[0]);
  });

  test("malformed input is refused with the reason and the value, and the form keeps what was typed", () => {
    assert.deepEqual(refusal({ period: "custom", from: "2026-02-30", to: "2026-03-01" }), {
      code: "err_bad_date",
      vars: { value: "2026-02-30" },
    });
    assert.equal(refusal({ period: "custom", from: "kemarin", to: "2026-03-01" }).code, "err_bad_date");
    assert.equal(refusal({ period: "custom", from: "2026-03-01" }).code, "err_bad_date", "a missing end");
    assert.deepEqual(refusal({ period: "custom", from: "2026-03-02", to: "2026-03-01" }), {
      code: "err_range_order",
      vars: { from: "2026-03-02", to: "2026-03-01" },
    });
    assert.equal(
      refusal({ period: "custom", from: "2024-01-01", to: "2025-01-02" }).code,
      "err_range_too_long",
    );
    assert.equal(refusal({ period: "month", month: "2026-13" }).code, "err_bad_month");
    assert.equal(refusal({ period: "month", month: "1999-12" }).code, "err_bad_month");
    assert.equal(refusal({ period: "semester", semester: "2026-3" }).code, "err_bad_semester");
    assert.equal(refusal({ period: "year", year: "20x6" }).code, "err_bad_year");
    assert.equal(refusal({ period: "week" }).code, "err_bad_period");
    assert.equal(refusal({ service: "paspor" }).code, "err_bad_service");
    assert.equal(refusal({ operator: "00000000-0000-4000-8000-000000000099" }).code, "err_bad_operator");
    const parsed = parse({ period: "custom", from: "2026-02-30", to: "2026-03-01" });
    assert.ok(!parsed.ok);
    assert.equal(parsed.form.from, "2026-02-30");
    assert.equal(parsed.form.period, "custom");
  });

  test("a leap year range of 366 days is allowed; 367 is not", () => {
    assert.deepEqual(range({ from: "2024-01-01", to: "2024-12-31" }), ["2024-01-01", "2024-12-31"]);
    assert.equal(refusal({ from: "2024-01-01", to: "2025-01-01" }).code, "err_range_too_long");
  });

  test("the query of a parsed filter asks for the same report", () => {
    for (const q of [
      { period: "semester", semester: "2025-2", service: "kk" },
      { period: "custom", from: "2026-10-05", to: "2026-11-04", operator: CTX.operatorIds[0] },
      { period: "year", year: "2026" },
    ]) {
      const first = parse(q);
      assert.ok(first.ok);
      const again = parse(Object.fromEntries(new URLSearchParams(filterQuery(first.form))));
      assert.ok(again.ok);
      assert.deepEqual(again.filter, first.filter);
    }
  });

  test("days and months of a period", () => {
    assert.ok(isDay("2024-02-29"));
    assert.ok(!isDay("2026-02-29"));
    assert.ok(!isDay("2026-1-01"));
    assert.deepEqual(monthsOf("2026-11-15", "2027-02-01"), ["2026-11", "2026-12", "2027-01", "2027-02"]);
    assert.deepEqual(monthsOf("2026-11-01", "2026-11-30"), ["2026-11"]);
  });
});
