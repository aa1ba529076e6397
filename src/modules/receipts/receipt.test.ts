/** The receipt job: a real PDF stored as a "receipt" blob and queued as a document, once even if run twice. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { OutboxRow } from "../../platform/queue/outbox.ts";
import type { JobResult } from "../../platform/queue/worker.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { submitWithPages } from "../desk/application.testing.ts";
import { openJson, SEALED } from "../shared/sealed.ts";
import { createReceiptHandler } from "./receipt.handler.ts";
import { queueReceipt } from "./receipt.service.ts";
import { pdfText } from "./receipt.testing.ts";

describeEachDatabase("receipt", (database) => {
  let lontar: RunningLontar;
  let n = 0;
  before(async () => {
    lontar = await startLontar(database(), { citizen: true, workers: false });
  });
  after(() => lontar.stop());
  const db = () => database().db;

  /** A submitted KIA application and its queued receipt job, as the bot's submit leaves them. */
  const submitted = async () => {
    const waId = `6281240000${String(++n).padStart(3, "0")}`;
    const app = await submitWithPages(database(), { ...lontar, citizens: lontar.citizens!, waId });
    await db().transaction(async (tx) => {
      const [row] = await rows<{ service_code: string; variant_code: string | null }>(
        tx,
        sql`SELECT service_code, variant_code FROM applications WHERE id = ${app.id}`,
      );
      await queueReceipt(tx, lontar.keys, {
        catalogue: lontar.citizens!.catalogue,
        application: {
          id: app.id,
          officeId: lontar.officeId,
          serviceCode: row!.service_code,
          variantCode: row!.variant_code,
        },
        conversation: { id: app.conversationId, channelId: lontar.channelId },
        recipient: waId,
        locale: "id",
      });
    });
    // The payload is sealed (outbox.payload): the job is found by opening it, as the handler does.
    const jobs = await rows<OutboxRow>(
      db(),
      sql`SELECT id, office_id, channel_id, kind, payload, recipient, attempts FROM outbox
          WHERE kind = 'send_receipt'`,
    );
    const job = jobs.find(
      (j) =>
        (openJson(lontar.keys, j.payload, SEALED.outboxPayload) as { applicationId: string })
          .applicationId === app.id,
    );
    return { app, job: job! };
  };
  const handler = () =>
    createReceiptHandler({
      database: database(),
      keys: lontar.keys,
      blobs: lontar.blobs,
      publicUrl: lontar.config.publicUrl,
      retryBaseMs: 10,
    });
  const finish = (result: JobResult) => db().transaction(async (tx) => result.after?.(tx));
  const documentsSent = async (conversationId: string) =>
    (
      await rows<{ content: unknown; payload: unknown }>(
        db(),
        sql`SELECT m.content, o.payload
          FROM messages m JOIN outbox o ON o.id = m.outbox_id
          WHERE m.conversation_id = ${conversationId} AND m.type = 'document'`,
      )
    ).map((m) => ({
      filename: (
        openJson(lontar.keys, m.content, SEALED.messageContent) as { document: { filename: string } }
      ).document.filename,
      upload: (openJson(lontar.keys, m.payload, SEALED.outboxPayload) as { upload: { storageKey: string } })
        .upload,
    }));

  test("submission gives an unguessable code; the job stores the PDF and queues it as a document", async () => {
    const { app, job } = await submitted();
    const [row] = await rows<{ receipt_code: string; due_at: Date }>(
      db(),
      sql`SELECT receipt_code, due_at FROM applications WHERE id = ${app.id}`,
    );
    assert.match(row!.receipt_code, /^[A-Za-z0-9_-]{24}$/, "144 bits in base64url");
    assert.equal(job.recipient, null, "the job does not hold back the citizen's other messages");

    const result = await handler()(job);
    assert.equal(result.type, "done");
    await finish(result);
    const [blob] = await rows<{ kind: string; mime_type: string; storage_key: string; id: string }>(
      db(),
      sql`SELECT b.id, b.kind, b.mime_type, b.storage_key FROM applications a JOIN blobs b ON b.id = a.receipt_blob_id
          WHERE a.id = ${app.id}`,
    );
    assert.equal(blob?.kind, "receipt");
    assert.equal(blob.mime_type, "application/pdf");
    const pdf = await lontar.blobs.get(blob.storage_key);
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    const text = pdfText(pdf);
    for (const expected of [
      "Dinas Kependudukan dan Pencatatan Sipil Kota Kupang",
      "TANDA TERIMA PERMOHONAN",
      app.trackingNumber,
      "- Akta kelahiran anak (1 hlm.)",
      `${lontar.config.publicUrl}/v/${row!.receipt_code}`,
    ])
      assert.ok(text.includes(expected), `the receipt shows ${expected}: ${JSON.stringify(text)}`);
    assert.ok(
      text.some((t) => t.endsWith("WITA")),
      "dates in WITA",
    );
    assert.ok(
      text.some((t) => /gratis/.test(t)),
      "the anti-fee line",
    );
    assert.ok(!text.some((t) => /Yohanes|Maria|5371/.test(t)), "no name or NIK on the receipt");

    const sent = await documentsSent(app.conversationId);
    assert.deepEqual(
      sent.map((s) => s.filename),
      [`tanda-terima-${app.trackingNumber}.pdf`],
    );
    assert.equal(sent[0]!.upload.storageKey, blob.storage_key);
  });

  test("a second run (or two racing runs) leaves one receipt and one document message", async () => {
    const { app, job } = await submitted();
    const [first, second] = await Promise.all([handler()(job), handler()(job)]);
    await finish(first!);
    await finish(second!);
    const again = await handler()({ ...job, attempts: 2 });
    assert.deepEqual(again, { type: "done" }, "a recorded receipt ends the job at once");
    assert.equal((await documentsSent(app.conversationId)).length, 1);
    const [{ receipts }] = (await rows<{ receipts: number }>(
      db(),
      sql`SELECT count(*)::int AS receipts FROM blobs b JOIN applications a ON a.receipt_blob_id = b.id
          WHERE a.id = ${app.id}`,
    )) as [{ receipts: number }];
    assert.equal(receipts, 1);
  });
});
