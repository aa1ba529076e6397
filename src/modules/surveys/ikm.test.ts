import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ELEMENT_CODES,
  type ElementCode,
  type IkmResult,
  ikmCategory,
  ikmFromAverages,
  ikmFromTallies,
  roundHalfUp,
  type SkmAnswers,
  SkmValueError,
  scoreIkm,
  tallySkm,
} from "./ikm.ts";

const codes = (values: number[]) =>
  Object.fromEntries(ELEMENT_CODES.map((c, i) => [c, values[i]!])) as Record<ElementCode, number>;

/** `n` respondents whose scores on each unsur add up to `sums` (spread as evenly as 1–4 allows). */
const respondentsWithSums = (n: number, sums: Record<ElementCode, number>): SkmAnswers[] =>
  Array.from({ length: n }, (_, i) => {
    const answers: SkmAnswers = {};
    for (const code of ELEMENT_CODES) {
      const base = Math.floor(sums[code] / n);
      answers[code] = (base + (i < sums[code] - base * n ? 1 : 0)) as 1 | 2 | 3 | 4;
    }
    return answers;
  });

/** What a report that weights by the rounded 0.111 prints; for comparison only, never used by Lontar. */
const withRoundedWeight = (nrr: number[]) => nrr.reduce((s, v) => s + v * 0.111, 0) * 25;

const round = roundHalfUp;

/** No NaN or Infinity anywhere in a result: "no data" must be said, not computed. */
const assertAllFinite = (value: unknown, path = "result"): void => {
  if (typeof value === "number") assert.ok(Number.isFinite(value), `${path} is ${value}`);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) assertAllFinite(v, `${path}.${k}`);
};

