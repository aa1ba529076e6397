import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type ApplicationFacts,
  cleanFilters,
  isUnder17,
  kecamatanOfKk,
  matchingContacts,
  turns17In,
} from "./audience.ts";

const wita = (local: string) => new Date(`${local}:00+08:00`);
const NOW = wita("2026-05-10T10:00");
const none = { kiaSubjects: new Set<string>(), ktpSubjects: new Set<string>() };

// 5371 04 | 150509 | 0001: a boy of Oebobo born 15-05-2009 — 17 this May.
const BOY_17_IN_MAY = "5371041505090001";
// Day 55 = a girl born on the 15th: 15-05-2009, also 17 this May.
const GIRL_17_IN_MAY = "5371045505090002";
const BOY_17_IN_JUNE = "5371041506090003";
const CHILD_2020 = "5371041401200003";
const ADULT = "5371011201800004";
// A KK issued in Kelapa Lima (53.71.03) on 01-02-2021.
const KK_KELAPA_LIMA = "5371030102210005";

test("turns 17 this month reads DDMMYY with +40 for women, in the WITA month", () => {
  assert.equal(turns17In(BOY_17_IN_MAY, NOW), true);
  assert.equal(turns17In(GIRL_17_IN_MAY, NOW), true);
  assert.equal(turns17In(BOY_17_IN_JUNE, NOW), false);
  assert.equal(turns17In(ADULT, NOW), false);
  // 31 May 23:30 WITA is still May in Kupang although UTC says 31 May 15:30; 1 June 00:30 WITA is June.
  assert.equal(turns17In(BOY_17_IN_MAY, wita("2026-05-31T23:30")), true);
  assert.equal(turns17In(BOY_17_IN_JUNE, wita("2026-06-01T00:30")), true);
  assert.equal(turns17In("not a nik", NOW), false);
});

test("under 17 counts whole years to the WITA day", () => {
  assert.equal(isUnder17(CHILD_2020, NOW), true);
  assert.equal(isUnder17(BOY_17_IN_MAY, wita("2026-05-14T23:00")), true, "the day before the birthday");
  assert.equal(isUnder17(BOY_17_IN_MAY, wita("2026-05-15T00:30")), false, "on the birthday, WITA");
  assert.equal(isUnder17(ADULT, NOW), false);
});

test("the kecamatan comes from the KK number's region digits", () => {
  assert.equal(kecamatanOfKk(KK_KELAPA_LIMA, NOW), "53.71.03");
  assert.equal(kecamatanOfKk("123", NOW), undefined);
});

test("filters are cleaned to known kecamatan and catalogue services", () => {
  assert.deepEqual(
    cleanFilters(
      { kecamatan: ["537103", "53.71.99", "xx"], services: ["kia", "nope"], turns17ThisMonth: false },
      ["kia", "kk"],
    ),
    { kecamatan: ["53.71.03"], services: ["kia"] },
  );
  assert.deepEqual(cleanFilters({}, []), {});
});

test("filters combine with AND across kinds and OR within one; a KIA on file removes the child", () => {
  const facts: ApplicationFacts[] = [
    {
      contactId: "ana",
      serviceCode: "kk",
      subjectNik: ADULT,
      subjectNikIndex: "i-adult",
      kkNumber: KK_KELAPA_LIMA,
    },
    { contactId: "ana", serviceCode: "validasi_nik", subjectNik: CHILD_2020, subjectNikIndex: "i-child" },
    { contactId: "budi", serviceCode: "kia", subjectNik: BOY_17_IN_MAY, subjectNikIndex: "i-boy" },
    { contactId: "citra", serviceCode: "akta_kelahiran", kkNumber: "5371010102210006" },
  ];
  const match = (f: Parameters<typeof matchingContacts>[1], office = none) =>
    [...matchingContacts(facts, f, office, NOW)].sort();
  assert.deepEqual(match({ services: ["kk", "kia"] }), ["ana", "budi"]);
  assert.deepEqual(match({ kecamatan: ["53.71.03"] }), ["ana"]);
  assert.deepEqual(match({ kecamatan: ["53.71.01", "53.71.03"] }), ["ana", "citra"]);
  assert.deepEqual(match({ turns17ThisMonth: true }), ["budi"]);
  assert.deepEqual(match({ turns17ThisMonth: true }, { ...none, ktpSubjects: new Set(["i-boy"]) }), []);
  assert.deepEqual(match({ childWithoutKia: true }), ["ana", "budi"]);
  assert.deepEqual(match({ childWithoutKia: true }, { ...none, kiaSubjects: new Set(["i-child"]) }), [
    "budi",
  ]);
  assert.deepEqual(match({ childWithoutKia: true, kecamatan: ["53.71.03"] }), ["ana"]);
  assert.deepEqual(match({ childWithoutKia: true, services: ["akta_kelahiran"] }), []);
});
