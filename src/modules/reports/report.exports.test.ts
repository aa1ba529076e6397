/**
 * The exports against fixture reports: the CSV parses back to one row per figure (then the adapted E-S-QUAL
 * rows), the XLSX is a real zip with its four sheets, the PDF is a PDF whose text holds the dimension and IKM
 * tables and the adapted E-S-QUAL tables under their label.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { strFromU8, unzipSync } from "fflate";
import { pdfText } from "../receipts/receipt.testing.ts";
import { ESQUAL_INSTRUMENT_LABEL, ESQUAL_ITEMS } from "../surveys/esqual.ts";
import { CSV_HEADER, reportCsv } from "./export.csv.ts";
import { reportXlsx, SHEETS } from "./export.xlsx.ts";
import { reportFigures } from "./report.figures.ts";
import { emptyReport, fullReport } from "./report.fixtures.ts";
import { renderReportPdf } from "./report.pdf.ts";
import { fromWinAnsi, parseCsv } from "./reports.testing.ts";

const CONTEXT = { officeName: "Dinas Dukcapil Kota Kupang", filterText: "Layanan: Semua · Petugas: Semua" };

describe("report exports", () => {
  test("CSV: UTF-8 with a BOM, a header, one row per figure with its formula; parses back", () => {
    const report = fullReport();
    const csv = reportCsv(report, "id");
    assert.ok(csv.startsWith("\uFEFFdimension,metric,value,unit,numerator,denominator,formula\r\n"));
    const rows = parseCsv(csv.slice(1));
    assert.deepEqual(rows[0], CSV_HEADER);
    // The figures, then the adapted E-S-QUAL: respondents, four dimensions, its statements.
    assert.equal(rows.length - 1, reportFigures(report, "id").length + 1 + 4 + ESQUAL_ITEMS.length);
    const byMetric = new Map(rows.slice(1).map((r) => [r[1], r]));
    assert.deepEqual(byMetric.get("Selesai tepat waktu"), [
      "Pemenuhan",
      "Selesai tepat waktu",
      "90",
      "%",
      "72",
      "80",
      "Selesai tepat waktu ÷ selesai",
    ]);
    assert.equal(byMetric.get("Lama penyelesaian (jam kerja) (median)")?.[2], "6.3");
    assert.equal(byMetric.get("Lama penyelesaian (jam kerja) (median)")?.[3], "jam");
    assert.equal(
      byMetric.get("IKM konversi (25–100)")?.[2],
      String(Math.round(report.ikm.converted! * 1e4) / 1e4),
    );
    // A name from a person keeps its quotes and commas, inside one field.
    const hostile = rows.find((r) => r[1]?.includes("HYPERLINK"));
    assert.equal(hostile?.[1], 'Berkas warga dilihat: =HYPERLINK("x") "Yos", <b>');
    assert.equal(hostile?.length, CSV_HEADER.length);
  });

  test("CSV: the adapted E-S-QUAL rows carry their own dimension name and the 'adapted' label", () => {
    const rows = parseCsv(reportCsv(fullReport(), "id").slice(1));
    const names = rows.map((r) => r[1]);
    assert.equal(new Set(names).size, names.length, "metric names stay unique, so readers can key on them");
    const esqual = rows.filter((r) => r[0] === "E-S-QUAL (adaptasi)");
    assert.equal(esqual.length, 1 + 4 + ESQUAL_ITEMS.length);
    assert.ok(esqual[0]![6]!.includes(ESQUAL_INSTRUMENT_LABEL.id), "the label is on the first row");
    assert.deepEqual(esqual[0]!.slice(1, 3), ["Responden E-S-QUAL adaptasi", "37"]);
    assert.deepEqual(esqual[1], [
      "E-S-QUAL (adaptasi)",
      "Dimensi: Efisiensi",
      "4.25",
      "1–5",
      "157.25",
      "37",
      "Σ rata-rata tiap responden pada pernyataan dimensi ini ÷ responden yang menjawab; tidak masuk IKM",
    ]);
    assert.equal(
      rows.filter((r) => r[0]?.startsWith("IKM")).length,
      reportFigures(fullReport(), "id").filter((f) => f.dimension === "ikm").length,
      "the IKM rows are only the IKM's",
    );
  });

  test("CSV of an empty period leaves values blank rather than inventing zeros", () => {
    const rows = parseCsv(reportCsv(emptyReport(), "en").slice(1));
    const onTime = rows.find((r) => r[1] === "Completed on time");
    assert.deepEqual(onTime, [
      "Fulfilment",
      "Completed on time",
      "",
      "%",
      "0",
      "0",
      "Completed on time ÷ completed",
    ]);
    assert.equal(rows.find((r) => r[1] === "IKM (scale 1–4)")?.[2], "");
    assert.deepEqual(
      rows.find((r) => r[0] === "E-S-QUAL (adapted)" && r[1] === "Dimension: Privacy"),
      [
        "E-S-QUAL (adapted)",
        "Dimension: Privacy",
        "",
        "1–5",
        "",
        "0",
        rows.find((r) => r[1] === "Dimension: Privacy")![6]!,
      ],
    );
  });

  test("XLSX: a zip with the sheets Ringkasan, Harian, IKM and E-S-QUAL holding the figures", async () => {
    const report = fullReport();
    const xlsx = await reportXlsx(report, "id", CONTEXT);
    assert.equal(xlsx.subarray(0, 2).toString("latin1"), "PK");
    const files = unzipSync(new Uint8Array(xlsx));
    const workbook = strFromU8(files["xl/workbook.xml"]!);
    assert.deepEqual(
      [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]),
      [...SHEETS],
    );
    const sheets = Object.keys(files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    assert.equal(sheets.length, 4);
    const strings =
      strFromU8(files["xl/sharedStrings.xml"] ?? new Uint8Array()) +
      sheets.map((f) => strFromU8(files[f]!)).join("");
    for (const text of [
      "Selesai tepat waktu ÷ selesai",
      "Penanganan Pengaduan, Saran dan Masukan",
      "2026-11-30",
      ESQUAL_INSTRUMENT_LABEL.id.replaceAll("&", "&amp;"),
      "Pemenuhan janji",
      "FUL7",
    ])
      assert.ok(strings.includes(text), text);
    const daily = strFromU8(files["xl/worksheets/sheet2.xml"]!);
    assert.equal(
      (daily.match(/<row /g) ?? []).length,
      report.daily.length + 1,
      "a header and one row per day",
    );
  });

  test("PDF: the title, period, dimension table and IKM table are in its text", async () => {
    const pdf = await renderReportPdf(fullReport(), "id", {
      ...CONTEXT,
      printedBy: "Kepala Dinas",
      createdAt: new Date("2026-12-01T01:00:00Z"),
    });
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    const text = fromWinAnsi(pdfText(pdf).join("\n"));
    for (const expected of [
      "LAPORAN REALISASI LAYANAN ONLINE WHATSAPP",
      "Periode: 1 November 2026 – 30 November 2026",
      "Efisiensi",
      "Selesai tepat waktu ÷ selesai",
      "72 ÷ 80",
      "Indeks Kepuasan Masyarakat (PermenPAN-RB 14/2017)",
      "U9 Penanganan Pengaduan, Saran dan Masukan",
      "Rata-rata (NRR)",
      "3,40",
      "83,33",
      "B (Baik)",
      "120 ÷ 66",
      "Nilai rata-rata per unsur IKM (1–4)",
      "Pesan gagal menurut sebab",
      "E-S-QUAL adaptasi (opsional)",
      "Ketersediaan sistem",
      "4,60",
    ])
      assert.ok(text.includes(expected), `the PDF says ${expected}`);
    // The label is printed (wrapped over lines) right after the heading, before the tables.
    const flat = text.replace(/\s+/g, " ");
    const label = flat.indexOf(ESQUAL_INSTRUMENT_LABEL.id);
    assert.ok(label > flat.indexOf("E-S-QUAL adaptasi (opsional)"), "the adapted label is printed");
    assert.ok(label < flat.indexOf("Pemenuhan janji"), "above the table");
  });

  test("PDF of an empty period says there is no data, in English for an English reader", async () => {
    const pdf = await renderReportPdf(emptyReport(), "en", {
      ...CONTEXT,
      printedBy: "Yos 😀",
      createdAt: new Date("2026-12-01T01:00:00Z"),
    });
    const text = fromWinAnsi(pdfText(pdf).join("\n"));
    assert.ok(text.includes("WHATSAPP ONLINE SERVICE DELIVERY REPORT"));
    assert.ok(text.includes("no data"));
    assert.ok(text.includes("No data for this chart."));
    assert.ok(text.replace(/\s+/g, " ").includes(ESQUAL_INSTRUMENT_LABEL.en), "the label even without data");
    assert.ok(text.includes("Yos ?"), "a character the standard fonts lack is shown as ?, not a wrong glyph");
  });
});
