/**
 * Golden transcripts through the real path (webhook → inbox → bot → outbox → fake Cloud API): what a
 * citizen reads when asking for requirements, applying with documents, and cancelling half-way.
 * UPDATE_GOLDEN=1 rewrites golden/*.txt; read the diff as a conversation before accepting it.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually } from "../../testing/lontar.ts";
import { openAnswer } from "../applications/applications.service.ts";
import { type Golden, startGolden } from "./golden/harness.ts";
import { manyPagePdf } from "./golden/many-pages.ts";
import { applicationOf, applicationsOf, applyForKia, CHILD_NIK, contactOf } from "./golden/scripts.ts";
import { expectGolden } from "./golden/transcript.ts";

describeEachDatabase("golden: applying", (database) => {
  let g: Golden;
  before(async () => {
    g = await startGolden(database());
  });
  after(async () => g.stop());
  afterEach(() => assert.deepEqual(g.botErrors.splice(0), [], "the bot hit a bug"));

  const itemsOf = (applicationId: string) =>
    rows<{ requirement_id: string; blobs: number }>(
      g.database.db,
      sql`SELECT requirement_id, cardinality(blob_ids)::int AS blobs FROM application_items
          WHERE application_id = ${applicationId} ORDER BY requirement_id`,
    );

  test("brochure: a first message that already asks gets the notice, the brochure and what next", async () => {
    const c = g.citizen("6281339000101", "Ina Lay");
    await c.say("min sy mw bikin akte lahir anak, syaratnya apa");
    await expectGolden("brochure", c.transcript());
  });

  test("a KIA 5–17 application with a PDF and photos ends with the tracking number", async () => {
    const c = g.citizen("6281339000102", "Yohanes Bria");
    await applyForKia(c);
    await expectGolden("apply-kia", c.transcript());

    const app = await applicationOf(g, c.phone);
    assert.equal(app.status, "submitted");
    assert.match(app.tracking_number ?? "", /^KPG-A-\d{4}-\d{5}$/);
    assert.ok(c.received().at(-1)!.includes(app.tracking_number!), "the last message quotes the number");
    assert.ok(app.subject_nik_encrypted, "the NIK is stored, encrypted");
    const digits = CHILD_NIK.replace(/\D/g, "");
    for (const part of [digits, digits.slice(0, 8), digits.slice(-8)])
      assert.ok(!app.subject_nik_encrypted!.includes(part), "the NIK column holds no NIK digits");
    const [{ fields }] = (await rows<{ fields: Record<string, unknown> }>(
      g.database.db,
      sql`SELECT fields FROM applications WHERE id = ${app.id}`,
    )) as [{ fields: Record<string, unknown> }];
    assert.doesNotMatch(
      JSON.stringify(fields),
      /\d{16}|\d{4}-\d{4}-\d{4}-\d{4}/,
      "no NIK or KK in the answers",
    );
    assert.equal(fields.subject_nik, undefined, "the subject NIK lives only in its encrypted column");
    const kk = Object.entries(fields).find(([, v]) => String(v).startsWith("sealed:"));
    assert.ok(kk, "the KK number is kept, sealed");
    assert.equal(openAnswer(g.citizens.deps.keys, kk[0], kk[1]), "5371010110200007");
    const items = await itemsOf(app.id);
    assert.deepEqual(items, [
      { requirement_id: "akta_kelahiran", blobs: 1 },
      { requirement_id: "kk", blobs: 1 },
      { requirement_id: "ktp_orang_tua", blobs: 2 },
      { requirement_id: "pas_foto", blobs: 1 },
    ]);
  });

  test("a 100-page PDF where a document is asked is taken whole, byte for byte, and the bot goes on", async () => {
    const c = g.citizen("6281339000109", "Agustina Kase");
    await c.say("selamat pagi");
    await c.tap("menu.apply");
    await c.tap("svc.kia");
    await c.tap("var.usia_5_17");
    await c.tap("anak");
    await c.say("Agustina Kase");
    await c.say("Maria Goreti Bria");
    await c.say(CHILD_NIK);
    await c.say("5371-0101-1020-0007");
    const pdf = manyPagePdf(100);
    assert.match(pdf.subarray(-200).toString("latin1"), /\/Count 100|%%EOF/);
    await c.sendPdf("akta-100-halaman.pdf", { bytes: pdf });
    assert.match(c.received().at(-1)!, /Kirim \*KK/, "the bot goes on to the next document");
    for (let i = 0; i < 4; i++) await c.sendPhoto(); // KK, both parents' KTP-el, the child's photo
    await c.tap("confirm.submit");

    const app = await applicationOf(g, c.phone);
    const [stored] = await rows<{ storage_key: string; sha256: string; size_bytes: number }>(
      g.database.db,
      sql`SELECT b.storage_key, b.sha256, b.size_bytes::int AS size_bytes FROM application_items i
          JOIN blobs b ON b.id = i.blob_ids[1]
          WHERE i.application_id = ${app.id} AND i.requirement_id = 'akta_kelahiran'`,
    );
    assert.ok(stored, "the PDF is attached to the birth-certificate requirement");
    assert.equal(stored.size_bytes, pdf.length);
    assert.deepEqual(await g.blobs.get(stored.storage_key), pdf, "stored byte-identical (decrypted)");
  });

  // Akta kematian asks `reporter` and `reporter_name`: the reporter applies, for the deceased.
  test("akta kematian: the reporter, not the deceased, is the applicant", async () => {
    const c = g.citizen("6281339000105", "Agustinus Tefa");
    await c.say("halo");
    await c.tap("menu.apply");
    await c.tap("svc.akta_kematian");
    await c.tap("anak");
    await c.say("Agustinus Tefa");
    await c.say("Yakobus Tefa");
    await c.say("5371011203500001");
    await c.say("05-11-2026");
    await c.say("5371-0101-1020-0007");
    await c.sendPdf("surat-kematian.pdf");
    await c.sendPhoto();
    await c.sendPhoto();
    await c.say("selesai");
    await c.tap("confirm.submit");
    assert.match(c.received().at(-3)!, /Permohonan Anda sudah kami terima/);
    assert.match(c.received().at(-2)!, /survei kepuasan/, "then the survey consent question");
    assert.match(c.received().at(-1)!, /^📄 tanda-terima-KPG-A-\d{4}-\d{5}\.pdf$/, "then the receipt");
    const app = await g.one<{ applicant_name: string; relationship: string; flags: string[] }>(
      sql`SELECT applicant_name, relationship, flags FROM applications WHERE contact_id =
            (SELECT id FROM contacts WHERE wa_id = ${c.phone})`,
    );
    assert.equal(app.applicant_name, "Agustinus Tefa");
    // The reporter is the deceased's child, so the deceased is the applicant's parent.
    assert.equal(app.relationship, "parent");
    assert.ok(app.flags.includes("proxy_applicant"));
  });

  test("BATAL half-way through an application cancels it and leaves no application behind", async () => {
    const c = g.citizen("6281339000103", "Agustinus Tefa");
    await c.say("halo");
    await c.tap("menu.apply");
    await c.tap("svc.akta_kematian");
    await c.tap("anak");
    await c.say("Agustinus Tefa");
    await c.say("BATAL");
    await expectGolden("cancel", c.transcript());
    assert.match(c.received().at(-2)!, /dibatalkan/);
    assert.deepEqual(await applicationsOf(g, c.phone), []);
    const { conversation_id } = await contactOf(g, c.phone);
    const state = await g.one<{ flow: string }>(
      sql`SELECT bot_state->'flow'->>'name' AS flow FROM conversations WHERE id = ${conversation_id}`,
    );
    assert.equal(state.flow, "choose", "back at the menu");
  });

  // A file whose download ends after the submission waits in pending_attachments and joins the application
  // when it is stored (the system may attach a downloaded file to a submitted application).
  test("a file still downloading at submission is attached once its download finishes", async () => {
    const c = g.citizen("6281339000104", "Yohanes Bria");
    const release = g.holdDownloads();
    try {
      await applyForKia(c);
    } finally {
      release();
    }
    // Found by content, not position: the receipt PDF (its own outbox job) may arrive before or after this.
    assert.ok(
      c.received().some((m) => /5 file masih kami unduh; tidak perlu dikirim ulang/.test(m)),
      c.received().slice(-4).join("\n---\n"),
    );
    const app = await applicationOf(g, c.phone);
    const waiting = async () =>
      (
        await rows<{ n: number }>(
          g.database.db,
          sql`SELECT count(*)::int AS n FROM pending_attachments WHERE application_id = ${app.id}`,
        )
      )[0]!.n;
    // All five files arrive in the end: nothing is left waiting, and every page is on its item.
    await eventually(async () => (await waiting()) === 0, 10_000);
    const items = await itemsOf(app.id);
    assert.equal(items.length, 4);
    assert.equal(
      items.reduce((n, i) => n + i.blobs, 0),
      5,
    );
  });
});
