/**
 * Who may see the reports, over real HTTP with real sessions: viewers (the head of office), supervisors and
 * admins read them and download every export; operators get 403 on every route, GET or POST. Only admins
 * and supervisors import paper surveys, only admins enter counter figures; a refused POST stores nothing.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "../desk/testing.ts";
import { uploadSurveyCsv } from "./reports.testing.ts";

const EXPORTS = ["/desk/reports/export.csv", "/desk/reports/export.xlsx", "/desk/reports/report.pdf"];
const GOOD_CSV = "U1,U2,U3,U4,U5,U6,U7,U8,U9\r\n4,3,3,4,3,4,4,3,3\r\n";

describeEachDatabase("report access", (database) => {
  let lontar: RunningLontar;
  const clients: Record<"operator" | "viewer" | "supervisor" | "admin", DeskClient> = {} as never;

  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const seed = await freshOffice(database(), lontar);
    for (const role of ["operator", "viewer", "supervisor", "admin"] as const) {
      // The demo seed already has an "admin"; these are the office's people by role.
      const username = `staf.${role}`;
      await createStaff(database(), { officeId: seed.officeId, username, role, services: ["kia"] });
      clients[role] = await signIn(lontar.baseUrl, username);
    }
  });

  const stored = async () =>
    (
      await rows<{ responses: number; imports: number; counters: number }>(
        database().db,
        sql`SELECT (SELECT count(*)::int FROM survey_responses) AS responses,
                   (SELECT count(*)::int FROM survey_imports) AS imports,
                   (SELECT count(*)::int FROM counter_figures) AS counters`,
      )
    )[0]!;

  test("operators get 403 on every report route and their POSTs store nothing", async () => {
    const operator = clients.operator;
    for (const path of ["/desk/reports", "/desk/reports?period=year&year=2026", ...EXPORTS])
      assert.equal((await operator.get(path)).status, 403, path);
    assert.equal(
      (await uploadSurveyCsv(lontar.baseUrl, operator, GOOD_CSV, { surveyDay: "2026-01-05" })).status,
      403,
    );
    const counter = await operator.post("/desk/reports/counter", {
      counterMonth: "2026-01",
      applications: "10",
    });
    assert.equal(counter.status, 403);
    assert.deepEqual(await stored(), { responses: 0, imports: 0, counters: 0 });
    const desk = await operator.get("/desk");
    assert.ok(!desk.body.includes('href="/desk/reports"'), "no Reports link for operators");
  });

  test("viewers, supervisors and admins read the report and download every export", async () => {
    for (const role of ["viewer", "supervisor", "admin"] as const) {
      const page = await clients[role].get("/desk/reports");
      assert.equal(page.status, 200, role);
      assert.ok(page.body.includes("Laporan mutu layanan"), role);
      assert.ok(page.body.includes('href="/desk/reports" aria-current="page"'), `${role} has the nav link`);
      for (const path of EXPORTS) {
        const res = await clients[role].get(`${path}?period=month&month=2026-01`);
        assert.equal(res.status, 200, `${role} ${path}`);
        assert.match(
          res.headers.get("content-disposition") ?? "",
          /^attachment; filename="laporan-layanan-2026-01-01_2026-01-31\./,
        );
      }
    }
    const audited = await rows<{ n: number }>(
      database().db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.export'`,
    );
    assert.equal(audited[0]!.n, 9, "every export is audited");
  });

  test("the viewer sees no data entry; the supervisor may import but not enter counter figures", async () => {
    const viewer = await clients.viewer.get("/desk/reports");
    assert.ok(!viewer.body.includes('id="ikm-import"'));
    assert.ok(!viewer.body.includes('id="counter-figures"'));
    const viewerUpload = await uploadSurveyCsv(lontar.baseUrl, clients.viewer, GOOD_CSV, {
      surveyDay: "2026-01-05",
    });
    assert.equal(viewerUpload.status, 403);

    const supervisor = await clients.supervisor.get("/desk/reports");
    assert.ok(supervisor.body.includes('id="ikm-import"'));
    assert.ok(!supervisor.body.includes('id="counter-figures"'));
    const counter = await clients.supervisor.post("/desk/reports/counter", {
      counterMonth: "2026-01",
      applications: "10",
    });
    assert.equal(counter.status, 403);
    assert.deepEqual(await stored(), { responses: 0, imports: 0, counters: 0 });

    const admin = await clients.admin.get("/desk/reports");
    assert.ok(admin.body.includes('id="ikm-import"'));
    assert.ok(admin.body.includes('id="counter-figures"'));
  });

  test("no POST without the CSRF token, even from an admin", async () => {
    const res = await clients.admin.post(
      "/desk/reports/counter",
      { counterMonth: "2026-01", applications: "10" },
      { csrf: false },
    );
    assert.equal(res.status, 403);
    const upload = await uploadSurveyCsv(
      lontar.baseUrl,
      clients.admin,
      GOOD_CSV,
      { surveyDay: "2026-01-05" },
      {
        csrf: false,
      },
    );
    assert.equal(upload.status, 403);
    assert.deepEqual(await stored(), { responses: 0, imports: 0, counters: 0 });
  });
});
