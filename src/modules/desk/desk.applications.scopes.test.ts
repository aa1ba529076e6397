/**
 * Who may see and act on an application in the desk: another service's operator learns nothing (404), a
 * viewer sees but cannot act (403), nobody signed out gets in, and no POST works without the CSRF token.
 * Every refusal is checked to have changed nothing.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { pdfBytes, type Submitted, submitWithPages } from "./application.testing.ts";
import { createStaff, type DeskClient, signIn } from "./testing.ts";

describeEachDatabase("desk application scopes", (database) => {
  let lontar: RunningLontar;
  let kiaOperator: DeskClient;
  let kkViewer: DeskClient;
  let kkOperator: DeskClient;
  let app: Submitted;
  let waCounter = 0;
  const db = () => database().db;

  before(async () => {
    lontar = await startLontar(database(), {
      citizen: true,
      workers: false,
      env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
    });
    const officeId = lontar.officeId;
    await createStaff(database(), { officeId, username: "kia-op", role: "operator", services: ["kia"] });
    await createStaff(database(), { officeId, username: "kk-viewer", role: "viewer", services: ["kk"] });
    await createStaff(database(), { officeId, username: "kk-op", role: "operator", services: ["kk"] });
    kiaOperator = await signIn(lontar.baseUrl, "kia-op");
    kkViewer = await signIn(lontar.baseUrl, "kk-viewer");
    kkOperator = await signIn(lontar.baseUrl, "kk-op");
    app = await submitWithPages(database(), {
      officeId,
      channelId: lontar.channelId,
      blobs: lontar.blobs,
      citizens: lontar.citizens!,
      waId: `6281240000${String(++waCounter).padStart(3, "0")}`,
      serviceCode: "kk",
    });
    // Held by the kk operator and in review, so every review action is possible for someone.
    assert.equal(
      (await kkOperator.post(`/desk/applications/${app.id}/claim`, {}, { htmx: true })).status,
      200,
    );
  });
  after(() => lontar.stop());

  /** Everything that could change: the row, its items, notes, events, audit, outbox. */
  const snapshot = async () => {
    const [state] = await rows<Record<string, unknown>>(
      db(),
      sql`SELECT a.status, a.assigned_to, a.result_blob_ids::text AS results, a.updated_at::text AS updated,
            (SELECT string_agg(i.requirement_id || ':' || i.verification, ',' ORDER BY i.requirement_id) FROM application_items i WHERE i.application_id = a.id) AS items,
            (SELECT count(*)::int FROM application_notes n WHERE n.application_id = a.id) AS notes,
            (SELECT count(*)::int FROM application_events e WHERE e.application_id = a.id) AS events,
            (SELECT count(*)::int FROM audit_log l WHERE l.action = 'nik.reveal') AS reveals,
            (SELECT count(*)::int FROM outbox) AS outbox,
            (SELECT count(*)::int FROM blobs) AS blobs
          FROM applications a WHERE a.id = ${app.id}`,
    );
    return state;
  };

  const ACTIONS: Array<[string, Record<string, string>]> = [
    ["claim", {}],
    ["release", {}],
    ["assign", { operatorId: "00000000-0000-0000-0000-000000000000" }],
    ["request-revision", {}],
    ["start-processing", {}],
    ["reject", { reason: "Dokumen palsu" }],
    ["items/ktp_el/accept", {}],
    ["items/ktp_el/reject", { preset: "blurry" }],
    ["notes", { body: "catatan" }],
    ["reveal-nik", {}],
    ["complete", { pickup: "1" }],
  ];

  const multipartComplete = (client: DeskClient) => {
    const body = new FormData();
    body.append(
      "result",
      new Blob([new Uint8Array(pdfBytes("hasil"))], { type: "application/pdf" }),
      "hasil.pdf",
    );
    return fetch(`${lontar.baseUrl}/desk/applications/${app.id}/complete`, {
      method: "POST",
      headers: { cookie: client.cookie, "x-csrf-token": client.csrf, "hx-request": "true" },
      body,
    });
  };

  test("an operator of another service gets 404 for the page, the NIK, every action and every file", async () => {
    const before = await snapshot();
    assert.equal((await kiaOperator.get(`/desk/applications/${app.id}`)).status, 404);
    assert.equal(
      (await kiaOperator.get(`/desk/applications/${app.id}`, { "hx-request": "true" })).status,
      404,
    );
    for (const [action, form] of ACTIONS) {
      const res = await kiaOperator.post(`/desk/applications/${app.id}/${action}`, form, { htmx: true });
      assert.equal(res.status, 404, action);
      assert.doesNotMatch(res.body, new RegExp(app.trackingNumber));
    }
    assert.equal((await multipartComplete(kiaOperator)).status, 404);
    for (const blobId of Object.values(app.pages)) {
      const res = await kiaOperator.get(`/desk/files/${blobId}`);
      assert.equal(res.status, 404);
      assert.doesNotMatch(res.headers.get("content-type") ?? "", /pdf|image/);
    }
    assert.deepEqual(await snapshot(), before);
    const [views] = await rows<{ n: number }>(
      db(),
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'file.view'`,
    );
    assert.equal(views!.n, 0);
  });

  test("a viewer of the service sees the application and its files, but every action is 403 and changes nothing", async () => {
    const page = await kkViewer.get(`/desk/applications/${app.id}`, { "hx-request": "true" });
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(app.trackingNumber));
    assert.doesNotMatch(page.body, /data-action=|Tampilkan NIK|hx-post/);
    assert.equal((await kkViewer.get(`/desk/files/${app.pages.ktp_el}`)).status, 200);
    const before = await snapshot();
    for (const [action, form] of ACTIONS) {
      const res = await kkViewer.post(`/desk/applications/${app.id}/${action}`, form, { htmx: true });
      assert.equal(res.status, 403, action);
    }
    assert.equal((await multipartComplete(kkViewer)).status, 403);
    assert.deepEqual(await snapshot(), before);
  });

  test("a signed-out request is sent to the login page", async () => {
    const page = await fetch(`${lontar.baseUrl}/desk/applications/${app.id}`, { redirect: "manual" });
    assert.equal(page.status, 303);
    assert.equal(
      page.headers.get("location"),
      `/login?next=${encodeURIComponent(`/desk/applications/${app.id}`)}`,
    );
    const file = await fetch(`${lontar.baseUrl}/desk/files/${app.pages.ktp_el}`, { redirect: "manual" });
    assert.equal(file.status, 303);
    assert.match(file.headers.get("location")!, /^\/login/);
    const before = await snapshot();
    const action = await fetch(`${lontar.baseUrl}/desk/applications/${app.id}/release`, {
      method: "POST",
      headers: { "hx-request": "true" },
      redirect: "manual",
    });
    assert.equal(action.headers.get("hx-redirect"), "/login");
    assert.deepEqual(await snapshot(), before);
  });

  test("a POST without the CSRF token is refused and changes nothing", async () => {
    const before = await snapshot();
    for (const [action, form] of ACTIONS) {
      const res = await kkOperator.post(`/desk/applications/${app.id}/${action}`, form, {
        csrf: false,
        htmx: true,
      });
      assert.equal(res.status, 403, action);
    }
    const body = new FormData();
    body.append(
      "result",
      new Blob([new Uint8Array(pdfBytes("hasil"))], { type: "application/pdf" }),
      "hasil.pdf",
    );
    const upload = await fetch(`${lontar.baseUrl}/desk/applications/${app.id}/complete`, {
      method: "POST",
      headers: { cookie: kkOperator.cookie, "hx-request": "true" },
      body,
    });
    assert.equal(upload.status, 403);
    assert.deepEqual(await snapshot(), before);
    // The same request with the token works: the refusal was the token, nothing else.
    assert.equal(
      (await kkOperator.post(`/desk/applications/${app.id}/release`, {}, { htmx: true })).status,
      200,
    );
    assert.notDeepEqual(await snapshot(), before);
  });
});
