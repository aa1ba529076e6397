/**
 * The report routes over real HTTP on PGlite and PostgreSQL: filters that cannot be used are a clear 400
 * (never a crash), exports carry what they say and are audited, the paper-survey import stores all or
 * nothing, counter figures are kept one per month and service.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "../desk/testing.ts";
import { pdfText } from "../receipts/receipt.testing.ts";
import { fromWinAnsi, parseCsv, uploadSurveyCsv } from "./reports.testing.ts";

const HEADER = "Nama;U1;U2;U3;U4;U5;U6;U7;U8;U9";
const GOOD = [HEADER, "Ana;4;4;3;4;3;4;4;3;3", "Beni;3;3;2;4;3;3;4;3;2", "Cici;4;;3;4;4;4;4;4;4"].join(
  "\r\n",
);

describeEachDatabase("report routes", (database) => {
  let lontar: RunningLontar;
  let admin: DeskClient;
  let supervisor: DeskClient;
  let adminId: string;

  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const seed = await freshOffice(database(), lontar);
    adminId = (
      await createStaff(database(), { officeId: seed.officeId, username: "kepala.it", role: "admin" })
    ).id;
    await createStaff(database(), {
      officeId: seed.officeId,
      username: "kabid",
      role: "supervisor",
      services: ["kia"],
    });
    admin = await signIn(lontar.baseUrl, "kepala.it");
    supervisor = await signIn(lontar.baseUrl, "kabid");
  });

  const count = async (table: "survey_responses" | "survey_imports" | "counter_figures") =>
    (await rows<{ n: number }>(database().db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n;
  const audits = (action: string) =>
    rows<{ actor_id: string; details: Record<string, unknown> }>(
      database().db,
      sql`SELECT actor_id, details FROM audit_log WHERE action = ${action} ORDER BY id`,
    );

  test("a filter that cannot be used is a 400 that says why, on the page, in a swap and on an export", async () => {
    const page = await admin.get("/desk/reports?period=custom&from=2026-02-30&to=2026-03-10");
    assert.equal(page.status, 400);
    assert.ok(page.body.includes("Tanggal tidak sah: 2026-02-30"));
    assert.ok(page.body.includes('value="2026-02-30"'), "the form keeps what was typed");
    const swap = await admin.get("/desk/reports?period=custom&from=2026-03-10&to=2026-03-01", {
      "hx-request": "true",
      "hx-target": "report",
    });
    assert.equal(swap.status, 400);
    assert.ok(swap.body.startsWith('<div id="report">'), "only the report is swapped");
    assert.ok(swap.body.includes("sesudah tanggal akhir"));
    for (const q of ["period=month&month=2026-13", "period=year&year=abcd", "service=paspor", "operator=x"]) {
      const res = await admin.get(`/desk/reports/export.csv?${q}`);
      assert.equal(res.status, 400, q);
      assert.ok(res.body.includes("Laporan tidak bisa dihitung"), q);
    }
    assert.equal((await audits("report.export")).length, 0, "a refused export is not a copy taken");
  });

  test("a filter change swaps only the report; exports carry the filter and are audited with it", async () => {
    const swap = await admin.get("/desk/reports?period=semester&semester=2026-1&service=kia", {
      "hx-request": "true",
      "hx-target": "report",
    });
    assert.equal(swap.status, 200);
    assert.ok(swap.body.startsWith('<div id="report"'));
    assert.ok(swap.body.includes("Periode 2026-01-01 s.d. 2026-06-30"));
    assert.ok(
      swap.body.includes("/desk/reports/export.xlsx?period=semester&amp;semester=2026-1&amp;service=kia"),
    );

    const csv = await fetch(
      `${lontar.baseUrl}/desk/reports/export.csv?period=semester&semester=2026-1&service=kia`,
      {
        headers: { cookie: admin.cookie },
      },
    );
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv; charset=utf-8/);
    // Read as bytes: Response.text() would drop the byte-order mark Excel needs.
    const bytes = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    assert.ok(text.startsWith("dimension,metric,value"));
    assert.ok(parseCsv(text).some((r) => r[1] === "Selesai tepat waktu"));

    const xlsx = await fetch(`${lontar.baseUrl}/desk/reports/export.xlsx?period=year&year=2026`, {
      headers: { cookie: admin.cookie },
    });
    const files = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    assert.match(strFromU8(files["xl/workbook.xml"]!), /name="Ringkasan".*name="Harian".*name="IKM"/s);

    const pdf = Buffer.from(
      await (
        await fetch(`${lontar.baseUrl}/desk/reports/report.pdf?period=month&month=2026-01`, {
          headers: { cookie: admin.cookie },
        })
      ).arrayBuffer(),
    );
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.ok(
      fromWinAnsi(pdfText(pdf).join("\n")).includes("Indeks Kepuasan Masyarakat (PermenPAN-RB 14/2017)"),
    );

    const exported = await audits("report.export");
    assert.deepEqual(
      exported.map((a) => [a.actor_id, a.details.format, a.details.from, a.details.serviceCode]),
      [
        [adminId, "csv", "2026-01-01", "kia"],
        [adminId, "xlsx", "2026-01-01", null],
        [adminId, "pdf", "2026-01-01", null],
      ],
    );
  });

  test("a good paper-survey file becomes one completed paper response per respondent, one import, audited", async () => {
    const res = await uploadSurveyCsv(
      lontar.baseUrl,
      supervisor,
      `\uFEFF${GOOD}\r\n;;;;;;;;;\r\n`,
      {
        surveyDay: "2026-01-15",
        surveyService: "kia",
        period: "month",
        month: "2026-01",
      },
      { fileName: "skm-januari.csv" },
    );
    assert.equal(res.status, 204);
    assert.equal(
      res.headers.get("hx-redirect"),
      "/desk/reports?period=month&month=2026-01&done=imported&n=3&day=2026-01-15",
    );
    const [imported] = await rows<{
      id: string;
      respondents: number;
      file_name: string;
      service_code: string;
    }>(database().db, sql`SELECT id, respondents, file_name, service_code FROM survey_imports`);
    assert.deepEqual(
      { ...imported, id: undefined },
      {
        id: undefined,
        respondents: 3,
        file_name: "skm-januari.csv",
        service_code: "kia",
      },
    );
    const stored = await rows<{
      answers: Record<string, number>;
      channel: string;
      status: string;
      instrument: string;
      answered_on: string;
      import_id: string;
    }>(
      database().db,
      sql`SELECT answers, channel, status, instrument, answered_on::text, import_id FROM survey_responses ORDER BY created_at, id`,
    );
    assert.equal(stored.length, 3);
    for (const r of stored) {
      assert.deepEqual(
        [r.channel, r.status, r.instrument, r.answered_on, r.import_id],
        ["paper", "completed", "skm", "2026-01-15", imported!.id],
      );
    }
    assert.ok(
      stored.some((r) => r.answers.U2 === undefined && r.answers.U1 === 4),
      "a blank stays a blank",
    );
    const audited = await audits("survey.paper_import");
    assert.equal(audited.length, 1);
    assert.equal(audited[0]!.details.respondents, 3);

    // The report of that month and service counts them in its IKM; another service does not.
    const csvOf = async (q: string) =>
      new Map(parseCsv((await supervisor.get(`/desk/reports/export.csv?${q}`)).body).map((r) => [r[1], r]));
    const kia = await csvOf("period=month&month=2026-01&service=kia");
    assert.equal(kia.get("Responden")?.[2], "3");
    assert.deepEqual(kia.get("NRR U1 Persyaratan")?.slice(2, 6), ["3.6667", "1–4", "11", "3"]);
    assert.equal(kia.get("NRR U2 Sistem, Mekanisme, dan Prosedur")?.[5], "2", "a blank is not an answer");
    assert.equal((await csvOf("period=month&month=2026-01&service=kk")).get("Responden")?.[2], "0");
    assert.equal((await csvOf("period=month&month=2026-02&service=kia")).get("Responden")?.[2], "0");

    const page = await supervisor.get(
      "/desk/reports?period=month&month=2026-01&done=imported&n=3&day=2026-01-15",
    );
    assert.ok(page.body.includes("3 responden survei kertas diimpor untuk 2026-01-15."));
  });

  test("a bad file stores nothing and lists every problem with its line", async () => {
    const bad = [HEADER, "Ana;4;5;3;4;3;4;4;3;3", "Beni;3;3;2;4;3;3;4;3", "Cici;4;4;3;4;4;4;4;4;x"].join(
      "\n",
    );
    const res = await uploadSurveyCsv(lontar.baseUrl, admin, bad, { surveyDay: "2026-01-15" });
    assert.equal(res.status, 422);
    assert.ok(res.body.startsWith('<section id="ikm-import"'), "the panel is swapped with the errors");
    for (const line of ["baris 2, kolom U2", "baris 3:", "baris 4, kolom U9"])
      assert.ok(res.body.includes(line), line);
    assert.equal(await count("survey_responses"), 0);
    assert.equal(await count("survey_imports"), 0);
    assert.equal((await audits("survey.paper_import")).length, 0);

    const refusals: Array<[string, Record<string, string>, string]> = [
      ["U1,U2\r\n4,4\r\n", { surveyDay: "2026-01-15" }, "U3, U4, U5, U6, U7, U8, U9"],
      [GOOD, { surveyDay: "2099-01-01" }, "tidak boleh di masa depan"],
      [GOOD, { surveyDay: "15/01/2026" }, "Tanggal tidak sah"],
      [GOOD, { surveyDay: "2026-01-15", surveyService: "paspor" }, "Layanan tidak dikenal"],
      [HEADER, { surveyDay: "2026-01-15" }, "tidak berisi jawaban"],
      ["PK\u0000\u0003binary", { surveyDay: "2026-01-15" }, "bukan teks CSV"],
    ];
    for (const [csv, fields, says] of refusals) {
      const refused = await uploadSurveyCsv(lontar.baseUrl, admin, csv, fields);
      assert.equal(refused.status, 422, says);
      assert.ok(refused.body.includes(says), says);
    }
    const huge = Buffer.alloc(2 * 1024 * 1024 + 10, "4;");
    const tooLarge = await uploadSurveyCsv(lontar.baseUrl, admin, huge, { surveyDay: "2026-01-15" });
    assert.equal(tooLarge.status, 422);
    assert.ok(tooLarge.body.includes("terlalu besar"));
    assert.equal(await count("survey_responses"), 0);
  });

  test("counter figures: one per month and service, replaced when entered again, audited, listed on the page", async () => {
    const first = await admin.post("/desk/reports/counter?period=month&month=2026-01", {
      counterMonth: "2026-01",
      counterService: "",
      applications: "410",
    });
    assert.equal(first.status, 303);
    assert.equal(first.location, "/desk/reports?period=month&month=2026-01&done=counter&cmonth=2026-01");
    await admin.post("/desk/reports/counter", {
      counterMonth: "2026-01",
      counterService: "kia",
      applications: "12",
    });
    await admin.post("/desk/reports/counter", {
      counterMonth: "2026-01",
      counterService: "",
      applications: "420",
    });
    const stored = await rows<{ month: string; service_code: string; applications: number }>(
      database().db,
      sql`SELECT month, service_code, applications FROM counter_figures ORDER BY service_code`,
    );
    assert.deepEqual(stored, [
      { month: "2026-01", service_code: "", applications: 420 },
      { month: "2026-01", service_code: "kia", applications: 12 },
    ]);
    const audited = await audits("report.counter_figure");
    assert.deepEqual(
      audited.map((a) => [a.details.applications, a.details.previous]),
      [
        [410, null],
        [12, null],
        [420, 410],
      ],
    );
    for (const [form, says] of [
      [{ counterMonth: "2026-13", applications: "1" }, "Bulan tidak sah"],
      [{ counterMonth: "2026-02", applications: "-4" }, "bilangan bulat"],
      [{ counterMonth: "2026-02", applications: "1", counterService: "paspor" }, "Layanan tidak dikenal"],
    ] as const) {
      const refused = await admin.post("/desk/reports/counter", form);
      assert.equal(refused.status, 422, says);
      assert.ok(refused.body.includes(says), says);
    }
    assert.equal(await count("counter_figures"), 2);
    // The reach section compares them: the office's figure, or the service's when the report is narrowed.
    const counterOf = async (q: string) =>
      parseCsv((await admin.get(`/desk/reports/export.csv?${q}`)).body).find(
        (r) => r[1] === "Permohonan di loket",
      )?.[2];
    assert.equal(await counterOf("period=month&month=2026-01"), "420");
    assert.equal(await counterOf("period=month&month=2026-01&service=kia"), "12");
    assert.equal(await counterOf("period=month&month=2026-03"), "", "no figure entered: no data, not 0");

    const page = await admin.get("/desk/reports?period=month&month=2026-01&done=counter&cmonth=2026-01");
    assert.ok(page.body.includes("Angka loket 2026-01 disimpan."));
    assert.match(page.body, /<td>2026-01<\/td><td>Semua<\/td><td>420<\/td><td>kepala.it<\/td>/);
  });
});
