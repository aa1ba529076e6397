/**
 * Golden transcripts of the desk telling a citizen about their application: an approved template once the
 * 24-hour window has closed, free text inside it, and the template fallback when Meta answers 131047.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { blobs } from "../../platform/db/schema/index.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { storedColumns } from "../../platform/storage/blob-store.ts";
import {
  type ApplicationNotification,
  claim,
  complete,
  reject,
  startProcessing,
} from "../applications/applications.service.ts";
import type { Actor } from "../shared/actor.ts";
import { type Citizen, type Golden, startGolden } from "./golden/harness.ts";
import { applicationOf, applyForKia, contactOf } from "./golden/scripts.ts";
import { expectGolden } from "./golden/transcript.ts";

describeEachDatabase("golden: notifications", (database) => {
  let g: Golden;
  before(async () => {
    g = await startGolden(database());
  });
  after(async () => g.stop());
  afterEach(() => assert.deepEqual(g.botErrors.splice(0), [], "the bot hit a bug"));

  /** A submitted KIA application whose citizen last wrote `silentDays` ago. */
  const submitted = async (phone: string, silentDays: number) => {
    const c = g.citizen(phone, "Yohanes Bria");
    await applyForKia(c);
    c.reset();
    const app = await applicationOf(g, phone);
    const { conversation_id } = await contactOf(g, phone);
    if (silentDays > 0)
      await g.database.db.execute(sql`UPDATE conversations
        SET last_inbound_at = now() - make_interval(days => ${silentDays}) WHERE id = ${conversation_id}`);
    return { c, app, conversationId: conversation_id };
  };

  /** The desk's steps on one application, each telling the citizen what it says, in one transaction. */
  const desk = async (
    c: Citizen,
    note: string,
    steps: (tx: Tx, ids: { officeId: string; applicationId: string; actor: Actor }) => Promise<unknown>,
    applicationId: string,
    username: string,
  ) => {
    const actor = await g.operator(username);
    c.note(note);
    await g.desk((tx) => steps(tx, { officeId: g.officeId, applicationId, actor }));
    await c.flush();
  };
  const tell = async (tx: Tx, result: Promise<{ notification?: ApplicationNotification }>) => {
    const { notification } = await result;
    if (notification) await g.citizens.notify(tx, notification);
  };
  const kinds = (c: Citizen) => c.received().map((r) => (r.startsWith("TEMPLATE ") ? "template" : "free"));

  // Outside the window a pick-up completion goes as the lontar_siap_diambil template.
  test("completed for pick-up after 3 days of silence: a template, not free text", async () => {
    const { c, app } = await submitted("6281339000301", 3);
    await desk(
      c,
      "petugas: KIA selesai, siap diambil",
      async (tx, ids) => {
        await claim(tx, ids);
        await tell(tx, startProcessing(tx, ids));
        await tell(tx, complete(tx, { ...ids, pickup: true }));
      },
      app.id,
      "petugas.ambil",
    );
    assert.deepEqual(kinds(c), ["template"], c.transcript());
  });

  test("completed with its signed PDF after 3 days of silence: the document template", async () => {
    const { c, app } = await submitted("6281339000302", 3);
    const pdf = Buffer.from("%PDF-1.7\n% KIA bertanda tangan elektronik\n");
    const stored = await g.blobs.put(pdf);
    const [blob] = await g.database.db
      .insert(blobs)
      .values({ officeId: g.officeId, ...storedColumns(stored), mimeType: "application/pdf" })
      .returning({ id: blobs.id });
    await desk(
      c,
      "petugas: KIA selesai, PDF hasil diunggah",
      async (tx, ids) => {
        await claim(tx, ids);
        await tell(tx, startProcessing(tx, ids));
        await tell(tx, complete(tx, { ...ids, resultBlobIds: [blob!.id] }));
      },
      app.id,
      "petugas.pdf",
    );
    await expectGolden("notify-completed-template", c.transcript());
    assert.deepEqual(kinds(c), ["template"]);
    const sent = g.fake.received.findLast((r) => r.kind === "message" && r.body.to === `+${c.phone}`)!;
    const header = JSON.stringify(sent.body);
    const mediaId = /"document":\{"id":"([^"]+)"/.exec(header)?.[1];
    assert.ok(mediaId && g.fake.media.get(mediaId)?.bytes.equals(pdf), "the PDF went up byte for byte");
  });

  test("rejected inside the window: a 131047 on the free text sends the template instead", async () => {
    const { c, app, conversationId } = await submitted("6281339000303", 0);
    g.fake.injectFault({ kind: "reengagement", to: c.phone });
    await desk(
      c,
      "petugas: permohonan ditolak (Meta menjawab 131047 untuk pesan teks)",
      async (tx, ids) => {
        await claim(tx, ids);
        await tell(tx, reject(tx, { ...ids, reason: "Anak sudah memiliki KIA yang masih berlaku" }));
      },
      app.id,
      "petugas.tolak",
    );
    await expectGolden("notify-fallback-template", c.transcript());
    assert.deepEqual(kinds(c), ["template"]);
    const failed = await rows<{ type: string; error_code: number; needs_template: boolean }>(
      g.database.db,
      sql`SELECT type, error_code, needs_template FROM messages
          WHERE conversation_id = ${conversationId} AND direction = 'out' AND status = 'failed'`,
    );
    assert.deepEqual(failed, [{ type: "text", error_code: 131047, needs_template: true }]);
  });
});
