import assert from "node:assert/strict";
import { test } from "node:test";
import { type Kk, type KkError, type KkResult, maskKk, parseKk } from "./kk.ts";
import { describeKkError } from "./messages.ts";

const TODAY = new Date(Date.UTC(2025, 5, 1)); // 1 June 2025
const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

const ok = (result: KkResult): Kk => {
  if (!result.ok) assert.fail(`expected ok, got ${JSON.stringify(result.error)}`);
  return result;
};
const err = (result: KkResult): KkError => {
  if (result.ok) assert.fail(`expected an error, got ${result.nkk}`);
  return result.error;
};

test("a Kota Kupang KK issued 12-03-2018", () => {
  const kk = ok(parseKk("5371 0412 0318 0007", TODAY));
  assert.equal(kk.nkk, "5371041203180007");
  assert.equal(kk.regency, "53.71");
  assert.deepEqual(kk.regionNames, {
    province: "Nusa Tenggara Timur",
    regency: "Kota Kupang",
    district: "Oebobo",
  });
  assert.deepEqual(kk.issueDate, day(2018, 3, 12));
  assert.equal(kk.serial, "0007");
  assert.deepEqual(kk.warnings, []);
});

test("a Kabupaten Kupang KK (5301) is accepted; the number says where it was issued, not where people live", () => {
  const kk = ok(parseKk("5301.050101.050003", TODAY));
  assert.equal(kk.regionNames.regency, "Kabupaten Kupang");
  assert.deepEqual(kk.issueDate, day(2005, 1, 1));
});

test("the issue date has no +40 rule: day 41–71 is invalid on a KK", () => {
  const e = err(parseKk("5371014101180001", TODAY));
  assert.deepEqual(e, { code: "invalid_date", problem: "day", day: 41, month: 1 });
  assert.match(describeKkError(e, "id"), /bukan NIK/);
});

test("the issue year is 20YY and may not be after today", () => {
  assert.deepEqual(ok(parseKk("5371010106250001", TODAY)).issueDate, day(2025, 6, 1)); // today
  const tomorrow = err(parseKk("5371010206250001", TODAY));
  assert.deepEqual(tomorrow, { code: "future_issue_date", issueDate: day(2025, 6, 2) });
  // "90" is 2090, not 1990.
  assert.deepEqual(err(parseKk("5371011401900001", TODAY)), {
    code: "future_issue_date",
    issueDate: day(2090, 1, 14),
  });
  assert.match(describeKkError(tomorrow, "id"), /belum lewat/);
  assert.match(describeKkError(tomorrow, "en"), /has not come yet/);
});

test("calendar, month, length, letters and serial are checked like a NIK", () => {
  assert.deepEqual(err(parseKk("5371013102180001", TODAY)), {
    code: "invalid_date",
    problem: "calendar",
    day: 31,
    month: 2,
  });
  assert.deepEqual(ok(parseKk("5371012902200001", TODAY)).issueDate, day(2020, 2, 29));
  assert.equal(err(parseKk("5371012902190001", TODAY)).code, "invalid_date");
  assert.equal(err(parseKk("5371011413180001", TODAY)).code, "invalid_date");
  assert.deepEqual(err(parseKk("537101120318000", TODAY)), { code: "wrong_length", digits: 15 });
  assert.deepEqual(err(parseKk("53710112031800071", TODAY)), { code: "wrong_length", digits: 17 });
  assert.deepEqual(err(parseKk("KK 5371011203180007", TODAY)), { code: "non_digit", characters: ["K"] });
  assert.deepEqual(err(parseKk("5371011203180000", TODAY)), { code: "zero_serial" });
});

test("an unknown region is only a warning", () => {
  const kk = ok(parseKk("5399011203180007", TODAY));
  assert.deepEqual(kk.warnings, [{ code: "unknown_region", level: "regency", regionCode: "53.99" }]);
});

test("messages for KK errors", () => {
  const short = describeKkError({ code: "wrong_length", digits: 15 }, "id");
  assert.match(short, /^Nomor KK harus 16 angka\. Yang Anda kirim 15 angka\./);
  assert.match(short, /Kartu Keluarga Anda \(nomornya ada di bagian atas\)/);
  assert.match(describeKkError({ code: "zero_serial" }, "en"), /KK number is not valid/);
});

test("masking", () => {
  assert.equal(maskKk("5301 0501 0105 0003"), "5301••••••••0003");
});

/** Deterministic PRNG (mulberry32). */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

test("property: any issue date from 2000 to today round-trips", () => {
  const next = random(5371);
  const two = (n: number) => String(n).padStart(2, "0");
  const earliest = Date.UTC(2000, 0, 1);
  const days = (TODAY.getTime() - earliest) / 864e5 + 1;
  for (let i = 0; i < 1000; i++) {
    const issueDate = new Date(earliest + Math.floor(next() * days) * 864e5);
    const serial = String(1 + Math.floor(next() * 9999)).padStart(4, "0");
    const nkk = `537103${two(issueDate.getUTCDate())}${two(issueDate.getUTCMonth() + 1)}${two(issueDate.getUTCFullYear() % 100)}${serial}`;
    const kk = ok(parseKk(nkk, TODAY));
    assert.deepEqual(kk.issueDate, issueDate, nkk);
    assert.equal(kk.serial, serial);
    assert.equal(kk.regionNames.district, "Kelapa Lima");
  }
});
