/**
 * UU 27/2022 through the real path (webhook → inbox → bot → outbox → fake Cloud API): the versioned privacy
 * notice, consent (survey after submission, broadcasts from the menu, STOP / MULAI anywhere), and data-subject
 * requests confirmed on WhatsApp and answered from the desk within 3×24 hours.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { hasConsent } from "../privacy/consent.service.ts";
import { DSR_HOURS, deleteOptionalData, requestNumber, sendDataCopy } from "../privacy/dsr.service.ts";
import { type Golden, startGolden } from "./golden/harness.ts";
import { applyForKia, contactOf } from "./golden/scripts.ts";
import { expectGolden } from "./golden/transcript.ts";

describeEachDatabase("golden: privacy", (database) => {
  let g: Golden;
  before(async () => {
    g = await startGolden(database());
  });
  after(async () => g.stop());
  afterEach(() => assert.deepEqual(g.botErrors.splice(0), [], "the bot hit a bug"));

  const noticeViews = async (phone: string) => {
    const { contact_id } = await contactOf(g, phone);
    return rows<{ version: string }>(
      g.database.db,
      sql`SELECT version FROM privacy_notice_views WHERE contact_id = ${contact_id} ORDER BY at, id`,
    );
  };
  const consent = async (phone: string, purpose: "survey" | "broadcast") =>
    hasConsent(g.database.db, (await contactOf(g, phone)).contact_id, purpose);
  const consentRows = async (phone: string) =>
    (
      await g.one<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM consents WHERE contact_id = ${(await contactOf(g, phone)).contact_id}`,
      )
    ).n;

  test("the notice version seen is recorded, and a new version is shown once at the next first message", async () => {
    const c = g.citizen("6281339000501", "Dominggus Nalle");
    const notice = g.citizens.deps.catalogue.privacy_notice;
    await c.say("halo");
    assert.deepEqual(await noticeViews(c.phone), [{ version: notice.version }]);
    await c.say("menu");
    assert.equal((await noticeViews(c.phone)).length, 1, "not shown again for the same version");

    g.citizens.deps.catalogue.privacy_notice = { ...notice, version: "2099-01-01" };
    try {
      c.reset();
      await c.say("selamat siang");
      assert.match(c.received()[0]!, /Pemberitahuan privasi kami diperbarui/);
      assert.match(c.received()[0]!, /Ketik \*DATA SAYA\*/);
      await c.say("menu");
      assert.doesNotMatch(c.received().join("\n"), /diperbarui[\s\S]*diperbarui/, "shown once");
      assert.deepEqual(
        (await noticeViews(c.phone)).map((v) => v.version),
        [notice.version, "2099-01-01"],
      );
    } finally {
      g.citizens.deps.catalogue.privacy_notice = notice;
    }
  });

  test("STOP in the middle of an application withdraws at once, keeps the draft; MULAI opts in again", async () => {
    const c = g.citizen("6281339000502", "Yohanes Bria");
    await c.say("selamat pagi");
    await c.tap("menu.broadcast");
    await c.tap("consent.broadcast.yes");
    assert.equal(await consent(c.phone, "broadcast"), true);
    await c.say("menu");
    await c.tap("menu.apply");
    await c.tap("svc.kia");
    await c.tap("var.usia_5_17");
    await c.tap("anak");
    await c.say("STOP");
    assert.equal(await consent(c.phone, "broadcast"), false, "withdrawn at once");
    assert.equal(await consent(c.phone, "survey"), false);
    assert.match(c.received().at(-1)!, /tidak akan lagi menerima survei atau info layanan/);
    assert.match(c.received().at(-1)!, /tetap tersimpan/);
    await c.say("Yohanes Bria");
    assert.match(c.received().at(-1)!, /nama lengkap/i, "the application goes on where it was");
    await c.say("mulai");
    assert.equal(await consent(c.phone, "broadcast"), true);
    assert.equal(await consent(c.phone, "survey"), false, "MULAI is about broadcasts only");
    await c.say("english");
    await c.say("stop");
    assert.match(c.received().at(-1)!, /you will no longer get surveys or service news/);
    assert.equal(await consent(c.phone, "broadcast"), false);
    await expectGolden("privacy-stop", c.transcript());
  });

  test("STOP works while an officer holds the conversation; other messages stay for the officer", async () => {
    const c = g.citizen("6281339000506", "Yakobus Tefa");
    await c.say("halo");
    await c.say("mulai");
    const { conversation_id } = await contactOf(g, c.phone);
    const officer = await g.operator("petugas.privasi");
    await g.desk((tx) =>
      tx.execute(sql`UPDATE conversations SET held_by = ${officer.operatorId} WHERE id = ${conversation_id}`),
    );
    const before = c.received().length;
    await c.say("Pak, saya mau tanya KK");
    assert.equal(c.received().length, before, "the bot stays silent while the officer holds it");
    await c.say("BERHENTI");
    assert.equal(await consent(c.phone, "broadcast"), false);
    assert.match(c.received().at(-1)!, /tidak akan lagi menerima survei/);
  });

  test("after submitting, the survey question is asked once and the answer recorded", async () => {
    const c = g.citizen("6281339000503", "Maria Bria");
    await applyForKia(c);
    await c.tap("consent.survey.yes");
    assert.equal(await consent(c.phone, "survey"), true);
    assert.match(c.received().at(-1)!, /Terima kasih! Ketik \*STOP\*/);
    const before = await consentRows(c.phone);
    await applyForKia(c);
    assert.doesNotMatch(c.received().slice(-2).join("\n"), /survei kepuasan/, "not asked again");
    assert.equal(await consentRows(c.phone), before);
  });

  test("DATA SAYA: confirmed with a button, a request with a 3×24-hour clock, the desk sends the copy", async () => {
    const c = g.citizen("6281339000504", "Yohanes Bria");
    await applyForKia(c);
    c.reset();
    await c.say("DATA SAYA");
    assert.match(c.received().at(-1)!, /salinan data Anda[\s\S]*\[Ya, kirim\] \[Batal\]/);
    const { contact_id } = await contactOf(g, c.phone);
    const none = await g.one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM data_subject_requests WHERE contact_id = ${contact_id}`,
    );
    assert.equal(none.n, 0, "nothing recorded before the confirmation");
    await c.tap("dsr.copy");
    const request = await g.one<{ id: string; status: string; confirmed_at: Date; due_at: Date }>(
      sql`SELECT id, status, confirmed_at, due_at FROM data_subject_requests WHERE contact_id = ${contact_id}`,
    );
    assert.equal(request.status, "open");
    assert.equal(
      new Date(request.due_at).getTime() - new Date(request.confirmed_at).getTime(),
      DSR_HOURS * 3_600_000,
    );
    assert.ok(c.received().at(-1)!.includes(requestNumber(request.id)), c.received().at(-1));
    assert.match(c.received().at(-1)!, /paling lambat/);

    const admin = await g.operator("kepala.data");
    c.note("admin mengirim salinan data dari meja layanan");
    await g.desk((tx) =>
      sendDataCopy(tx, {
        officeId: g.officeId,
        requestId: request.id,
        staffId: admin.operatorId,
        keys: g.citizens.deps.keys,
        catalogue: g.citizens.deps.catalogue,
        now: new Date(),
      }),
    );
    await c.flush();
    const copy = c.received().at(-1)!;
    assert.match(copy, /Salinan data pribadi Anda/);
    assert.match(copy, /KPG-A-\d{4}-\d{5}/, "the application is in the copy");
    assert.match(copy, /5371••••••••0003/, "the child's NIK masked");
    assert.doesNotMatch(copy, /5371041401200003|5371010110200007/, "no identity number in full");
    assert.match(copy, /2026-11-01/, "the notice version seen");
    const done = await g.one<{ status: string; completed_at: Date; due_at: Date }>(
      sql`SELECT status, completed_at, due_at FROM data_subject_requests WHERE id = ${request.id}`,
    );
    assert.equal(done.status, "done");
    assert.ok(new Date(done.completed_at) <= new Date(done.due_at), "within the clock");
    const audit = await g.one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'privacy.request_copy' AND subject_id = ${request.id}`,
    );
    assert.equal(audit.n, 1);
  });

  test("HAPUS DATA: the desk withdraws every optional consent and the citizen is told", async () => {
    const c = g.citizen("6281339000505", "Agustina Kase");
    await c.say("halo");
    await c.tap("menu.broadcast");
    await c.tap("consent.broadcast.yes");
    await c.say("menu");
    await c.tap("menu.privacy");
    await c.tap("dsr.ask.delete_optional");
    assert.match(c.received().at(-1)!, /\*tidak\* ikut dihapus/);
    await c.tap("dsr.delete_optional");
    const { contact_id } = await contactOf(g, c.phone);
    const request = await g.one<{ id: string }>(
      sql`SELECT id FROM data_subject_requests WHERE contact_id = ${contact_id} AND status = 'open'`,
    );
    const admin = await g.operator("kepala.hapus");
    await g.desk((tx) =>
      deleteOptionalData(tx, {
        officeId: g.officeId,
        requestId: request.id,
        staffId: admin.operatorId,
        keys: g.citizens.deps.keys,
        now: new Date(),
      }),
    );
    await c.flush();
    assert.equal(await consent(c.phone, "broadcast"), false);
    assert.match(c.received().at(-1)!, /data opsional Anda .* sudah dihapus/);
  });
});
