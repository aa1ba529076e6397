/**
 * The report as the page shows it, from fixtures: every figure with its formula and what it was computed
 * from, "tidak ada data" for nothing, readable durations, privacy targets judged, people's text escaped,
 * and the charts as inline SVG that the desk's strict CSP allows (no inline style, no script).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { render } from "../desk/layout.tsx";
import { ESQUAL_INSTRUMENT_LABEL } from "../surveys/esqual.ts";
import { chartSvg, cleanSvg, reportCharts } from "./charts.ts";
import { formatDuration, formatPercent } from "./format.ts";
import type { FilterForm } from "./report.filter.ts";
import { emptyReport, fullReport } from "./report.fixtures.ts";
import type { QualityReport } from "./report.types.ts";
import { ReportBody } from "./reports.views.tsx";

const FORM: FilterForm = {
  period: "month",
  month: "2026-11",
  semester: "2026-2",
  year: "2026",
  from: "2026-11-01",
  to: "2026-11-30",
  service: "",
  operator: "",
};

const body = (l: "id" | "en", report: QualityReport) => render(ReportBody({ l, report, form: FORM }));

/** The cells of the table row of one metric (data-metric), tags removed. */
const rowOf = (html: string, metric: string) => {
  const row = new RegExp(`<tr data-metric="${metric.replace(".", "\\.")}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
  assert.ok(row, `a row for ${metric}`);
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, "").trim(),
  );
};

describe("report page views", () => {
  test("each figure shows its value, formula and numerator ÷ denominator", async () => {
    const html = await body("id", fullReport());
    assert.deepEqual(rowOf(html, "withinSla"), [
      "Selesai tepat waktu",
      "90 %",
      "Selesai tepat waktu ÷ selesai",
      "72 ÷ 80",
    ]);
    assert.deepEqual(rowOf(html, "firstResponsePerson.median"), [
      "Waktu tanggap pertama oleh petugas (median)",
      "9 menit",
      "Nilai tengah dari: waktu dari pesan warga sampai jawaban pertama petugas",
      "n = 140",
    ]);
    assert.deepEqual(rowOf(html, "completionHours.median")[1], "6 jam 15 menit");
    for (const section of ["Efisiensi", "Pemenuhan", "Ketersediaan sistem", "Privasi", "Jangkauan", "IKM"])
      assert.ok(html.includes(`>${section}`), section);
    assert.ok(html.includes("/desk/reports/export.csv?period=month&amp;month=2026-11"));
    assert.ok(html.includes("/desk/reports/report.pdf?period=month&amp;month=2026-11"));
  });

  test("privacy targets are judged: 100 % encrypted is met, documents past retention are not", async () => {
    const html = await body("id", fullReport());
    assert.deepEqual(rowOf(html, "encrypted").slice(1, 3), ["100 %", "tercapai"]);
    assert.deepEqual(rowOf(html, "pastRetentionNotPurged").slice(1, 3), ["3", "tidak tercapai"]);
  });

  test("IKM: the element table, the index with its grade, and respondents against the required sample", async () => {
    const html = await body("en", fullReport());
    assert.ok(html.includes("U3 Completion time"), "element names in the reader's language");
    assert.deepEqual(rowOf(html, "ikmConverted").slice(1), ["83.33", "", "IKM × 25", ""]);
    assert.equal(rowOf(html, "ikmCategory")[1], "B (Good)");
    assert.deepEqual(rowOf(html, "ikmSample").slice(1, 3), ["120", "met"]);
    assert.equal(rowOf(html, "ikmSample").at(-1), "120 ÷ 66");
  });

  test("the adapted E-S-QUAL: its label right above the dimension and statement tables, apart from the IKM", async () => {
    const html = await body("id", fullReport());
    const section = /<section[^>]*data-dimension="esqual"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
    assert.ok(section, "its own section");
    assert.match(
      section,
      /<h2[^>]*>E-S-QUAL adaptasi \(opsional\)<\/h2><p class="esqual-label">([^<]+)<\/p><table class="figures esqual-dimensions">/,
    );
    assert.ok(section.includes(ESQUAL_INSTRUMENT_LABEL.id.replaceAll("&", "&amp;")));
    const cells = (code: string) =>
      [
        ...(new RegExp(`<tr data-esqual="${code}">([\\s\\S]*?)</tr>`).exec(section)?.[1] ?? "").matchAll(
          /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g,
        ),
      ].map((m) => m[1]!.replace(/<[^>]+>/g, "").trim());
    assert.deepEqual(cells("privacy"), ["Privasi", "4,60", "37"]);
    assert.deepEqual(cells("FU2"), [
      "FU2",
      "Perkiraan waktu selesai yang diberitahukan kepada saya tepat.",
      "3,05",
      "35",
    ]);
    const ikm = /<section[^>]*data-dimension="ikm"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
    assert.ok(!ikm.includes("E-S-QUAL"), "nothing of it inside the IKM section");
    const en = await body("en", emptyReport());
    assert.match(en, /<p class="esqual-label">[^<]+<\/p><p class="no-data">no data<\/p>/);
    assert.ok(en.includes(ESQUAL_INSTRUMENT_LABEL.en.replaceAll("&", "&amp;")));
  });

  test("an empty period says 'tidak ada data' instead of zeros, and the charts say there is nothing to draw", async () => {
    const html = await body("id", emptyReport());
    assert.deepEqual(rowOf(html, "withinSla").slice(1), [
      "tidak ada data",
      "Selesai tepat waktu ÷ selesai",
      "0 ÷ 0",
    ]);
    assert.equal(rowOf(html, "ikmIndex")[1], "tidak ada data");
    assert.equal(rowOf(html, "encrypted")[2], "—", "no documents: nothing to judge");
    assert.equal((html.match(/Tidak ada data untuk grafik ini/g) ?? []).length, 4);
    assert.ok(!html.includes("<svg"));
  });

  test("an officer's name is escaped; the charts are inline SVG without style or script", async () => {
    const html = await body("id", fullReport());
    assert.ok(html.includes("=HYPERLINK(&quot;x&quot;) &quot;Yos&quot;, &lt;b&gt;"));
    assert.ok(!html.includes("<b>"));
    for (const id of ["daily", "newCitizens", "ikm", "failed"])
      assert.match(
        html,
        new RegExp(`<figure class="chart" data-chart="${id}"><figcaption>[^<]+</figcaption><svg role="img"`),
      );
    assert.ok(!/<style|\sstyle=|<script|\son[a-z]+=/i.test(html), "nothing the CSP would block or run");
  });
});

describe("charts", () => {
  test("ECharts SVG is rewritten to presentation attributes and keeps its text", () => {
    const svg = cleanSvg(
      '<svg width="10"><style><![CDATA[.a:hover{fill:red}]]></style><text style="font-size:12px;font-family:sans-serif;" fill="#000">Masuk</text></svg>',
      'Judul "x" <y>',
    );
    assert.equal(
      svg,
      '<svg role="img" aria-label="Judul x y" width="10"><text font-size="12px" font-family="sans-serif" fill="#000">Masuk</text></svg>',
    );
  });

  test("labels from data are escaped by the renderer", () => {
    const report = fullReport();
    report.availability.failedByReason = [{ code: '<script>alert("x")</script>', count: 2 }];
    const failed = reportCharts(report, "id").find((c) => c.id === "failed")!;
    const svg = chartSvg(failed);
    assert.ok(!svg.includes("<script"));
    assert.ok(svg.includes("&lt;script&gt;"));
  });
});

describe("report formats", () => {
  test("durations read in detik, menit and jam", () => {
    assert.equal(formatDuration("id", 45.4), "45 detik");
    assert.equal(formatDuration("id", 200), "3 menit 20 detik");
    assert.equal(formatDuration("id", 1500), "25 menit");
    assert.equal(formatDuration("id", 4500), "1 jam 15 menit");
    assert.equal(formatDuration("id", 36 * 3600), "36 jam");
    assert.equal(formatDuration("en", 90), "1 min 30 s");
    assert.equal(formatPercent("id", 0.875), "87,5 %");
    assert.equal(formatPercent("en", 1), "100%");
  });
});
