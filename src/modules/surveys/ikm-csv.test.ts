import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { scoreIkm } from "./ikm.ts";
import { type IkmCsvResult, parseIkmCsv } from "./ikm-csv.ts";

const HEADER = "U1,U2,U3,U4,U5,U6,U7,U8,U9";

const ok = (result: IkmCsvResult) => {
  assert.ok(result.ok, result.ok ? "" : result.errors.map((e) => e.text.en).join("\n"));
  return result;
};
const failed = (result: IkmCsvResult) => {
  assert.equal(result.ok, false);
  return result as Extract<IkmCsvResult, { ok: false }>;
};

describe("reading a paper-survey CSV", () => {
  test("plain comma CSV with LF endings, blanks allowed", () => {
    const r = ok(parseIkmCsv(`${HEADER}\n4,3,3,4,3,3,4,3,2\n3,,2,4,3,3,4,,2\n`));
    assert.equal(r.delimiter, ",");
    assert.deepEqual(r.responses[1], { U1: 3, U3: 2, U4: 4, U5: 3, U6: 3, U7: 4, U9: 2 });
    assert.deepEqual(r.lines, [2, 3]);
  });

  test("Indonesian Excel: BOM, semicolons, CRLF, columns in any order and case, other columns ignored", () => {
    const csv =
      "\uFEFFNo;Nama;u9;U8;u7;U6;U5;U4;U3;U2;u1;Layanan\r\n" +
      '1;"Bria; Yohana";1;2;3;4;4;3;2;1;4;KTP-el\r\n' +
      "2;Anton;;;;;;;;;3;KK\r\n";
    const r = ok(parseIkmCsv(csv));
    assert.equal(r.delimiter, ";");
    assert.deepEqual(r.responses[0], { U1: 4, U2: 1, U3: 2, U4: 3, U5: 4, U6: 4, U7: 3, U8: 2, U9: 1 });
    assert.deepEqual(r.responses[1], { U1: 3 });
  });

  test("quoted fields: doubled quotes, delimiters and line breaks inside; line numbers follow the file", () => {
    const csv = [
      `Catatan,${HEADER}`,
      `"Pelayanan ""cepat"", ramah",4,4,4,4,4,4,4,4,4`,
      `"baris satu\nbaris dua\r\nbaris tiga",3,3,3,3,3,3,3,3,3`,
      `"",2,2,2,2,2,2,2,2,2`,
      `x,4,4,4,4,4,4,4,4,9`,
    ].join("\r\n");
    const bad = failed(parseIkmCsv(csv));
    // Row 3 spans lines 3–5, so the next row starts on line 6 and the bad one on line 7.
    assert.deepEqual(
      bad.errors.map((e) => [e.line, e.column, e.code]),
      [[7, "U9", "invalid_value"]],
    );
    const good = ok(parseIkmCsv(csv.replace(/,9$/, ",1")));
    assert.deepEqual(good.lines, [2, 3, 6, 7]);
    assert.equal(good.responses.length, 4);
  });

  test("CR-only line ends, a last row without a newline, and blank lines are fine", () => {
    const r = ok(parseIkmCsv(`${HEADER}\r4,4,4,4,4,4,4,4,4\r\r\n  \n3,3,3,3,3,3,3,3,3`));
    assert.equal(r.responses.length, 2);
    assert.deepEqual(r.lines, [2, 5]);
  });

  test("Excel's sep= hint decides the delimiter and counts as line 1", () => {
    const r = ok(parseIkmCsv(`sep=;\n${HEADER.replaceAll(",", ";")}\n1;2;3;4;1;2;3;4;1\n`));
    assert.equal(r.delimiter, ";");
    assert.deepEqual(r.lines, [3]);
  });

  test("a header row only is valid and scores as 'no data'", () => {
    const r = ok(parseIkmCsv(`${HEADER}\r\n`));
    assert.equal(scoreIkm(r.responses).status, "no_data");
  });
});

describe("bad CSV input", () => {
  test("every bad value is reported with line and column, in Bahasa Indonesia and English", () => {
    const csv = [
      HEADER,
      "4,4,4,4,4,4,4,4,4",
      "4,4,4,4,4,4,4,4,4",
      "4,4,4,4,4,4,4,4,4",
      "4,4,4,4,4,4,4,4,4",
      "4,4,4,4,4,4,4,4,4",
      "4,4,5,4,4,4,4,4,4",
      "0,4,4,4,4,4,3.5,4,tiga",
    ].join("\n");
    const r = failed(parseIkmCsv(csv));
    assert.equal(r.errors[0]!.text.id, "baris 7, kolom U3: nilai 5 tidak sah, harus 1–4 atau kosong");
    assert.equal(r.errors[0]!.text.en, "line 7, column U3: value 5 is not valid, must be 1–4 or blank");
    assert.deepEqual(
      r.errors.map((e) => `${e.line} ${e.column}`),
      ["7 U3", "8 U1", "8 U7", "8 U9"],
    );
    assert.match(r.errors[3]!.text.id, /nilai "tiga" tidak sah/);
  });

  test("missing U-columns are one error naming them", () => {
    const r = failed(parseIkmCsv("Nama;U1;U2;U3;U5;U6;U8\nA;4;4;4;4;4;4\n"));
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.code, "missing_columns");
    assert.equal(
      r.errors[0]!.text.id,
      "baris 1: kolom U4, U7, U9 tidak ada di baris judul (harus ada U1 sampai U9)",
    );
    assert.match(r.errors[0]!.text.en, /columns U4, U7, U9 missing from the header row/);
  });

  test("a repeated U-column is refused (which one would count?)", () => {
    const r = failed(parseIkmCsv(`${HEADER},u3\n4,4,4,4,4,4,4,4,4,1\n`));
    assert.deepEqual(
      r.errors.map((e) => [e.code, e.column]),
      [["duplicate_column", "U3"]],
    );
  });

  test("a row with more or fewer cells than the header is refused, not guessed", () => {
    const r = failed(parseIkmCsv(`Nama,${HEADER}\nBria, Yohana,4,4,4,4,4,4,4,4,4\nAnton,4,4\n`));
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.code]),
      [
        [2, "field_count"],
        [3, "field_count"],
      ],
    );
    assert.match(r.errors[0]!.text.id, /ada 11 kolom, sedangkan baris judul 10 kolom/);
  });

  test("an unclosed quote names the line where it opened", () => {
    const r = failed(
      parseIkmCsv(`Nama,${HEADER}\nA,4,4,4,4,4,4,4,4,4\n"B,4,4,4,4,4,4,4,4,4\nC,1,1,1,1,1,1,1,1,1\n`),
    );
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.code]),
      [[3, "unclosed_quote"]],
    );
  });

  test("an empty file", () => {
    for (const input of ["", "\uFEFF", "\r\n\r\n"]) {
      const r = failed(parseIkmCsv(input));
      assert.equal(r.errors[0]!.code, "empty_file");
    }
  });

  test("errors are collected up to the cap; the rest are counted", () => {
    const rows = Array.from({ length: 30 }, () => "9,9,9,9,9,9,9,9,9");
    const r = failed(parseIkmCsv([HEADER, ...rows].join("\n"), { maxErrors: 10 }));
    assert.equal(r.errors.length, 10);
    assert.equal(r.omitted, 30 * 9 - 10);
    assert.equal(failed(parseIkmCsv([HEADER, ...rows].join("\n"))).errors.length, 50);
  });
});
