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
import type { OutboundMessage } from "../../platform/whatsapp/types.ts";
import { hasConsent } from "../privacy/consent.service.ts";
import { COPY_TEMPLATE } from "../privacy/dsr.delivery.ts";
import { DSR_HOURS, deleteOptionalData, requestNumber, sendDataCopy } from "../privacy/dsr.service.ts";
import { pdfText } from "../receipts/receipt.testing.ts";
import { isDomainError } from "../shared/domain-error.ts";
import { type Citizen, type Golden, startGolden } from "./golden/harness.ts";
import { applyForKia, contactOf } from "./golden/scripts.ts";
import { expectGolden } from "./golden/transcript.ts";

/** The identity numbers applyForKia types (the child's and the father's), never to be shown in full. */
const FULL_NIKS = ["5371041401200003", "5371010110200007"];
const MASKED_CHILD_NIK = "5371••••••••0003";

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

  /** DATA SAYA confirmed with the button: the open request's id. */
  const askForCopy = async (c: Citizen) => {
    await c.say("DATA SAYA");
    await c.tap("dsr.copy");
    const { contact_id } = await contactOf(g, c.phone);
    return (
      await g.one<{ id: string }>(
        sql`SELECT id FROM data_subject_requests WHERE contact_id = ${contact_id} AND status = 'open'`,
      )
    ).id;
  };
  const sendCopy = async (requestId: string, username: string) => {
    const admin = await g.operator(username);
    return g.desk((tx) =>
      sendDataCopy(tx, {
        officeId: g.officeId,
        requestId,
        staffId: admin.operatorId,
        keys: g.citizens.deps.keys,
        catalogue: g.citizens.deps.catalogue,
        blobs: g.blobs,
        now: new Date(),
      }),
    );
  };
  /** The citizen last wrote `hours` ago. */
  const silence = async (c: Citizen, hours: number) => {
    const { conversation_id } = await contactOf(g, c.phone);
    await g.database.db.execute(sql`UPDATE conversations
      SET last_inbound_at = now() - make_interval(hours => ${hours}) WHERE id = ${conversation_id}`);
  };
  /** Meta's review of the Indonesian copy template, as the admin records it in Admin › Templates. */
  const setCopyTemplate = (status: string) =>
    g.database.db.execute(sql`INSERT INTO template_statuses (office_id, name, language, status)
      VALUES (${g.officeId}, ${COPY_TEMPLATE}, 'id', ${status})
      ON CONFLICT (office_id, name, language) DO UPDATE SET status = EXCLUDED.status`);
  const lastTo = (c: Citizen): OutboundMessage | undefined =>
    g.fake.received.findLast((r) => r.kind === "message" && r.body.to === `+${c.phone}`)?.body as
      | OutboundMessage
      | undefined;
  const uploaded = (mediaId: string): Buffer => {
    const media = g.fake.media.get(mediaId);
    assert.ok(media, `media ${mediaId} was uploaded`);
    return media.bytes;
  };
  /** A real PDF with the copy's masked content and no identity number in full; returns its text lines. */
  const checkPdf = (pdf: Buffer, number: string): string[] => {
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.match(pdf.subarray(-8).toString("latin1"), /%%EOF\s*$/);
    // The standard fonts write WinAnsi: the masking dot is byte 0x95.
    const shown = pdfText(pdf).map((t) => t.replaceAll("\u0095", "•"));
    const all = shown.join("\n");
    assert.ok(all.includes(number), "the request number");
    assert.ok(all.includes(MASKED_CHILD_NIK), `the child's NIK masked: ${all}`);
    assert.match(all, /KPG-A-\d{4}-\d{5}/, "the application");
    for (const nik of FULL_NIKS) {
      assert.ok(!all.includes(nik), `${nik} not in the PDF's text`);
      assert.ok(!pdf.includes(nik), `${nik} not in the PDF's bytes`);
    }
    return shown;
  };
  const auditOf = async (requestId: string) =>
    rows<{ details: Record<string, unknown> }>(
      g.database.db,
      sql`SELECT details FROM audit_log WHERE action = 'privacy.request_copy' AND subject_id = ${requestId}`,
    );

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

    c.note("admin mengirim salinan data dari meja layanan");
    const delivery = await sendCopy(request.id, "kepala.data");
    await c.flush();
    assert.deepEqual(delivery.sentAs, ["text", "document"], "inside the window: text, then the PDF");
    const copy = c.received().find((r) => r.startsWith("*Salinan data pribadi Anda*"))!;
    assert.ok(copy, c.transcript());
    assert.match(copy, /KPG-A-\d{4}-\d{5}/, "the application is in the copy");
    assert.match(copy, /5371••••••••0003/, "the child's NIK masked");
    assert.doesNotMatch(copy, /5371041401200003|5371010110200007/, "no identity number in full");
    assert.match(copy, /2026-11-01/, "the notice version seen");
    const number = requestNumber(request.id);
    assert.equal(c.received().at(-1), `📄 salinan-data-${number}.pdf`, "the same copy follows as a PDF");
    const document = lastTo(c)!;
    const pdf = uploaded((document.document as { id: string }).id);
    const shown = checkPdf(pdf, number);
    assert.ok(shown.some((t) => t.includes("Salinan data pribadi Anda")));
    const done = await g.one<{ status: string; completed_at: Date; due_at: Date }>(
      sql`SELECT status, completed_at, due_at FROM data_subject_requests WHERE id = ${request.id}`,
    );
    assert.equal(done.status, "done");
    assert.ok(new Date(done.completed_at) <= new Date(done.due_at), "within the clock");
    const audit = await auditOf(request.id);
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.details.sentAs, ["text", "document"]);
    assert.equal(audit[0]!.details.windowOpen, true);
  });

  test("after 24 hours of silence: the approved template carries the PDF in its document header", async () => {
    const c = g.citizen("6281339000507", "Agustinus Lay");
    await applyForKia(c);
    const requestId = await askForCopy(c);
    await silence(c, 25);
    await setCopyTemplate("approved");
    c.reset();
    c.note("admin mengirim salinan data, 25 jam setelah pesan terakhir warga");
    const delivery = await sendCopy(requestId, "kepala.data.luar");
    await c.flush();
    assert.deepEqual(delivery.sentAs, ["template"]);
    const number = requestNumber(requestId);
    assert.deepEqual(c.received(), [`TEMPLATE ${COPY_TEMPLATE}(📄 salinan-data-${number}.pdf, ${number})`]);
    const sent = lastTo(c)!;
    const template = sent.template as {
      name: string;
      language: { code: string };
      components: Array<{ type: string; parameters: Array<{ type: string; document?: { id: string } }> }>;
    };
    assert.equal(template.language.code, "id");
    const header = template.components.find((x) => x.type === "header")!.parameters[0]!;
    assert.equal(header.type, "document");
    const pdf = uploaded(header.document!.id);
    checkPdf(pdf, number);
    assert.equal(g.fake.media.get(header.document!.id)!.mimeType, "application/pdf");

    const [stored] = await rows<{ storage_key: string; key_id: string | null; original_name: string }>(
      g.database.db,
      sql`SELECT storage_key, key_id, original_name FROM blobs WHERE kind = 'data_copy'
          AND original_name = ${`salinan-data-${number}.pdf`}`,
    );
    assert.ok(stored?.key_id, "stored encrypted, like every file");
    assert.ok((await g.blobs.get(stored.storage_key)).equals(pdf), "the file that went up is the one stored");
    const audit = await auditOf(requestId);
    assert.deepEqual(audit[0]!.details.sentAs, ["template"]);
    assert.equal(audit[0]!.details.templateLanguage, "id");
    assert.equal(
      (await g.one<{ status: string }>(sql`SELECT status FROM data_subject_requests WHERE id = ${requestId}`))
        .status,
      "done",
    );
  });

  test("after 24 hours without the template approved: refused, nothing stored or queued, the request stays open", async () => {
    const c = g.citizen("6281339000508", "Paulus Ndolu");
    await c.say("halo");
    const requestId = await askForCopy(c);
    await silence(c, 30);
    await setCopyTemplate("submitted");
    const before = {
      received: c.received().length,
      outbox: await g.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox`),
      files: await g.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM blobs WHERE kind = 'data_copy'`),
    };
    await assert.rejects(sendCopy(requestId, "kepala.data.tolak"), (error) => {
      assert.ok(isDomainError(error) && error.code === "copy_template_not_approved", String(error));
      return true;
    });
    await c.flush();
    assert.equal(c.received().length, before.received, "the citizen gets nothing");
    assert.deepEqual(
      await g.one(sql`SELECT count(*)::int AS n FROM outbox`),
      before.outbox,
      "nothing queued",
    );
    assert.deepEqual(
      await g.one(sql`SELECT count(*)::int AS n FROM blobs WHERE kind = 'data_copy'`),
      before.files,
      "no file kept",
    );
    const open = await g.one<{ status: string }>(
      sql`SELECT status FROM data_subject_requests WHERE id = ${requestId}`,
    );
    assert.equal(open.status, "open");
    assert.deepEqual(await auditOf(requestId), []);
  });

  test("the window closes before the copy goes out (131047): one template with the PDF instead", async () => {
    const c = g.citizen("6281339000509", "Theresia Bani");
    await c.say("halo");
    const requestId = await askForCopy(c);
    await setCopyTemplate("approved");
    c.reset();
    // Meta refuses both the text and the document: the window closed while they waited in the outbox.
    g.fake.injectFault({ kind: "reengagement", to: c.phone, times: 2 });
    const delivery = await sendCopy(requestId, "kepala.data.telat");
    assert.equal(delivery.parts, 1, "the copy of a short chat fits one text message");
    assert.equal(delivery.templateLanguage, "id", "the template is kept as the fallback");
    await c.flush();
    const number = requestNumber(requestId);
    assert.deepEqual(c.received(), [`TEMPLATE ${COPY_TEMPLATE}(📄 salinan-data-${number}.pdf, ${number})`]);
    const header = JSON.stringify(lastTo(c)!.template);
    const mediaId = /"document":\{"id":"([^"]+)"/.exec(header)?.[1];
    assert.ok(mediaId, header);
    assert.equal(uploaded(mediaId).subarray(0, 5).toString("latin1"), "%PDF-");
    const { conversation_id } = await contactOf(g, c.phone);
    const failed = await rows<{ type: string; error_code: number }>(
      g.database.db,
      sql`SELECT type, error_code FROM messages WHERE conversation_id = ${conversation_id}
          AND direction = 'out' AND status = 'failed' ORDER BY occurred_at, created_at`,
    );
    assert.deepEqual(failed, [
      { type: "text", error_code: 131047 },
      { type: "document", error_code: 131047 },
    ]);
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
