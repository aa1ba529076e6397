/**
 * Golden transcript: what a citizen reads when the media policy refuses a file during an application, and
 * proof that a refused or misfitting file never reaches the application. UPDATE_GOLDEN=1 rewrites it.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually } from "../../testing/lontar.ts";
import { claim, requestRevision } from "../applications/applications.service.ts";
import { exe, pdf } from "../documents/testing.ts";
import { type Golden, startGolden } from "./golden/harness.ts";
import { applicationOf, applyForKia, CHILD_NIK } from "./golden/scripts.ts";
import { expectGolden } from "./golden/transcript.ts";

describeEachDatabase("golden: refused files", (database) => {
  let g: Golden;
  before(async () => {
    g = await startGolden(database());
  });
  after(async () => g.stop());
  afterEach(() => assert.deepEqual(g.botErrors.splice(0), [], "the bot hit a bug"));

  test("an .exe named ktp.jpg, an .exe sent as a photo and a PDF sent as a photo are taken back", async () => {
    const c = g.citizen("6281339000601", "Yohanes Bria");
    await c.say("selamat pagi");
    await c.tap("menu.apply");
    await c.tap("svc.kia");
    await c.tap("var.usia_5_17");
    await c.tap("anak");
    await c.say("Yohanes Bria");
    await c.say("Maria Goreti Bria");
    await c.say(CHILD_NIK);
    await c.say("5371-0101-1020-0007");
    await c.sendPdf("ktp.jpg", { bytes: exe() }); // the birth certificate: photo or PDF
    await c.flush();
    assert.match(c.received().at(-2)!, /bukan foto atau PDF/);
    assert.match(c.received().at(-1)!, /Kirim \*Akta kelahiran anak\*/, "asked again");
    await c.sendPdf("akta-kelahiran-maria.pdf");
    await c.sendPhoto(); // KK
    await c.sendPhoto({ bytes: exe() }); // a parent's KTP-el: a photo only
    await c.flush();
    assert.match(c.received().at(-2)!, /Kirim foto dokumen \(JPG\/PNG\), paling besar 5 MB\./);
    await c.sendPhoto(); // KTP-el of the father
    await c.sendPhoto(); // KTP-el of the mother
    await c.sendPhoto({ bytes: pdf() }); // the child's photo, but the bytes are a PDF
    await c.flush();
    assert.match(c.received().at(-2)!, /kami perlu foto, tetapi yang Anda kirim ternyata PDF/);
    await c.sendPhoto(); // the child's photo
    await c.tap("confirm.submit");
    await expectGolden("refused-file", c.transcript());

    const app = await applicationOf(g, c.phone);
    assert.equal(app.status, "submitted");
    const items = await rows<{ requirement_id: string; blobs: number; mime: string[] }>(
      g.database.db,
      sql`SELECT i.requirement_id, cardinality(i.blob_ids)::int AS blobs,
                 array(SELECT b.mime_type FROM blobs b WHERE b.id = ANY(i.blob_ids) ORDER BY 1) AS mime
          FROM application_items i WHERE i.application_id = ${app.id} ORDER BY i.requirement_id`,
    );
    assert.deepEqual(items, [
      { requirement_id: "akta_kelahiran", blobs: 1, mime: ["application/pdf"] },
      { requirement_id: "kk", blobs: 1, mime: ["image/jpeg"] },
      { requirement_id: "ktp_orang_tua", blobs: 2, mime: ["image/jpeg", "image/jpeg"] },
      { requirement_id: "pas_foto", blobs: 1, mime: ["image/jpeg"] },
    ]);
    const files = await rows<{
      type: string;
      media_status: string;
      error_title: string | null;
      blob: string | null;
    }>(
      g.database.db,
      sql`SELECT m.type, m.media_status, m.error_title, b.mime_type AS blob
          FROM messages m LEFT JOIN blobs b ON b.id = m.blob_id
          WHERE m.conversation_id = ${app.conversation_id} AND m.media_status IS NOT NULL
          ORDER BY m.occurred_at, m.created_at`,
    );
    assert.deepEqual(
      files.filter((f) => f.media_status === "refused"),
      [
        { type: "document", media_status: "refused", error_title: "type_not_allowed", blob: null },
        { type: "image", media_status: "refused", error_title: "type_not_allowed", blob: null },
      ],
      "both executables refused, nothing stored for them",
    );
    const pdfAsPhoto = files.filter((f) => f.type === "image" && f.blob === "application/pdf");
    assert.equal(pdfAsPhoto.length, 1, "the PDF sent as a photo is kept as chat media, not attached");
    const pending = await g.one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM pending_attachments WHERE application_id = ${app.id}`,
    );
    assert.equal(pending.n, 0, "nothing waits for a refused file");
  });

  test("a refused file sent as a correction reopens the correction instead of leaving it hanging", async () => {
    const c = g.citizen("6281339000602", "Yohanes Bria");
    await applyForKia(c);
    const app = await applicationOf(g, c.phone);
    const officer = await g.operator("petugas.media");
    await g.desk(async (tx) => {
      const ids = { officeId: g.officeId, applicationId: app.id, actor: officer };
      await claim(tx, ids);
      const { notification } = await requestRevision(tx, {
        ...ids,
        items: [{ requirementId: "pas_foto", reason: "Foto buram" }],
      });
      await g.citizens.notify(tx, notification!);
    });
    await c.flush();
    c.reset();
    await c.sendPhoto({ bytes: exe() });
    await c.flush();
    const [closed, refused, again] = c.received();
    assert.match(closed!, /sudah kami terima/, "the bot closed the correction when the file arrived");
    assert.match(refused!, /bukan foto atau PDF/);
    assert.match(again!, /perlu perbaikan:\n\*Pas foto anak berwarna 2×3\* — Foto buram/, "asked again");
    assert.equal((await applicationOf(g, c.phone)).status, "needs_revision");
    await c.sendPhoto();
    await eventually(async () => (await applicationOf(g, c.phone)).status === "submitted", 10_000);
    const [item] = await rows<{ blobs: number; verification: string }>(
      g.database.db,
      sql`SELECT cardinality(blob_ids)::int AS blobs, verification FROM application_items
          WHERE application_id = ${app.id} AND requirement_id = 'pas_foto'`,
    );
    assert.deepEqual(item, { blobs: 1, verification: "pending" });
  });
});
