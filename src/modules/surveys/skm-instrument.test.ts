import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { listMessage } from "../../platform/whatsapp/builders.ts";
import { charCount } from "../../platform/whatsapp/limits.ts";
import {
  ELEMENT_CODES,
  LIST_LIMITS,
  type Locale,
  parseSkmRowId,
  SKM_ELEMENTS,
  SKM_LIST_BUTTON,
  skmAnswerRows,
  skmQuestionBody,
  skmRowId,
} from "./ikm.ts";
import { PROFILE_FIELDS, parseProfileRowId, profileRows, SKM_PROFILE } from "./skm-profile.ts";

const LOCALES: Locale[] = ["id", "en"];

/** The official answer labels 1..4 per unsur (dukcapil-rules.md §3, Lampiran PermenPAN-RB 14/2017). */
const OFFICIAL: Record<string, string[]> = {
  U1: ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
  U2: ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
  U3: ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
  U4: ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
  U5: ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
  U6: ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"],
  U7: ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"],
  U8: ["Buruk", "Cukup", "Baik", "Sangat baik"],
  U9: ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"],
};

describe("the SKM instrument", () => {
  test("has the 9 unsur in order, each with the 4 official answers scored 1..4", () => {
    assert.deepEqual(
      SKM_ELEMENTS.map((e) => e.code),
      [...ELEMENT_CODES],
    );
    assert.deepEqual(
      SKM_ELEMENTS.map((e) => e.name.id),
      [
        "Persyaratan",
        "Sistem, Mekanisme, dan Prosedur",
        "Waktu Penyelesaian",
        "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan",
        "Kompetensi Pelaksana",
        "Perilaku Pelaksana",
        "Sarana dan Prasarana",
        "Penanganan Pengaduan, Saran dan Masukan",
      ],
    );
    for (const e of SKM_ELEMENTS) {
      assert.deepEqual(
        e.answers.map((a) => a.score),
        [1, 2, 3, 4],
      );
      assert.deepEqual(
        e.answers.map((a) => a.label.id),
        OFFICIAL[e.code],
        e.code,
      );
      for (const l of LOCALES) assert.ok(e.question[l].endsWith("?") && e.answers.every((a) => a.label[l]));
    }
  });

  test("every row title fits 24 characters and every description 72; a shortened title carries the full label", () => {
    let shortened = 0;
    for (const e of SKM_ELEMENTS)
      for (const a of e.answers)
        for (const l of LOCALES) {
          assert.ok(charCount(a.rowTitle[l]) <= LIST_LIMITS.rowTitle, `${e.code} ${a.rowTitle[l]}`);
          if (a.rowTitle[l] !== a.label[l]) {
            assert.equal(a.rowDescription?.[l], a.label[l], `${e.code}/${a.score} ${l} keeps the full label`);
            shortened++;
          }
          if (a.rowDescription) assert.ok(charCount(a.rowDescription[l]) <= LIST_LIMITS.rowDescription);
        }
    // "Ada tetapi tidak berfungsi" (26) and "Berfungsi kurang maksimal" (25) cannot be titles as they are.
    assert.equal(shortened, 3);
    const u9 = skmAnswerRows("U9", "id");
    assert.deepEqual(u9[1], {
      id: "skm:U9:2",
      title: "Ada, tidak berfungsi",
      description: "Ada tetapi tidak berfungsi",
    });
    assert.equal(u9[0]!.description, undefined);
    assert.deepEqual(u9[2], {
      id: "skm:U9:3",
      title: "Kurang maksimal",
      description: "Berfungsi kurang maksimal",
    });
    // "Works but not optimally" fits as a title, so the English row repeats nothing below it.
    assert.deepEqual(skmAnswerRows("U9", "en")[2], { id: "skm:U9:3", title: "Works but not optimally" });
  });

  test("each question builds a valid WhatsApp list message in both languages", () => {
    for (const code of ELEMENT_CODES)
      for (const l of LOCALES) {
        const body = skmQuestionBody(code, l);
        assert.ok(charCount(body) <= LIST_LIMITS.body);
        assert.ok(charCount(SKM_LIST_BUTTON[l]) <= LIST_LIMITS.button);
        // The real builder enforces every Meta limit (title 24, description 72, body, button 20, unique ids).
        const message = listMessage({
          to: "6281234567890",
          body,
          buttonLabel: SKM_LIST_BUTTON[l],
          sections: [{ rows: skmAnswerRows(code, l) }],
        });
        assert.equal(message.type, "interactive");
      }
    assert.match(skmQuestionBody("U4", "id"), /^Pertanyaan 4 dari 9 — Biaya\/Tarif\n\nBagaimana pendapat/);
  });

  test("row ids round-trip and unknown ids are refused", () => {
    for (const code of ELEMENT_CODES)
      for (const score of [1, 2, 3, 4] as const)
        assert.deepEqual(parseSkmRowId(skmRowId(code, score)), { code, score });
    for (const bad of ["skm:U0:1", "skm:U1:5", "skm:U10:1", "U1:4", "skm:U1:4 "])
      assert.equal(parseSkmRowId(bad), null, bad);
  });
});

describe("the respondent profile", () => {
  test("has the agreed options with stable codes, list-row safe in both languages", () => {
    assert.deepEqual(
      SKM_PROFILE.gender.options.map((o) => o.label.id),
      ["Laki-laki", "Perempuan"],
    );
    assert.deepEqual(
      SKM_PROFILE.education.options.map((o) => o.label.id),
      ["SD ke bawah", "SMP", "SMA", "D1-D3", "D4/S1", "S2 ke atas"],
    );
    assert.deepEqual(
      SKM_PROFILE.occupation.options.map((o) => o.label.id),
      ["PNS", "TNI/Polri", "Swasta", "Wirausaha", "Pelajar/Mahasiswa", "Lainnya"],
    );
    assert.equal(SKM_PROFILE.age.options.length, 6);
    for (const field of PROFILE_FIELDS)
      for (const l of LOCALES) {
        const rows = profileRows(field, l);
        listMessage({
          to: "6281234567890",
          body: SKM_PROFILE[field].question[l],
          buttonLabel: SKM_LIST_BUTTON[l],
          sections: [{ rows }],
        });
        for (const row of rows) assert.deepEqual(parseProfileRowId(row.id)?.field, field);
      }
  });

  test("profile row ids with an unknown field or code are refused", () => {
    assert.deepEqual(parseProfileRowId("skmp:education:D4_S1"), { field: "education", code: "D4_S1" });
    for (const bad of ["skmp:education:S3", "skmp:religion:X", "skmp:age", "skm:U1:1"])
      assert.equal(parseProfileRowId(bad), null, bad);
  });
});
