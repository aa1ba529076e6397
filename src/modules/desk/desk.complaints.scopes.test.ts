/**
 * Who may see and work on a complaint in the desk: another service's operator learns nothing (404 for the
 * page, its photo and every action), viewers and admins do not handle complaints (403), an assignment
 * brings a complaint into an operator's scope, and no POST works without the CSRF token. Every refusal is
 * checked to have changed nothing and told the reporter nothing.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { type FiledComplaint, fileComplaint } from "./complaints/complaint.testing.ts";
import { createStaff, type DeskClient, signIn, startDeskLontar } from "./testing.ts";

describeEachDatabase("desk complaint scopes", (database) => {
  let lontar: RunningLontar;
  let kkOperator: DeskClient;
  let kiaOperator: DeskClient;
  let kkViewer: DeskClient;
  let admin: DeskClient;
  let kiaOperatorId: string;
  let kk: FiledComplaint;
  const db = () => database().db;

  before(async () => {
    lontar = await startDeskLontar(database());
    const officeId = lontar.officeId;
    await createStaff(database(), { officeId, username: "kk-op", role: "operator", services: ["kk"] });
    kiaOperatorId = (
      await createStaff(database(), { officeId, username: "kia-op", role: "operator", services: ["kia"] })
    ).id;
    await createStaff(database(), { officeId, username: "kk-viewer", role: "viewer", services: ["kk"] });
    await createStaff(database(), { officeId, username: "kepala.it", role: "admin", services: ["kk"] });
    kkOperator = await signIn(lontar.baseUrl, "kk-op");
    kiaOperator = await signIn(lontar.baseUrl, "kia-op");
    kkViewer = await signIn(lontar.baseUrl, "kk-viewer");
    admin = await signIn(lontar.baseUrl, "kepala.it");
    kk = await fileComplaint(lontar, database(), {
      phone: "6281339066001",
      name: "Maria Ndun",
      service: "kk",
    });
  });
  after(() => lontar.stop());

  /** Everything a complaint action could change: the row, its history, what is queued for the reporter. */
  const snapshot = async () =>
    (
      await rows<Record<string, unknown>>(
        db(),
        sql`SELECT p.status, p.assigned_to, p.lapor_reference, p.answer, p.flagged_to_supervisor,
              p.updated_at::text AS updated,
              (SELECT count(*)::int FROM complaint_events e WHERE e.complaint_id = p.id) AS events,
              (SELECT count(*)::int FROM outbox) AS outbox,
              (SELECT count(*)::int FROM audit_log WHERE action = 'file.view') AS file_views
            FROM complaints p WHERE p.id = ${kk.id}`,
      )
    )[0];

  const ACTIONS: Array<[string, Record<string, string>]> = [
    ["verify", { laporReference: "LAPOR-1" }],
    ["answer", { answer: "Sudah selesai" }],
    ["escalate", { reason: "Perlu kepala bidang" }],
  ];

  test("another service's operator: 404 for the page, the photo and every action; absent from the list", async () => {
    const before = await snapshot();
    assert.equal((await kiaOperator.get(`/desk/complaints/${kk.id}`)).status, 404);
    assert.equal((await kiaOperator.get(`/desk/files/${kk.photoId}`)).status, 404);
    for (const [action, form] of ACTIONS) {
      const refused = await kiaOperator.post(`/desk/complaints/${kk.id}/${action}`, form);
      assert.equal(refused.status, 404, action);
      assert.doesNotMatch(refused.body, new RegExp(kk.trackingNumber), `${action}: nothing leaks`);
    }
    assert.doesNotMatch((await kiaOperator.get("/desk/complaints")).body, new RegExp(kk.trackingNumber));
    // Not even a malformed or unknown id tells anything apart.
    assert.equal((await kiaOperator.get("/desk/complaints/not-a-uuid")).status, 404);
    assert.equal(
      (await kiaOperator.post("/desk/complaints/00000000-0000-0000-0000-000000000000/verify")).status,
      404,
    );
    assert.deepEqual(await snapshot(), before, "nothing changed");
    // The operator of the service sees it.
    assert.equal((await kkOperator.get(`/desk/complaints/${kk.id}`)).status, 200);
  });

  test("viewers and admins do not handle complaints: 403 for the list, the page and every action", async () => {
    const before = await snapshot();
    for (const client of [kkViewer, admin]) {
      assert.equal((await client.get("/desk/complaints")).status, 403);
      assert.equal((await client.get(`/desk/complaints/${kk.id}`)).status, 403);
      for (const [action, form] of ACTIONS)
        assert.equal((await client.post(`/desk/complaints/${kk.id}/${action}`, form)).status, 403, action);
      assert.doesNotMatch((await client.get("/desk")).body, /data-queue="complaints"/);
    }
    assert.deepEqual(await snapshot(), before, "nothing changed");
  });

  test("without the CSRF token nothing is done", async () => {
    const before = await snapshot();
    for (const [action, form] of ACTIONS) {
      const refused = await kkOperator.post(`/desk/complaints/${kk.id}/${action}`, form, { csrf: false });
      assert.equal(refused.status, 403, action);
    }
    assert.deepEqual(await snapshot(), before, "nothing changed");
  });

  test("a complaint assigned to an operator is theirs to work on, whatever their services", async () => {
    await db().execute(sql`UPDATE complaints SET assigned_to = ${kiaOperatorId} WHERE id = ${kk.id}`);
    assert.match((await kiaOperator.get("/desk/complaints")).body, new RegExp(kk.trackingNumber));
    assert.equal((await kiaOperator.get(`/desk/complaints/${kk.id}`)).status, 200);
    assert.equal((await kiaOperator.get(`/desk/files/${kk.photoId}`)).status, 200);
    const verified = await kiaOperator.post(`/desk/complaints/${kk.id}/verify`);
    assert.equal(verified.status, 303);
    assert.equal((await snapshot())?.status, "verified");
  });
});
