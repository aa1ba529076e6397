/**
 * Who may use the supervisor and admin pages: only supervisors and only admins, on every GET and POST, checked
 * on the server. A refused request changes nothing, and a POST without the CSRF token is refused.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { complainFor, submitFor } from "./manage.testing.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "./testing.ts";

const ADMIN_PAGES = [
  "/desk/admin",
  "/desk/admin/users",
  "/desk/admin/numbers",
  "/desk/admin/canned",
  "/desk/admin/templates",
  "/desk/admin/calendar",
  "/desk/admin/catalogue",
];

describeEachDatabase("desk admin and supervisor scopes", (database) => {
  let lontar: RunningLontar;
  let operator: DeskClient;
  let supervisor: DeskClient;
  let admin: DeskClient;
  let ids: Record<string, string>;

  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const seed = await freshOffice(database(), lontar);
    ids = {};
    for (const [username, role] of [
      ["yanti", "operator"],
      ["kabid", "supervisor"],
      ["kepala.it", "admin"],
    ] as const) {
      ids[username] = (
        await createStaff(database(), { officeId: seed.officeId, username, role, services: ["kk"] })
      ).id;
    }
    operator = await signIn(lontar.baseUrl, "yanti");
    supervisor = await signIn(lontar.baseUrl, "kabid");
    admin = await signIn(lontar.baseUrl, "kepala.it");
  });

  /** Everything the refused POSTs below could have changed. */
  const snapshot = async () =>
    (
      await rows<Record<string, number>>(
        database().db,
        sql`SELECT (SELECT count(*)::int FROM operators) AS operators,
                   (SELECT count(*)::int FROM holidays) AS holidays,
                   (SELECT count(*)::int FROM channels) AS channels,
                   (SELECT count(*)::int FROM canned_responses) AS canned,
                   (SELECT count(*)::int FROM siak_outages) AS outages,
                   (SELECT count(*)::int FROM audit_log WHERE action NOT LIKE 'login%') AS audits,
                   (SELECT count(*)::int FROM applications WHERE assigned_to IS NOT NULL) AS assigned,
                   (SELECT count(*)::int FROM complaints WHERE status = 'closed') AS closed,
                   (SELECT count(*)::int FROM operators WHERE active) AS active`,
      )
    )[0];

  const refusedPosts = (made: { applicationId: string; complaintId: string }) =>
    [
      ["/desk/admin/users", { username: "penyusup", displayName: "X", role: "admin" }],
      [`/desk/admin/users/${ids.yanti}/disable`, {}],
      [`/desk/admin/users/${ids.yanti}/reset-password`, {}],
      ["/desk/admin/numbers", { label: "X", phoneNumberId: "300000000000003" }],
      ["/desk/admin/canned", { title: "X", body: "Y" }],
      [
        "/desk/admin/calendar/holidays",
        { date: "2026-07-15", name: "X", kind: "local", source: "Y", confidence: "confirmed" },
      ],
      ["/desk/admin/templates", { name: "lontar_pengaduan_update", language: "id", status: "approved" }],
      ["/desk/supervisor/outage/declare", { note: "X" }],
      [`/desk/supervisor/applications/${made.applicationId}/assign`, { operatorId: ids.yanti! }],
      [`/desk/supervisor/complaints/${made.complaintId}/refer`, { office: "Dinas PUPR" }],
    ] as const;

  const fixtures = async () => {
    const made = await submitFor(lontar, database(), {
      phone: "6281111111111",
      name: "Maria",
      service: "kk",
    });
    const { complaint } = await complainFor(lontar, database(), made);
    return { applicationId: made.application.id, complaintId: complaint.id };
  };

  test("an operator gets 403 on every admin and supervisor page and POST, and nothing changes", async () => {
    const made = await fixtures();
    for (const path of [
      ...ADMIN_PAGES,
      "/desk/supervisor",
      `/desk/supervisor/complaints/${made.complaintId}`,
    ]) {
      const res = await operator.get(path);
      assert.equal(res.status, 403, path);
      assert.match(res.body, /tidak berwenang/);
    }
    const before = await snapshot();
    for (const [path, form] of refusedPosts(made)) {
      assert.equal((await operator.post(path, form)).status, 403, path);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("a supervisor is refused the admin pages, an admin the supervisor pages", async () => {
    const made = await fixtures();
    for (const path of ADMIN_PAGES) assert.equal((await supervisor.get(path)).status, 403, path);
    assert.equal((await admin.get("/desk/supervisor")).status, 403);
    const before = await snapshot();
    for (const [path, form] of refusedPosts(made)) {
      const client = path.startsWith("/desk/admin") ? supervisor : admin;
      assert.equal((await client.post(path, form)).status, 403, path);
    }
    assert.deepEqual(await snapshot(), before);
    // And each one's own pages open.
    assert.equal((await supervisor.get("/desk/supervisor")).status, 200);
    for (const path of ADMIN_PAGES) assert.equal((await admin.get(path)).status, 200, path);
  });

  test("an admin or supervisor POST without the CSRF token is refused and changes nothing", async () => {
    const made = await fixtures();
    const before = await snapshot();
    for (const [path, form] of refusedPosts(made)) {
      const client = path.startsWith("/desk/admin") ? admin : supervisor;
      const res = await client.post(path, form, { csrf: false });
      assert.equal(res.status, 403, path);
      assert.match(res.body, /kedaluwarsa/);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("records outside the person's reach are 404", async () => {
    const other = "00000000-0000-4000-8000-000000000000";
    assert.equal((await admin.get(`/desk/admin/users/${other}`)).status, 404);
    assert.equal((await admin.post(`/desk/admin/users/${other}/disable`)).status, 404);
    assert.equal((await supervisor.get(`/desk/supervisor/complaints/${other}`)).status, 404);
    assert.equal(
      (await supervisor.post(`/desk/supervisor/applications/${other}/assign`, { operatorId: ids.yanti! }))
        .status,
      404,
    );
  });
});
