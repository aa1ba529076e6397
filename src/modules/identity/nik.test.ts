import assert from "node:assert/strict";
import { test } from "node:test";
import { describeNikError } from "./messages.ts";
import { maskNik, type Nik, type NikError, type NikResult, parseNik } from "./nik.ts";
import { DISTRICTS, REGENCIES, regionName } from "./regions.ts";

const TODAY = new Date(Date.UTC(2025, 5, 1)); // 1 June 2025
const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

const ok = (result: NikResult): Nik => {
  if (!result.ok) assert.fail(`expected ok, got ${JSON.stringify(result.error)}`);
  return result;
};
const err = (result: NikResult): NikError => {
  if (result.ok) assert.fail(`expected an error, got ${result.nik}`);
  return result.error;
};
const codes = (nik: Nik) => nik.warnings.map((w) => w.code);

test("a man born 14-01-1990 in Alak, Kota Kupang", () => {
  const nik = ok(parseNik("5371011401900042", TODAY));
  assert.equal(nik.nik, "5371011401900042");
  assert.equal(nik.province, "53");
  assert.equal(nik.regency, "53.71");
  assert.equal(nik.district, "53.71.01");
  assert.deepEqual(nik.regionNames, {
    province: "Nusa Tenggara Timur",
    regency: "Kota Kupang",
    district: "Alak",
  });
  assert.deepEqual(nik.birthDate, day(1990, 1, 14));
  assert.equal(nik.sex, "M");
  assert.equal(nik.serial, "0042");
  assert.deepEqual(nik.warnings, []);
});

test("a woman has 40 added to the day: 54 is the 14th, 41 the 1st, 71 the 31st", () => {
  const a = ok(parseNik("5371025401900001", TODAY));
  assert.equal(a.sex, "F");
  assert.deepEqual(a.birthDate, day(1990, 1, 14));
  assert.equal(a.regionNames.district, "Maulafa");
  assert.deepEqual(ok(parseNik("5371014101900042", TODAY)).birthDate, day(1990, 1, 1));
  assert.deepEqual(ok(parseNik("5371047103850007", TODAY)).birthDate, day(1985, 3, 31));
});

test("separators people type are ignored", () => {
  for (const typed of [
    "5371 0141 0190 0042",
    "5371.014101.900042",
    "53.71.01-410190-0042",
    "  5371014101900042\n",
    "5371\u00a00141\u00a00190\u00a00042",
    "'5371014101900042",
    "5371/0141/0190/0042",
    "５３７１０１４１０１９０００４２", // full-width digits from some keyboards
  ]) {
    assert.equal(ok(parseNik(typed, TODAY)).nik, "5371014101900042", typed);
  }
});

test("serial 0000 is rejected", () => {
  assert.deepEqual(err(parseNik("5371011401900000", TODAY)), { code: "zero_serial" });
});

test("15 and 17 digits are rejected, saying how many were given", () => {
  assert.deepEqual(err(parseNik("537101140190004", TODAY)), { code: "wrong_length", digits: 15 });
  assert.deepEqual(err(parseNik("53710114019000421", TODAY)), { code: "wrong_length", digits: 17 });
  assert.deepEqual(err(parseNik("", TODAY)), { code: "wrong_length", digits: 0 });
});

test("letters are rejected before length, listing them once", () => {
  assert.deepEqual(err(parseNik("5371O114O1900042", TODAY)), { code: "non_digit", characters: ["O"] });
  assert.deepEqual(err(parseNik("NIK 5371011401900042", TODAY)), {
    code: "non_digit",
    characters: ["N", "I", "K"],
  });
  // A masked NIK pasted back is not a NIK.
  assert.equal(err(parseNik(maskNik("5371011401900042"), TODAY)).code, "non_digit");
});

test("impossible days and months", () => {
  const problem = (nik: string) => {
    const e = err(parseNik(nik, TODAY));
    return e.code === "invalid_date" ? e.problem : e.code;
  };
  assert.equal(problem("5371013102900001"), "calendar"); // 31 Feb
  assert.equal(problem("5371017102900001"), "calendar"); // woman, 31 Feb
  assert.equal(problem("5371013104900001"), "calendar"); // 31 Apr
  assert.equal(problem("5371010001900001"), "day"); // day 00
  assert.equal(problem("5371013201900001"), "day"); // 32
  assert.equal(problem("5371014001900001"), "day"); // 40: neither a man's nor a woman's day
  assert.equal(problem("5371017201900001"), "day"); // 72
  assert.equal(problem("5371011413900001"), "month");
  assert.equal(problem("5371011400900001"), "month");
  assert.deepEqual(err(parseNik("5371017102900001", TODAY)), {
    code: "invalid_date",
    problem: "calendar",
    day: 31,
    month: 2,
  });
});

