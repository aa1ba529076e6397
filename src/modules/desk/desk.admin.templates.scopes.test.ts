/**
 * Who may use the template registry: admins only, on every GET and POST, checked on the server. Operators,
 * supervisors and viewers get 403 and change nothing; a POST without the CSRF token is refused; another
 * office's template is 404 even to an admin.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { messageTemplates, offices } from "../../platform/db/schema/index.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "./testing.ts";

const FORM = {
  name: "undangan_rekam_ktp",
  language: "id",
  category: "utility",
  body: "Halo {{1}}, perekaman KTP-el dibuka di kantor kelurahan Anda pada hari Sabtu ini.",
  varName: "nama",
  varExample: "Maria Ndun",
};

describeEachDatabase("desk admin template scopes", (database) => {
  let lontar: RunningLontar;
  let admin: DeskClient;
  let others: Record<string, DeskClient>;
  let templateId = "";
  let foreignId = "";

  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const { officeId } = await freshOffice(database(), lontar);
    const staff = [
      ["kepala.it", "admin"],
      ["yanti", "operator"],
      ["kabid", "supervisor"],
      ["pemantau", "viewer"],
    ] as const;
    for (const [username, role] of staff)
      await createStaff(database(), { officeId, username, role, services: ["kk"] });
    admin = await signIn(lontar.baseUrl, "kepala.it");
    others = {
      operator: await signIn(lontar.baseUrl, "yanti"),
      supervisor: await signIn(lontar.baseUrl, "kabid"),
      viewer: await signIn(lontar.baseUrl, "pemantau"),
    };
    assert.equal((await admin.post("/desk/admin/templates/office", FORM)).status, 303);
    templateId = (await rows<{ id: string }>(database().db, sql`SELECT id FROM message_templates`))[0]!.id;
    const [other] = await database()
      .db.insert(offices)
      .values({ slug: "lain", name: "Dinas lain", code: "LN" })
      .returning({ id: offices.id });
    const [foreign] = await database()
      .db.insert(messageTemplates)
      .values({ officeId: other!.id, name: "rahasia", language: "id", category: "utility", body: "x" })
      .returning({ id: messageTemplates.id });
    foreignId = foreign!.id;
  });

  const pages = () => [
    "/desk/admin/templates",
    "/desk/admin/templates/new",
    `/desk/admin/templates/office/${templateId}`,
  ];
  const posts = (id: string): Array<[string, Record<string, string>]> => [
    ["/desk/admin/templates", { name: "lontar_pengaduan_update", language: "id", status: "approved" }],
    ["/desk/admin/templates/office", { ...FORM, name: "penyusup" }],
    [`/desk/admin/templates/office/${id}`, { ...FORM, body: `${FORM.body} Diubah.` }],
    [`/desk/admin/templates/office/${id}/status`, { to: "submitted" }],
    [`/desk/admin/templates/office/${id}/duplicate`, {}],
    [`/desk/admin/templates/office/${id}/delete`, {}],
    ["/desk/admin/templates/preview", FORM],
  ];

  /** Everything a template route could change. */
  const snapshot = async () =>
    (
      await rows<Record<string, unknown>>(
        database().db,
        sql`SELECT (SELECT count(*)::int FROM message_templates) AS templates,
                   (SELECT string_agg(status || body, ',' ORDER BY id) FROM message_templates) AS content,
                   (SELECT count(*)::int FROM template_statuses) AS statuses,
                   (SELECT count(*)::int FROM audit_log WHERE action NOT LIKE 'login%') AS audits`,
      )
    )[0];

  test("operators, supervisors and viewers get 403 on every template page and POST; nothing changes", async () => {
    const before = await snapshot();
    for (const [role, client] of Object.entries(others)) {
      for (const path of pages()) {
        const res = await client.get(path);
        assert.equal(res.status, 403, `${role} GET ${path}`);
        assert.match(res.body, /tidak berwenang/);
      }
      for (const [path, form] of posts(templateId)) {
        assert.equal((await client.post(path, form)).status, 403, `${role} POST ${path}`);
        assert.equal(
          (await client.post(path, form, { htmx: true })).status,
          403,
          `${role} htmx POST ${path}`,
        );
      }
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("an admin POST without the CSRF token is refused and changes nothing", async () => {
    const before = await snapshot();
    for (const [path, form] of posts(templateId)) {
      const res = await admin.post(path, form, { csrf: false });
      assert.equal(res.status, 403, path);
      assert.match(res.body, /kedaluwarsa/);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test("another office's template, or a malformed id, is 404 to an admin and stays as it was", async () => {
    const before = await snapshot();
    assert.equal((await admin.get(`/desk/admin/templates/office/${foreignId}`)).status, 404);
    assert.equal((await admin.get("/desk/admin/templates/office/not-an-id")).status, 404);
    for (const [path, form] of posts(foreignId).slice(2, 6)) {
      assert.equal((await admin.post(path, form)).status, 404, path);
    }
    assert.equal(
      (await admin.post("/desk/admin/templates/preview", { ...FORM, id: foreignId })).status,
      404,
      "the plain preview does not open another office's template",
    );
    assert.doesNotMatch((await admin.get("/desk/admin/templates")).body, /rahasia/);
    assert.deepEqual(await snapshot(), before);
    // And the admin's own pages open.
    for (const path of pages()) assert.equal((await admin.get(path)).status, 200, path);
  });
});