describe("IKM against published survey results", () => {
  test("Bantul, Dinas Pertanahan dan Tata Ruang 2023: 87,28 from the published NRR per unsur", () => {
    // https://skm.bantulkab.go.id/skpd-45c48cce2e2d7fbdea1afc51c7c6ad26 — "Nilai IKM … 2023": Persyaratan 3.31,
    // Prosedur 3.35, Waktu 3.49, Biaya 3.93, Produk 3.45, Kompetensi 3.39, Perilaku 3.39, Sarana dan
    // prasarana 3.35, Penanganan pengaduan 3.76 (listed 8th there, U9 here); IKM 2023 = 87.28.
    const nrr = [3.31, 3.35, 3.49, 3.93, 3.45, 3.39, 3.39, 3.35, 3.76];
    const grade = ikmFromAverages(codes(nrr));
    assert.equal(round(grade.converted, 2), 87.28);
    assert.equal(round(grade.ikm, 3), 3.491);
    assert.equal(grade.category, "B");
    // The same through the whole pipeline: 100 respondents whose sums give exactly these NRR.
    const result = scoreIkm(respondentsWithSums(100, codes(nrr.map((v) => Math.round(v * 100)))));
    assert.equal(result.status, "ok");
    assert.equal(result.status === "ok" && round(result.converted, 2), 87.28);
    // NRR × 0.111 would have printed 87.19. The published NRR are themselves rounded (±0.005 each, up to
    // ±0.125 on the conversion), so this agreement fits exact weighting but cannot prove it on its own.
    assert.equal(round(withRoundedWeight(nrr), 2), 87.19);
  });

  test("Kabupaten Bogor, DPMPTSP: NRR tertimbang 3,054 from the per-unsur averages (150 respondents)", () => {
    // https://dpmptsp.bogorkab.go.id/indeks-kepuasan-masyarakat/ — table "Hasil dan Target Survey Kepuasan
    // Masyarakat … Tahun 2015–2018", second column: 3.100, 3.080, 2.933, 3.060, 3.087, 3.140, 3.200,
    // 2.947 (U8 there is Maklumat Pelayanan, the PermenPAN-RB 16/2014 list), 2.940; "NRR TERTIMBANG" 3,054.
    // Every value is a multiple of 1/150, so these are the score sums of 150 respondents (inferred).
    const sums = codes([465, 462, 440, 459, 463, 471, 480, 442, 441]);
    const result = scoreIkm(respondentsWithSums(150, sums));
    assert.equal(result.status, "ok");
    if (result.status !== "ok") return;
    const published = [3.1, 3.08, 2.933, 3.06, 3.087, 3.14, 3.2, 2.947, 2.94];
    assert.deepEqual(
      ELEMENT_CODES.map((c) => round(result.elements[c].nrr!, 3)),
      published,
    );
    assert.equal(result.respondents, 150);
    assert.equal(round(result.ikm, 3), 3.054);
    assert.equal(round(result.ikm, 2), 3.05);
    // 0.111 gives 3.051: the published 3,054 is the exact 1/9 weighting.
    assert.equal(round(withRoundedWeight(published) / 25, 3), 3.051);
    // 76.35 is C (Kurang baik) on the PermenPAN-RB 14/2017 bands; the site's "BAIK" is the older 2004/2014
    // band (62.51–81.25). Its row of converted values (75,98 … 76,79) does not line up with its columns,
    // and the first column's "3,04" is 3.144 by either weight, so we reproduce only the 1–4 figure.
    assert.equal(round(result.converted, 2), 76.35);
    assert.equal(result.category, "C");
  });

  test("Sumatera Barat, DPMPTSP Semester I: the report weighted by 0.111; we show both and why they differ", () => {
    // http://dpmptsp.sumbarprov.go.id/details/news/82 — "Nilai Rerata Per Unsur" 3,200 3,216 2,936 3,530 3,136
    // 3,200 3,316 3,916 3,323 and "Nilai Rerata Tertimbang" 0,355 0,357 0,326 0,392 0,348 0,355 0,368 0,435
    // 0,369; headline IKM 81,71, mutu B. (Its U8 is "Pungutan Tidak Resmi", not a 14/2017 unsur.)
    const nrr = [3.2, 3.216, 2.936, 3.53, 3.136, 3.2, 3.316, 3.916, 3.323];
    const weighted = [0.355, 0.357, 0.326, 0.392, 0.348, 0.355, 0.368, 0.435, 0.369];
    // Their weighted column is NRR × 0.111 to the digit; NRR ÷ 9 would have printed 0,356 for 3,200.
    assert.deepEqual(
      nrr.map((v) => round(v * 0.111, 3)),
      weighted,
    );
    assert.equal(round(3.2 / 9, 3), 0.356);
    // Their own route: Σ weighted × 25 = 82,63. Ours, exact 1/9 on the same NRR: 82,70. Same mutu, B.
    assert.equal(round(weighted.reduce((a, b) => a + b, 0) * 25, 2), 82.63);
    const grade = ikmFromAverages(codes(nrr));
    assert.equal(round(grade.converted, 2), 82.7);
    assert.equal(grade.category, "B");
    // The headline 81,71 follows from neither weighting of the published table (it would need Σ NRR =
    // 29.42, not 29.77); we cannot reproduce it and do not pretend to.
    assert.notEqual(round(grade.converted, 2), 81.71);
  });

  test("Tulang Bawang Barat, Dinas Dukcapil 2023 Semester 1: one perfect respondent is 100, not 99,90", () => {
    // https://e-smile.tubaba.go.id/main/skm/laporan/online — one respondent, 4 on every unsur; the page says
    // "NRR tertimbang = NRR × 0,111" yet prints IKM 100 (Sangat Baik), which only 1/9 gives.
    const result = scoreIkm([codes([4, 4, 4, 4, 4, 4, 4, 4, 4]) as SkmAnswers]);
    assert.equal(result.status, "ok");
    assert.equal(result.status === "ok" && result.ikm, 4);
    assert.equal(result.status === "ok" && result.converted, 100);
    assert.equal(result.status === "ok" && result.category, "A");
    assert.equal(round(withRoundedWeight([4, 4, 4, 4, 4, 4, 4, 4, 4]), 2), 99.9);
  });
});