test("29 February exists only in leap years", () => {
  assert.deepEqual(ok(parseNik("5371012902960001", TODAY)).birthDate, day(1996, 2, 29));
  assert.deepEqual(ok(parseNik("5371016902960001", TODAY)).birthDate, day(1996, 2, 29)); // woman
  assert.equal(err(parseNik("5371012902970001", TODAY)).code, "invalid_date");
  // "00" is 2000, a leap year; 1900 was not, so the older reading is not even ambiguous.
  const y2k = ok(parseNik("5371012902000001", TODAY));
  assert.deepEqual(y2k.birthDate, day(2000, 2, 29));
  assert.deepEqual(codes(y2k), []);
});

test("Kota Kupang (5371) and Kabupaten Kupang (5301) are different regions, both known", () => {
  assert.equal(ok(parseNik("5371011401900042", TODAY)).regionNames.regency, "Kota Kupang");
  const kab = ok(parseNik("5301051401900042", TODAY));
  assert.equal(kab.regency, "53.01");
  assert.equal(kab.regionNames.regency, "Kabupaten Kupang");
  // We do not hold Kabupaten Kupang's kecamatan, so a missing name there is not "unknown".
  assert.deepEqual(kab.warnings, []);
  assert.equal(regionName("5371"), "Kota Kupang");
  assert.equal(regionName("53.01"), "Kabupaten Kupang");
  assert.equal(regionName("537106"), "Kota Lama");
  assert.equal(regionName("5399"), undefined);
  assert.equal(Object.keys(REGENCIES).filter((c) => c.startsWith("53.")).length, 22);
  assert.equal(Object.keys(DISTRICTS).length, 6);
});

test("an unknown region is a warning, never a rejection", () => {
  const province = ok(parseNik("9901011401900042", TODAY));
  assert.deepEqual(province.warnings, [{ code: "unknown_region", level: "province", regionCode: "99" }]);
  assert.deepEqual(province.regionNames, {});
  const regency = ok(parseNik("5399011401900042", TODAY));
  assert.deepEqual(regency.warnings, [{ code: "unknown_region", level: "regency", regionCode: "53.99" }]);
  const district = ok(parseNik("5371071401900042", TODAY));
  assert.deepEqual(district.warnings, [
    { code: "unknown_region", level: "district", regionCode: "53.71.07" },
  ]);
  // Outside NTT we only hold provinces: a Bogor NIK is fine, without warnings.
  assert.deepEqual(ok(parseNik("3201011401900042", TODAY)).regionNames, { province: "Jawa Barat" });
});

test("century: the latest century not after today; ambiguous only when both are living ages", () => {
  // '20': 2020 (age 5) or 1920 (age 105).
  const born20 = ok(parseNik("5371011506200001", TODAY));
  assert.deepEqual(born20.birthDate, day(2020, 6, 15));
  assert.deepEqual(born20.warnings, [{ code: "century_ambiguous", alternativeBirthDate: day(1920, 6, 15) }]);
  // '90': 1990 only; 2090 is in the future and 1890 would be 135.
  assert.deepEqual(codes(ok(parseNik("5371011401900042", TODAY))), []);
  // '25' after today's date: 2025-07-15 is in the future, so 1925 (age 99), not ambiguous.
  const born25later = ok(parseNik("5371011507250001", TODAY));
  assert.deepEqual(born25later.birthDate, day(1925, 7, 15));
  assert.deepEqual(codes(born25later), []);
  // Born today counts as not after today.
  assert.deepEqual(ok(parseNik("5371010106250001", TODAY)).birthDate, day(2025, 6, 1));
  // 15-06-05: 2005 (age 19) or 1905 (age 119, ≤ 120) is ambiguous; 15-01-04 → 1904 would be 121, so not.
  assert.equal(codes(ok(parseNik("5371011506050001", TODAY)))[0], "century_ambiguous");
  assert.deepEqual(ok(parseNik("5371011501040001", TODAY)).birthDate, day(2004, 1, 15));
  assert.deepEqual(codes(ok(parseNik("5371011501040001", TODAY))), []);
});

