/**
 * The reports in a real browser against the whole demo: an admin imports a paper survey through the page,
 * narrows the report by period and service (the report updates in place), enters a counter figure, and
 * downloads the CSV, the XLSX and the PDF, each checked for what it must hold. No CSP violation on the way.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { strFromU8, unzipSync } from "fflate";
import type { Download, Page } from "playwright-core";
import { pdfText } from "../../src/modules/receipts/receipt.testing.ts";
import { fromWinAnsi, parseCsv } from "../../src/modules/reports/reports.testing.ts";
import { dayIn } from "../../src/modules/reports/rollup-metrics.ts";
import { type DeskHarness, shot, startDeskHarness, unlabelledControls, WAIT } from "./desk-support.ts";

const SURVEY = [
  "No;Nama;U1;U2;U3;U4;U5;U6;U7;U8;U9",
  "1;Ana;4;4;3;4;3;4;4;3;3",
  "2;Beni;3;3;2;4;3;3;4;3;2",
  "3;Cici;4;4;3;4;4;4;4;4;4",
  "4;Dedi;3;4;3;4;3;3;3;3;3",
].join("\r\n");

/** Clicks an export link and returns the downloaded file's name and bytes. */
const download = async (page: Page, name: string) => {
  const [file] = await Promise.all([
    page.waitForEvent("download", WAIT) as Promise<Download>,
    page.locator(".report-exports a", { hasText: name }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
};

/** A control of the filter form (its selects' accessible names include the chosen option). */
const filter = (page: Page, name: string) => page.locator(`#report-filters [name="${name}"]`);

/** The respondents cell of one IKM element in the element table. */
const respondentsOf = (page: Page, element: string) =>
  page.locator(".ikm-elements tr", { hasText: element }).locator("td").first();

describe("reports (browser)", { timeout: 180_000 }, () => {
  let h: DeskHarness;

  before(async () => {
    h = await startDeskHarness();
  });
  after(() => h?.close());

  it("imports a paper survey, filters the report, and downloads CSV, XLSX and PDF", {
    timeout: 90_000,
  }, async () => {
    const today = dayIn("Asia/Makassar", new Date());
    const month = today.slice(0, 7);
    const year = today.slice(0, 4);
    const desk = await h.signedIn(
      await h.addStaff({ username: "kepala", displayName: "Kepala Dinas", role: "admin" }),
    );
    const violations: string[] = [];
    desk.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    await desk.getByRole("link", { name: "Laporan", exact: true }).click();
    await desk.getByRole("heading", { level: 1, name: "Laporan mutu layanan" }).waitFor(WAIT);
    assert.deepEqual(await unlabelledControls(desk), []);
    for (const section of ["Efisiensi", "Pemenuhan", "Ketersediaan sistem", "Privasi", "Jangkauan"])
      await desk.getByRole("heading", { level: 2, name: section }).waitFor(WAIT);

    // A paper survey for KIA, filed under today (the form's default day in this month's report).
    const panel = desk.locator("#ikm-import");
    assert.equal(await panel.getByLabel("Tanggal survei").inputValue(), today);
    await panel.locator('select[name="surveyService"]').selectOption("kia");
    await panel.getByLabel("Berkas CSV").setInputFiles({
      name: "skm-kertas.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(SURVEY, "utf8"),
    });
    await panel.getByRole("button", { name: "Impor" }).click();
    await desk.getByText("4 responden survei kertas diimpor").waitFor(WAIT);
    await respondentsOf(desk, "U1 Persyaratan").filter({ hasText: /^4$/ }).waitFor(WAIT);
    await desk.locator('[data-chart="ikm"] svg').waitFor(WAIT);
    await shot(desk, "reports-month");

    // The year instead of the month: the report swaps in place and the address follows.
    await filter(desk, "period").selectOption("year");
    await desk.getByText(`Periode ${year}-01-01 s.d. ${year}-12-31`).waitFor(WAIT);
    assert.match(desk.url(), /period=year/);
    assert.match(desk.url(), new RegExp(`year=${year}`));
    // Another service: the survey was for KIA, so KK has no IKM answers.
    await filter(desk, "service").selectOption("kk");
    await desk.locator('.report-exports a[href*="service=kk"]').first().waitFor(WAIT);
    await respondentsOf(desk, "U1 Persyaratan").filter({ hasText: /^0$/ }).waitFor(WAIT);
    await filter(desk, "service").selectOption("kia");
    await respondentsOf(desk, "U1 Persyaratan").filter({ hasText: /^4$/ }).waitFor(WAIT);

    // A counter figure for KIA this month, entered by the admin (the report is narrowed to KIA).
    const counter = desk.locator("#counter-figures");
    await counter.getByLabel("Bulan").fill(month);
    await counter.locator('select[name="counterService"]').selectOption("kia");
    await counter.getByLabel("Jumlah permohonan di loket").fill("410");
    await counter.getByRole("button", { name: "Simpan angka loket" }).click();
    await desk.getByText(`Angka loket ${month} disimpan.`).waitFor(WAIT);
    assert.match(desk.url(), /period=year/, "back on the same filters");
    await shot(desk, "reports-year-kia");

    const csv = await download(desk, "CSV");
    assert.equal(csv.name, `laporan-layanan-${year}-01-01_${year}-12-31.csv`);
    const rows = parseCsv(csv.bytes.toString("utf8").replace(/^\uFEFF/, ""));
    assert.deepEqual(rows[0], [
      "dimension",
      "metric",
      "value",
      "unit",
      "numerator",
      "denominator",
      "formula",
    ]);
    assert.equal(
      rows.find((r) => r[1] === "NRR U1 Persyaratan")?.[5],
      "4",
      "four KIA respondents answered U1",
    );
    assert.equal(rows.find((r) => r[1] === "Permohonan di loket")?.[2], "410");

    const xlsx = await download(desk, "Excel");
    const files = unzipSync(new Uint8Array(xlsx.bytes));
    assert.match(strFromU8(files["xl/workbook.xml"]!), /name="Ringkasan".*name="Harian".*name="IKM"/s);

    const pdf = await download(desk, "PDF");
    assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    const text = fromWinAnsi(pdfText(pdf.bytes).join("\n"));
    for (const expected of [
      "LAPORAN REALISASI LAYANAN ONLINE WHATSAPP",
      "Indeks Kepuasan Masyarakat (PermenPAN-RB 14/2017)",
      "U1 Persyaratan",
      "Rata-rata (NRR)",
      "3,50",
    ])
      assert.ok(text.includes(expected), `the PDF says ${expected}`);

    // A bad file: every problem listed, nothing stored (the counts above stay).
    await panel.getByLabel("Berkas CSV").setInputFiles({
      name: "salah.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("U1;U2;U3;U4;U5;U6;U7;U8;U9\r\n4;5;3;4;3;4;4;3;3\r\n4;4;3;4;3;4;4;3;x\r\n"),
    });
    await panel.getByRole("button", { name: "Impor" }).click();
    await desk.locator("#ikm-import .import-errors li").nth(1).waitFor(WAIT);
    assert.deepEqual(await desk.locator("#ikm-import .import-errors li").allTextContents(), [
      "baris 2, kolom U2: nilai 5 tidak sah, harus 1–4 atau kosong",
      'baris 3, kolom U9: nilai "x" tidak sah, harus 1–4 atau kosong',
    ]);
    assert.deepEqual(violations, [], "the inline charts and the page pass the CSP");
  });
});