describe("IKM scoring", () => {
  test("a perfect score is exactly 4 and 100.00", () => {
    const all4 = Array.from({ length: 37 }, () => codes(Array(9).fill(4)) as SkmAnswers);
    const result = scoreIkm(all4);
    assert.ok(result.status === "ok");
    assert.equal(result.ikm, 4);
    assert.equal(result.converted, 100);
    assert.deepEqual(result.categoryLabel, { id: "Sangat baik", en: "Very good" });
  });

  test("the lowest score is exactly 25.00, category D", () => {
    const result = scoreIkm([codes(Array(9).fill(1)) as SkmAnswers]);
    assert.ok(result.status === "ok");
    assert.equal(result.converted, 25);
    assert.equal(result.category, "D");
  });

  test("an empty period is 'no data' — no NaN, no division by zero", () => {
    for (const responses of [[], [{}, { U1: null, U5: undefined }]] as SkmAnswers[][]) {
      const result = scoreIkm(responses);
      assert.equal(result.status, "no_data");
      assert.equal(result.respondents, 0);
      assert.equal(result.responses, responses.length);
      assert.deepEqual(result.status === "no_data" && result.missing, [...ELEMENT_CODES]);
      assert.ok(ELEMENT_CODES.every((c) => result.elements[c].nrr === null));
      assert.ok(!("ikm" in result) && !("converted" in result));
      assertAllFinite(result);
    }
  });

  test("blanks are left out of that unsur's average only", () => {
    const full = codes([3, 3, 3, 3, 3, 3, 3, 3, 3]) as SkmAnswers;
    const result = scoreIkm([
      { ...full, U1: 4 },
      { ...full, U1: null, U2: 1 },
      { ...full, U1: undefined, U2: 2 },
      {},
    ]);
    assert.equal(result.elements.U1.answered, 1);
    assert.equal(result.elements.U1.nrr, 4); // not 4/3: two respondents left U1 blank
    assert.deepEqual(result.elements.U2, { answered: 3, sum: 6, nrr: 2 });
    assert.equal(result.respondents, 3);
    assert.equal(result.responses, 4);
    assert.ok(result.status === "ok");
    assert.equal(round(result.ikm, 4), round((4 + 2 + 3 * 7) / 9, 4));
  });

  test("an unsur nobody answered makes the IKM not computable, and says which", () => {
    const rows: SkmAnswers[] = [
      { U1: 4, U2: 4, U3: 3, U5: 3, U6: 4, U7: 4, U8: 3 },
      { U1: 3, U2: 4, U3: 3, U5: 3, U6: 4, U7: 4, U8: 3, U4: null },
    ];
    const result: IkmResult = scoreIkm(rows);
    assert.equal(result.status, "incomplete");
    assert.deepEqual(result.status === "incomplete" && result.missing, ["U4", "U9"]);
    assert.equal(result.elements.U1.nrr, 3.5);
    assert.equal(result.elements.U4.nrr, null);
    assertAllFinite(result);
  });

  test("values other than 1–4 are refused with the response and the unsur named", () => {
    for (const bad of [0, 5, 2.5, "3", Number.NaN, true]) {
      const rows = [{ U1: 4 }, { U1: 3, U7: bad }] as unknown as SkmAnswers[];
      assert.throws(
        () => scoreIkm(rows),
        (e: unknown) => e instanceof SkmValueError && e.index === 1 && e.element === "U7",
        String(bad),
      );
    }
  });

  test("tallies from elsewhere (a SQL count/sum) are checked and scored the same way", () => {
    const rows = respondentsWithSums(12, codes([40, 41, 30, 48, 39, 44, 45, 36, 33]));
    const tallies = tallySkm(rows);
    assert.deepEqual(ikmFromTallies(tallies), scoreIkm(rows));
    const broken = { ...tallies, elements: { ...tallies.elements, U3: { answered: 2, sum: 9 } } };
    assert.throws(() => ikmFromTallies(broken), /U3: 9 from 2 answers/);
    assert.throws(() => ikmFromAverages(codes([4, 4, 4, 4.2, 4, 4, 4, 4, 4])), /NRR U4/);
  });
});

describe("IKM categories on the PermenPAN-RB 14/2017 bands", () => {
  test("each printed (2-decimal) value falls in exactly one band; the gaps go by half-up rounding", () => {
    const cases: [number, string][] = [
      [25, "D"],
      [64.99, "D"],
      [64.9949, "D"],
      [64.995, "C"], // prints as 65,00
      [65, "C"],
      [76.6, "C"],
      [76.6049, "C"],
      [76.605, "B"], // prints as 76,61
      [76.61, "B"],
      [88.3, "B"],
      [88.3049, "B"],
      [88.305, "A"],
      [88.31, "A"],
      [100, "A"],
    ];
    for (const [value, category] of cases) assert.equal(ikmCategory(value).category, category, String(value));
    assert.deepEqual(ikmCategory(70).categoryLabel, { id: "Kurang baik", en: "Less than good" });
    assert.deepEqual(ikmCategory(50).categoryLabel.id, "Tidak baik");
    for (const bad of [24.99, 100.01, Number.NaN, Number.POSITIVE_INFINITY])
      assert.throws(() => ikmCategory(bad), RangeError);
  });

  test("a period landing exactly on a bound gets that band (NRR 2,6 everywhere → 65,00 → C)", () => {
    // 5 respondents, each unsur summing to 13: NRR 2.6, IKM 2.6, conversion 65 (floats add up to 65.00000000000001).
    const result = scoreIkm(respondentsWithSums(5, codes(Array(9).fill(13))));
    assert.ok(result.status === "ok");
    assert.equal(round(result.converted, 2), 65);
    assert.equal(result.category, "C");
  });

  test("half-up rounding is not fooled by binary fractions", () => {
    assert.equal(roundHalfUp(1.005, 2), 1.01);
    assert.equal(roundHalfUp(64.995, 2), 65);
    assert.equal(roundHalfUp(87.27777, 2), 87.28);
    assert.equal(roundHalfUp(3.054074, 3), 3.054);
  });
});
