/** The application view over real HTTP: review, revision, resubmission, processing, completion with a PDF. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { attachDocument, resubmit } from "../applications/applications.service.ts";
import { openSendPayload } from "../messaging/outbound.service.ts";
import { openedMessages } from "../messaging/testing.ts";
import { PNG, pdfBytes, SUBJECT_NIK, storeBlob, submitWithPages } from "./application.testing.ts";
import { createStaff, type DeskClient, signIn } from "./testing.ts";

describeEachDatabase("desk application view", (database) => {
  let lontar: RunningLontar;
  let maria: DeskClient;
  let waCounter = 0;
  before(async () => {
    lontar = await startLontar(database(), {
      citizen: true,
      workers: false,
      env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
    });
    await createStaff(database(), {
      officeId: lontar.officeId,
      username: "maria",
      role: "operator",
      services: ["kia"],
    });
    maria = await signIn(lontar.baseUrl, "maria");
  });
  after(() => lontar.stop());

  const submit = () =>
    submitWithPages(database(), {
      officeId: lontar.officeId,
      channelId: lontar.channelId,
      blobs: lontar.blobs,
      citizens: lontar.citizens!,
      waId: `6281230000${String(++waCounter).padStart(3, "0")}`,
    });
  const db = () => database().db;
  const statusOf = async (id: string) =>
    (await rows<{ status: string }>(db(), sql`SELECT status FROM applications WHERE id = ${id}`))[0]!.status;
  const htmx = { htmx: true };
  const detail = (id: string) => maria.get(`/desk/applications/${id}`, { "hx-request": "true" });

  const completeWith = (id: string, files: Buffer[], fields: Record<string, string> = {}) => {
    const body = new FormData();
    for (const [i, f] of files.entries())
      body.append("result", new Blob([new Uint8Array(f)], { type: "application/pdf" }), `hasil-${i}.pdf`);
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return fetch(`${lontar.baseUrl}/desk/applications/${id}/complete`, {
      method: "POST",
      headers: { cookie: maria.cookie, "x-csrf-token": maria.csrf, "hx-request": "true" },
      body,
    });
  };

  test("the detail shows the facts, the masked NIK, the checklist with inline pages; a deep link gets the workspace", async () => {
    const app = await submit();
    const res = await detail(app.id);
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.body, /<html/);
    assert.match(res.body, new RegExp(app.trackingNumber));
    assert.match(res.body, /Kartu Identitas Anak/);
    assert.match(res.body, /Baru masuk/);
    assert.match(res.body, /5371••••••••0003/);
    assert.doesNotMatch(res.body, new RegExp(SUBJECT_NIK));
    assert.match(res.body, /Tampilkan NIK/);
    assert.match(res.body, /Yohanes Bria/);
    assert.match(res.body, /Maria Goreti Bria/);
    assert.match(res.body, new RegExp(`<img src="/desk/files/${app.pages.kk}"`));
    assert.match(res.body, /data-viewer="rotate"/);
    assert.match(res.body, new RegExp(`<iframe src="/desk/files/${app.pages.akta_kelahiran}" title="[^"]+"`));
    assert.match(res.body, new RegExp(`href="/desk/conversations/${app.conversationId}"`));
    assert.match(res.body, /Batas: <strong>/);
    assert.match(res.body, /data-action="claim"/);
    assert.doesNotMatch(res.body, /data-action="complete"|data-action="reject"|cancel/);
    const page = await maria.get(`/desk/applications/${app.id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /^<!doctype html><html/);
    assert.match(page.body, /<section id="detail"[^>]*>.*Tampilkan NIK/s);
  });

  test("claim → verify → revision → citizen resubmits → claim → process → complete with a PDF sent byte for byte", async () => {
    const app = await submit();
    assert.equal((await maria.post(`/desk/applications/${app.id}/claim`, {}, htmx)).status, 200);
    assert.equal(await statusOf(app.id), "in_review");

    const accepted = await maria.post(`/desk/applications/${app.id}/items/akta_kelahiran/accept`, {}, htmx);
    assert.equal(accepted.status, 200);
    assert.match(accepted.body, /req v-accepted" id="req-akta_kelahiran"/);
    const rejected = await maria.post(
      `/desk/applications/${app.id}/items/kk/reject`,
      { preset: "blurry" },
      htmx,
    );
    assert.equal(rejected.status, 200);
    const [kk] = await rows<{ verification: string; rejection_reason: string }>(
      db(),
      sql`SELECT verification, rejection_reason FROM application_items WHERE application_id = ${app.id} AND requirement_id = 'kk'`,
    );
    assert.deepEqual(
      [kk!.verification, kk!.rejection_reason],
      ["rejected", "Foto buram atau tidak terbaca; mohon difoto ulang di tempat terang."],
    );
    // Neither a preset nor words: refused, nothing changes.
    const bare = await maria.post(
      `/desk/applications/${app.id}/items/ktp_orang_tua/reject`,
      { preset: "" },
      htmx,
    );
    assert.equal(bare.status, 422);
    assert.equal(bare.headers.get("hx-retarget"), "#toast");
    assert.equal(
      (await maria.post(`/desk/applications/${app.id}/items/no_such_item/accept`, {}, htmx)).status,
      404,
    );

    const revision = await maria.post(`/desk/applications/${app.id}/request-revision`, {}, htmx);
    assert.equal(revision.status, 200);
    assert.equal(await statusOf(app.id), "needs_revision");
    assert.match(revision.body, /Menunggu perbaikan warga/);
    const told = await openedMessages(
      database(),
      lontar.keys,
      sql`conversation_id = ${app.conversationId} AND direction = 'out'`,
    );
    assert.ok(
      told.some((m) => m.text.includes("Foto buram")),
      "the citizen is told what to fix",
    );

    // The citizen sends a sharper photo; the bot resubmits.
    const fresh = await storeBlob(database(), lontar.blobs, lontar.officeId, PNG, "image/png");
    const citizen = { kind: "citizen" as const, contactId: app.contactId };
    await db().transaction(async (tx) => {
      const ids = { officeId: lontar.officeId, applicationId: app.id };
      await attachDocument(tx, { ...ids, actor: citizen, requirementId: "kk", blobId: fresh });
      await resubmit(tx, { ...ids, actor: citizen, calendar: lontar.citizens!.deps.calendar });
    });
    assert.equal(await statusOf(app.id), "submitted");
    assert.match((await detail(app.id)).body, /data-action="claim"/);
    assert.equal((await maria.post(`/desk/applications/${app.id}/claim`, {}, htmx)).status, 200);
    const processing = await maria.post(`/desk/applications/${app.id}/start-processing`, {}, htmx);
    assert.equal(processing.status, 200);
    assert.match(processing.body, /data-action="complete"/);
    assert.equal(await statusOf(app.id), "processing");

    const notPdf = await completeWith(app.id, [PNG]);
    assert.equal(notPdf.status, 422);
    assert.match(await notPdf.text(), /harus PDF/);
    assert.equal(await statusOf(app.id), "processing");

    const result = pdfBytes("hasil KIA");
    const done = await completeWith(app.id, [result]);
    assert.equal(done.status, 200);
    const html = await done.text();
    assert.equal(await statusOf(app.id), "completed");
    const [stored] = await rows<{ id: string; storage_key: string; mime_type: string; size_bytes: string }>(
      db(),
      sql`SELECT b.id, b.storage_key, b.mime_type, b.size_bytes FROM applications a JOIN blobs b ON b.id = a.result_blob_ids[1] WHERE a.id = ${app.id}`,
    );
    assert.equal(stored!.mime_type, "application/pdf");
    assert.ok((await lontar.blobs.get(stored!.storage_key)).equals(result), "stored byte for byte");
    // Payloads are sealed (outbox.payload): opened here as the send handler opens them.
    const outbox = (
      await rows<{ payload: unknown }>(db(), sql`SELECT payload FROM outbox WHERE kind = 'send'`)
    ).filter((r) => openSendPayload(lontar.keys, r.payload).upload?.storageKey === stored!.storage_key);
    assert.equal(outbox.length, 1, "the result goes to the citizen, queued with the completion");
    const served = await maria.get(`/desk/files/${stored!.id}`);
    assert.equal(served.headers.get("content-type"), "application/pdf");
    assert.ok(Buffer.from(served.body, "latin1").length > 0);
    // The history tells the whole story, with who did what.
    for (const step of [
      "Mengajukan",
      "Memeriksa dokumen",
      "Minta perbaikan ke warga",
      "Mengirim perbaikan",
      "Mulai proses di SIAK",
      "Selesaikan",
    ])
      assert.match(html, new RegExp(`<strong>${step}</strong>`));
    assert.match(html, /data-event="complete"><span class="meta">[^<]+ · maria<\/span>/);
    assert.match(html, new RegExp(`src="/desk/files/${stored!.id}"`));
  });

  test("the NIK reveal shows the number and is audited; the file view is audited and served safely", async () => {
    const app = await submit();
    const reveal = await maria.post(`/desk/applications/${app.id}/reveal-nik`, {}, htmx);
    assert.equal(reveal.status, 200);
    assert.match(reveal.body, new RegExp(SUBJECT_NIK));
    const audits = async (action: string, subject: string) =>
      rows<{ actor_id: string }>(
        db(),
        sql`SELECT a.actor_id FROM audit_log a WHERE a.action = ${action} AND a.subject_id = ${subject}`,
      );
    assert.equal((await audits("nik.reveal", app.id)).length, 1);

    const pdf = await fetch(`${lontar.baseUrl}/desk/files/${app.pages.akta_kelahiran}`, {
      headers: { cookie: maria.cookie },
    });
    assert.equal(pdf.status, 200);
    assert.ok(Buffer.from(await pdf.arrayBuffer()).equals(pdfBytes("akta_kelahiran")));
    assert.equal(pdf.headers.get("content-type"), "application/pdf");
    assert.match(pdf.headers.get("content-disposition")!, /^inline; filename="[0-9a-f-]{36}\.pdf"$/);
    assert.equal(pdf.headers.get("x-content-type-options"), "nosniff");
    assert.equal(pdf.headers.get("cache-control"), "private, no-store");
    assert.equal(pdf.headers.get("content-security-policy"), null);
    const image = await maria.get(`/desk/files/${app.pages.kk}`);
    assert.equal(image.headers.get("content-type"), "image/png");
    assert.equal(image.headers.get("content-security-policy"), "default-src 'none'");
    assert.equal((await audits("file.view", app.pages.akta_kelahiran!)).length, 1);
    assert.equal((await audits("file.view", app.pages.kk!)).length, 1);
  });

  test("notes are added and listed for staff", async () => {
    const app = await submit();
    const added = await maria.post(
      `/desk/applications/${app.id}/notes`,
      { body: "Akta asli perlu dicek di loket" },
      htmx,
    );
    assert.equal(added.status, 200);
    assert.match(added.body, /Akta asli perlu dicek di loket/);
    assert.equal((await maria.post(`/desk/applications/${app.id}/notes`, { body: "  " }, htmx)).status, 422);
    const [count] = await rows<{ n: number }>(
      db(),
      sql`SELECT count(*)::int AS n FROM application_notes WHERE application_id = ${app.id}`,
    );
    assert.equal(count!.n, 1);
  });
});
