/**
 * Golden transcripts through the real path for what happens around an application: the desk asking for a
 * correction, status checks, a fee complaint, and a hand-over to an officer.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually } from "../../testing/lontar.ts";
import { claim, requestRevision } from "../applications/applications.service.ts";
import { openedMessages } from "../messaging/testing.ts";
import { type Golden, startGolden } from "./golden/harness.ts";
import { applicationOf, applyForKia, contactOf, submitDirect } from "./golden/scripts.ts";
import { expectGolden } from "./golden/transcript.ts";

describeEachDatabase("golden: around an application", (database) => {
  let g: Golden;
  before(async () => {
    g = await startGolden(database());
  });
  after(async () => g.stop());
  afterEach(() => assert.deepEqual(g.botErrors.splice(0), [], "the bot hit a bug"));

  test("status: CEK with the citizen's own number, the status menu, and someone else's number", async () => {
    const c = g.citizen("6281339000202", "Maria Ndun");
    const own = await submitDirect(g, c.phone, "Maria Ndun");
    const other = await submitDirect(g, "6281339000299", "Yakobus Seran");
    await c.say("selamat pagi");
    await c.say(`CEK ${own}`);
    await c.say("menu");
    await c.tap("menu.status");
    await c.tap(`app.${own}`);
    await c.say(`tolong cek ${other.toLowerCase().replaceAll("-", " ")} min`);
    await expectGolden("status", c.transcript());

    const replies = c.received();
    assert.match(replies[2]!, new RegExp(`^\\*${own}\\*\\nStatus: \\*Diterima, menunggu pemeriksaan\\*`));
    assert.equal(replies.at(-2), replies[2], "the menu shows the same status");
    assert.match(replies.at(-1)!, new RegExp(`Nomor \\*${other}\\* tidak ditemukan`));
  });

  test("complaint: a report of being asked to pay is flagged to supervisors at once", async () => {
    const c = g.citizen("6281339000203", "Fransiska Lake");
    await c.say("sy mau lapor, petugas minta bayar");
    await c.tap("cat.pungli_biaya");
    await c.say(
      "Petugas di loket 3 minta bayar Rp100.000 supaya KTP saya cepat jadi. Kejadian hari Senin pagi.",
    );
    await c.sendPhoto();
    await c.say("selesai");
    await c.tap("yes");
    await c.tap("yes");
    await expectGolden("complaint", c.transcript());

    const { contact_id } = await contactOf(g, c.phone);
    const complaint = await g.one<Record<string, unknown>>(sql`
      SELECT category, flagged_to_supervisor, confidential, tracking_number, cardinality(photo_blob_ids)::int AS photos
      FROM complaints WHERE contact_id = ${contact_id}`);
    assert.equal(complaint.category, "pungli_biaya");
    assert.equal(complaint.flagged_to_supervisor, true);
    assert.equal(complaint.confidential, true);
    assert.equal(complaint.photos, 1);
    assert.match(String(complaint.tracking_number), /^KPG-P-\d{4}-\d{5}$/);
    assert.ok(c.received().at(-1)!.includes(String(complaint.tracking_number)));
  });

  test("hand-over: PETUGAS queues the conversation; while an officer holds it the bot stays silent", async () => {
    const c = g.citizen("6281339000204", "Dominggus Bana");
    await c.say("halo");
    await c.say("PETUGAS");
    const { conversation_id } = await contactOf(g, c.phone);
    const handover = await g.one<{ handover_at: Date | null }>(
      sql`SELECT handover_at FROM conversations WHERE id = ${conversation_id}`,
    );
    assert.ok(handover.handover_at, "the conversation waits in the officers' queue");

    const officer = await g.operator("petugas.chat");
    c.note("petugas mengambil alih percakapan");
    await g.desk((tx) =>
      tx.execute(sql`UPDATE conversations SET held_by = ${officer.operatorId} WHERE id = ${conversation_id}`),
    );
    const before = c.received().length;
    const question = "Pak, KK saya hilang waktu banjir, bisa urus lewat sini?";
    await c.say(question);
    await new Promise((r) => setTimeout(r, 1000));
    await c.flush();
    assert.equal(c.received().length, before, "no office message while the officer holds the conversation");
    const inbound = await openedMessages(
      g.database,
      g.citizens.deps.keys,
      sql`conversation_id = ${conversation_id} AND direction = 'in'`,
    );
    const stored = inbound.filter((m) => m.content.body === question);
    assert.equal(stored.length, 1, "the message is stored for the officer");
    await expectGolden("handover", c.transcript());
  });

  test("revision: the desk asks for a new photo, the citizen sends it, the application is back in the queue", async () => {
    const c = g.citizen("6281339000201", "Yohanes Bria");
    await applyForKia(c);
    c.reset();
    const app = await applicationOf(g, c.phone);
    const officer = await g.operator("petugas.revisi");
    c.note("petugas: pas foto perlu diganti");
    await g.desk(async (tx) => {
      const ids = { officeId: g.officeId, applicationId: app.id, actor: officer };
      await claim(tx, ids);
      const { notification } = await requestRevision(tx, {
        ...ids,
        items: [{ requirementId: "pas_foto", reason: "Foto buram, wajah anak tidak terlihat jelas" }],
      });
      await g.citizens.notify(tx, notification!);
    });
    await c.flush();
    assert.equal((await applicationOf(g, c.phone)).status, "needs_revision");
    // Not waiting for the download: the correction is acknowledged at once, and the application goes back
    // to the officer when the new photo is stored (citizen-service onMediaStored).
    await c.sendPhoto({ waitForDownload: false });
    await expectGolden("revision", c.transcript());
    assert.match(c.received().at(-1)!, /perbaikan untuk \*KPG-A-\d{4}-\d{5}\* sudah kami terima/);
    await eventually(async () => (await applicationOf(g, c.phone)).status === "submitted", 10_000);
    const items = await rows<{ blobs: number; verification: string }>(
      g.database.db,
      sql`SELECT cardinality(blob_ids)::int AS blobs, verification FROM application_items
          WHERE application_id = ${app.id} AND requirement_id = 'pas_foto'`,
    );
    assert.deepEqual(
      items,
      [{ blobs: 1, verification: "pending" }],
      "the new photo replaced the rejected one",
    );
  });
});
