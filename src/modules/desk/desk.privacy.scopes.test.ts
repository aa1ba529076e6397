/**
 * The privacy pages: the data-request queue (admins and supervisors) and the breach helper (admins), over
 * real HTTP with real sessions. Operators get 403 on every route; a refused POST changes nothing.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { openDataRequest, requestNumber } from "../privacy/dsr.service.ts";
import { type Submitted, submitWithPages } from "./application.testing.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "./testing.ts";

describeEachDatabase("desk privacy pages", (database) => {
  let lontar: RunningLontar;
  let operator: DeskClient;
  let supervisor: DeskClient;
  let admin: DeskClient;
  let apps: Submitted[];
  let requestId: string;

  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const seed = await freshOffice(database(), lontar);
    for (const [username, role] of [
      ["yanti", "operator"],
      ["kabid", "supervisor"],
      ["kepala.it", "admin"],
    ] as const)
      await createStaff(database(), { officeId: seed.officeId, username, role, services: ["kia", "kk"] });
    operator = await signIn(lontar.baseUrl, "yanti");
    supervisor = await signIn(lontar.baseUrl, "kabid");
    admin = await signIn(lontar.baseUrl, "kepala.it");
    apps = [];
    for (const waId of ["6281330000701", "6281330000702", "6281330000703"])
      apps.push(
        await submitWithPages(database(), {
          officeId: seed.officeId,
          channelId: seed.channelId,
          blobs: lontar.blobs,
          citizens: lontar.citizens!,
          waId,
        }),
      );
    const now = new Date();
    const { request } = await database().db.transaction((tx) =>
      openDataRequest(tx, {
        officeId: seed.officeId,
        contactId: apps[0]!.contactId,
        kind: "copy",
        requestedAt: now,
        now,
        locale: "id",
      }),
    );
    requestId = request.id;
    // The citizen confirmed the request with a tap on WhatsApp just now: their 24-hour window is open.
    await silence(0);
  });

  /** The citizen's last message was `hours` ago. */
  const silence = (hours: number) =>
    database().db.execute(sql`UPDATE conversations
      SET last_inbound_at = now() - make_interval(hours => ${hours}) WHERE contact_id = ${apps[0]!.contactId}`);
  const outboxRows = async () =>
    (
      await rows<{ n: number }>(database().db, sql`SELECT count(*)::int AS n FROM outbox WHERE kind = 'send'`)
    )[0]!.n;

  const requestStatus = async () =>
    (
      await rows<{ status: string }>(
        database().db,
        sql`SELECT status FROM data_subject_requests WHERE id = ${requestId}`,
      )
    )[0]!.status;

  test("operators get 403 on every privacy route, and a refused POST changes nothing", async () => {
    for (const path of ["/desk/admin/privacy", "/desk/admin/breach", "/desk/admin/breach.csv?items=x"])
      assert.equal((await operator.get(path)).status, 403, path);
    for (const action of ["copy", "delete", "refuse"])
      assert.equal(
        (await operator.post(`/desk/admin/privacy/${requestId}/${action}`, { reason: "bukan pemilik" }))
          .status,
        403,
      );
    assert.equal(await requestStatus(), "open");
    assert.equal((await supervisor.get("/desk/admin/breach")).status, 403, "the breach helper is for admins");
    assert.equal(
      (await admin.post(`/desk/admin/privacy/${requestId}/copy`, {}, { csrf: false })).status,
      403,
      "no CSRF token, no action",
    );
    assert.equal(await requestStatus(), "open");
  });

  test("a supervisor sees the request with its clock and sends the copy to the same WhatsApp contact", async () => {
    const page = await supervisor.get("/desk/admin/privacy");
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(requestNumber(requestId)));
    assert.ok(page.body.includes("Salinan data"));
    assert.ok(!page.body.includes("6281330000701"), "the phone number is masked");
    const sent = await supervisor.post(`/desk/admin/privacy/${requestId}/copy`);
    assert.equal(sent.status, 303);
    assert.equal(await requestStatus(), "done");
    const queued = await rows<{ recipient: string }>(
      database().db,
      sql`SELECT recipient FROM outbox WHERE kind = 'send' AND recipient IS NOT NULL ORDER BY id DESC LIMIT 1`,
    );
    assert.equal(queued[0]?.recipient, "6281330000701");
    const again = await supervisor.post(`/desk/admin/privacy/${requestId}/copy`);
    assert.equal(again.status, 422, "a handled request cannot be answered twice");
  });

  test("after 24 hours the copy needs the approved template: refused with the reason until an admin records it", async () => {
    await silence(25);
    const before = await outboxRows();
    const refused = await supervisor.post(`/desk/admin/privacy/${requestId}/copy`);
    assert.equal(refused.status, 422);
    assert.match(refused.body, /lebih dari 24 jam lalu/);
    assert.match(refused.body, /lontar_salinan_data belum tercatat disetujui/);
    assert.match(refused.body, /Permintaan tetap terbuka/);
    assert.equal(await requestStatus(), "open", "the request stays open");
    assert.equal(await outboxRows(), before, "nothing queued");

    const recorded = await admin.post("/desk/admin/templates", {
      name: "lontar_salinan_data",
      language: "id",
      status: "approved",
    });
    assert.ok(recorded.status < 400, `the admin records the approval (${recorded.status})`);
    const sent = await supervisor.post(`/desk/admin/privacy/${requestId}/copy`);
    assert.equal(sent.status, 303);
    assert.match(sent.location ?? "", /done=copy_template$/);
    assert.equal(await requestStatus(), "done");
    const queued = await rows<{ type: string }>(
      database().db,
      sql`SELECT m.type FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE c.contact_id = ${apps[0]!.contactId} AND m.direction = 'out'`,
    );
    assert.deepEqual(queued, [{ type: "template" }], "the template alone, with the PDF in its header");
    const page = await supervisor.get("/desk/admin/privacy?done=copy_template");
    assert.match(page.body, /template lontar_salinan_data dan PDF-nya/);
  });

  test("a refusal needs a reason and is audited", async () => {
    assert.equal((await admin.post(`/desk/admin/privacy/${requestId}/refuse`, { reason: "" })).status, 422);
    assert.equal(await requestStatus(), "open");
    const refused = await admin.post(`/desk/admin/privacy/${requestId}/refuse`, {
      reason: "Nomor ini tidak terdaftar sebagai pemohon.",
    });
    assert.equal(refused.status, 303);
    assert.equal(await requestStatus(), "refused");
    const audit = await rows<{ action: string }>(
      database().db,
      sql`SELECT action FROM audit_log WHERE subject_id = ${requestId}`,
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ["privacy.request_refused"],
    );
  });

  test("the breach helper finds exactly the citizens behind the pasted file ids and tracking numbers", async () => {
    const [first, second] = apps as [Submitted, Submitted];
    const items = `${first.pages.kk}\n${second.trackingNumber}\nbukan-apa-apa`;
    const found = await admin.get(`/desk/admin/breach?items=${encodeURIComponent(items)}`);
    assert.equal(found.status, 200);
    assert.ok(found.body.includes(first.trackingNumber) && found.body.includes(second.trackingNumber));
    assert.ok(!found.body.includes(apps[2]!.trackingNumber), "the third citizen is not affected");
    assert.ok(!found.body.includes("6281330000701"), "phones are masked on screen");
    const csv = await admin.get(`/desk/admin/breach.csv?items=${encodeURIComponent(items)}`);
    assert.equal(csv.status, 200);
    const lines = csv.body.trim().split("\r\n");
    assert.equal(lines.length, 3, "a header and two citizens");
    assert.ok(lines.some((l) => l.startsWith("6281330000701,")));
    assert.ok(lines.some((l) => l.startsWith("6281330000702,")));
    const audit = await rows<{ action: string }>(
      database().db,
      sql`SELECT action FROM audit_log WHERE action LIKE 'privacy.breach_%' ORDER BY id`,
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ["privacy.breach_search", "privacy.breach_export"],
    );
  });

  test("a time window finds every citizen whose files arrived in it", async () => {
    const wita = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
    const from = wita(new Date(Date.now() - 3_600_000));
    const to = wita(new Date(Date.now() + 3_600_000));
    const found = await admin.get(`/desk/admin/breach?from=${from}&to=${to}`);
    for (const app of apps) assert.ok(found.body.includes(app.trackingNumber));
    const past = await admin.get("/desk/admin/breach?from=2020-01-01T00:00&to=2020-01-02T00:00");
    assert.ok(!past.body.includes(apps[0]!.trackingNumber));
  });
});
