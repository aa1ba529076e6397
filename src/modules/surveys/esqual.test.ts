import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { listMessage } from "../../platform/whatsapp/builders.ts";
import {
  ESQUAL_ADAPTED,
  ESQUAL_DIMENSIONS,
  ESQUAL_INSTRUMENT_LABEL,
  ESQUAL_ITEMS,
  ESQUAL_LIST_BUTTON,
  EsqualValueError,
  esqualAnswerRows,
  parseEsqualRowId,
  scoreEsqual,
} from "./esqual.ts";
import type { Locale } from "./skm-instrument.ts";

const LOCALES: Locale[] = ["id", "en"];

describe("the adapted E-S-QUAL instrument", () => {
  test("8–10 items over the four kept dimensions, each tracing an original E-S-QUAL item", () => {
    assert.ok(ESQUAL_ITEMS.length >= 8 && ESQUAL_ITEMS.length <= 10);
    assert.deepEqual(new Set(ESQUAL_ITEMS.map((i) => i.dimension)), new Set(ESQUAL_DIMENSIONS));
    const prefix = { efficiency: "EFF", availability: "SYS", fulfilment: "FUL", privacy: "PRI" };
    for (const item of ESQUAL_ITEMS) {
      assert.match(item.adaptedFrom, new RegExp(`^${prefix[item.dimension]}[1-8]$`), item.code);
      assert.ok(item.statement.id && item.statement.en);
    }
    assert.equal(new Set(ESQUAL_ITEMS.map((i) => i.code)).size, ESQUAL_ITEMS.length);
    // Fulfilment is reworded to what a Dinas promises: the document or result, when promised.
    assert.match(ESQUAL_ITEMS.find((i) => i.adaptedFrom === "FUL1")!.statement.en, /delivered when promised/);
  });

  test("is labelled as adapted and apart from the IKM, in both languages", () => {
    assert.equal(ESQUAL_ADAPTED, true);
    assert.match(ESQUAL_INSTRUMENT_LABEL.id, /ADAPTASI.*bukan bagian dari IKM/);
    assert.match(ESQUAL_INSTRUMENT_LABEL.en, /ADAPTED.*not part of the IKM/);
  });

  test("each item is a valid WhatsApp list with the 5-point agreement scale", () => {
    for (const item of ESQUAL_ITEMS)
      for (const l of LOCALES) {
        const rows = esqualAnswerRows(item.code, l);
        assert.equal(rows.length, 5);
        listMessage({
          to: "6281234567890",
          body: item.statement[l],
          buttonLabel: ESQUAL_LIST_BUTTON[l],
          sections: [{ rows }],
        });
        for (const [i, row] of rows.entries())
          assert.deepEqual(parseEsqualRowId(row.id), { item: item.code, score: i + 1 });
      }
    assert.deepEqual(
      esqualAnswerRows("EF1", "id").map((r) => r.title),
      ["Sangat tidak setuju", "Tidak setuju", "Netral", "Setuju", "Sangat setuju"],
    );
    for (const bad of ["esq:EF1:6", "esq:XX9:3", "skm:U1:3"]) assert.equal(parseEsqualRowId(bad), null);
  });
});

describe("scoring the adapted E-S-QUAL", () => {
  test("dimension mean = mean over respondents of their own mean on the items they answered", () => {
    const result = scoreEsqual([
      { EF1: 5, EF2: 3, SA1: 4, FU1: 2, PR1: 5, PR2: 5 },
      { EF1: 4, EF3: null, SA1: 2, SA2: 4, FU1: 1, FU2: 3 },
      { EF2: 2 },
    ]);
    assert.equal(result.kind, "esqual-adapted");
    assert.equal(result.status, "ok");
    assert.equal(result.respondents, 3);
    // Respondent means: (5+3)/2 = 4, 4, 2 → 10/3.
    assert.deepEqual(result.dimensions.efficiency, { respondents: 3, mean: 10 / 3 });
    assert.deepEqual(result.dimensions.availability, { respondents: 2, mean: (4 + 3) / 2 });
    assert.deepEqual(result.dimensions.fulfilment, { respondents: 2, mean: (2 + 2) / 2 });
    assert.deepEqual(result.dimensions.privacy, { respondents: 1, mean: 5 });
    assert.deepEqual(result.items.EF1, { answered: 2, mean: 4.5 });
    assert.deepEqual(result.items.EF3, { answered: 0, mean: null });
  });

  test("no answers is 'no data', never NaN", () => {
    for (const responses of [[], [{}, { EF1: null }]]) {
      const result = scoreEsqual(responses);
      assert.equal(result.status, "no_data");
      assert.ok(ESQUAL_DIMENSIONS.every((d) => result.dimensions[d].mean === null));
      assert.ok(!JSON.stringify(result).includes("NaN"));
      assert.ok(Object.values(result.items).every((i) => i.mean === null));
    }
  });

  test("values outside 1–5 are refused, naming the item", () => {
    for (const bad of [0, 6, 4.5, "5"])
      assert.throws(
        () => scoreEsqual([{ EF1: 3 }, { PR2: bad as never }]),
        (e: unknown) => e instanceof EsqualValueError && e.index === 1 && e.item === "PR2",
      );
  });

  test("its result can never pass for an IKM result", () => {
    const result = scoreEsqual([{ EF1: 5 }]);
    assert.ok(!("ikm" in result) && !("converted" in result) && !("category" in result));
    assert.notEqual(result.kind as string, "skm-ikm");
  });
});
