/**
 * The exports against fixture reports: the CSV parses back to one row per figure, the XLSX is a real zip
 * with its three sheets, the PDF is a PDF whose text holds the dimension and IKM tables.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { strFromU8, unzipSync } from "fflate";
import { pdfText } from "../receipts/receipt.testing.ts";
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
    assert.equal(rows.length - 1, reportFigures(report, "id").length);
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
  });

  test("XLSX: a zip with the sheets Ringkasan, Harian and IKM holding the figures", async () => {
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
    assert.equal(sheets.length, 3);
    const strings =
      strFromU8(files["xl/sharedStrings.xml"] ?? new Uint8Array()) +
      sheets.map((f) => strFromU8(files[f]!)).join("");
    for (const text of [
      "Selesai tepat waktu ÷ selesai",
      "Penanganan Pengaduan, Saran dan Masukan",
      "2026-11-30",
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
    ])
      assert.ok(text.includes(expected), `the PDF says ${expected}`);
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
    assert.ok(text.includes("Yos ?"), "a character the standard fonts lack is shown as ?, not a wrong glyph");
  });
});