test("today is read as the office's day in WITA (UTC+8)", () => {
  // 1 June 2025 20:00 UTC is already 2 June in Kupang: a baby born 2 June is not in the future.
  const evening = new Date(Date.UTC(2025, 5, 1, 20));
  assert.deepEqual(ok(parseNik("5371010206250001", evening)).birthDate, day(2025, 6, 2));
  assert.deepEqual(ok(parseNik("5371010206250001", TODAY)).birthDate, day(1925, 6, 2));
});

test("masking keeps region and serial, hides the birth date", () => {
  assert.equal(maskNik("5371014101900042"), "5371••••••••0042");
  assert.equal(maskNik("5371 0141 0190 0042"), "5371••••••••0042");
  assert.equal(maskNik("53710141019"), "••••••••••••••••");
});

test("error messages tell the citizen what to fix, in Bahasa Indonesia and English", () => {
  const e15 = err(parseNik("537101140190004", TODAY));
  assert.match(describeNikError(e15, "id"), /NIK harus 16 angka\. Yang Anda kirim 15 angka\./);
  assert.match(describeNikError(e15, "id"), /Silakan periksa KTP atau Kartu Keluarga Anda dan kirim ulang\./);
  assert.match(describeNikError(e15, "en"), /You sent 15 digits\./);
  assert.match(describeNikError({ code: "wrong_length", digits: 0 }, "id"), /belum menerima NIK/);
  const letter = err(parseNik("5371O11401900042", TODAY));
  assert.match(describeNikError(letter, "id"), /huruf "O" mungkin maksudnya angka 0/);
  const words = describeNikError(err(parseNik("NIK saya 5371011401900042", TODAY)), "id");
  assert.match(words, /Kirim 16 angka NIK saja, tanpa kata lain\./);
  assert.doesNotMatch(words, /maksudnya angka/);
  const feb31 = err(parseNik("5371013102900001", TODAY));
  assert.match(describeNikError(feb31, "id"), /31-02/);
  assert.match(describeNikError(feb31, "en"), /digits 7 to 12/);
  assert.match(describeNikError({ code: "zero_serial" }, "id"), /0000/);
  for (const locale of ["id", "en"] as const) {
    // Never echo the number: it may be someone else's.
    assert.doesNotMatch(describeNikError(e15, locale), /5371/);
  }
});

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

test("property: building a NIK from random valid fields and parsing it gives the same fields back", () => {
  const next = random(20250601);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const two = (n: number) => String(n).padStart(2, "0");
  const regions = [...Object.keys(DISTRICTS), "53.01.05", "53.14.02", "32.01.01", "99.99.99"];
  const separators = ["", " ", ".", "-", "  "];
  const earliest = Date.UTC(1925, 5, 2); // within 100 years, so the latest century is the right one
  for (let i = 0; i < 2000; i++) {
    const birthDate = new Date(
      earliest + Math.floor(next() * ((TODAY.getTime() - earliest) / 864e5 + 1)) * 864e5,
    );
    const sex = pick(["F", "M"] as const);
    const region = pick(regions);
    const serial = String(1 + Math.floor(next() * 9999)).padStart(4, "0");
    const dd = birthDate.getUTCDate() + (sex === "F" ? 40 : 0);
    const digits = `${region.replace(/\./g, "")}${two(dd)}${two(birthDate.getUTCMonth() + 1)}${two(birthDate.getUTCFullYear() % 100)}${serial}`;
    const typed = digits.match(/.{4}/g)!.join(pick(separators));
    const nik = ok(parseNik(typed, TODAY));
    assert.equal(nik.nik, digits);
    assert.deepEqual(nik.birthDate, birthDate, typed);
    assert.equal(nik.sex, sex);
    assert.equal(nik.serial, serial);
    assert.equal(nik.district, region);
    assert.equal(nik.regency, region.slice(0, 5));
    assert.equal(nik.province, region.slice(0, 2));
    assert.equal(maskNik(typed), `${digits.slice(0, 4)}••••••••${serial}`);
  }
});
