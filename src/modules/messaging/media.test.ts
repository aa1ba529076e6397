import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { documentMessage } from "../../platform/whatsapp/builders.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { jpeg, segment } from "../documents/testing.ts";
import { resolveContact } from "./inbound.service.ts";
import { lockConversation } from "./messaging.repo.ts";
import { queueMessage } from "./outbound.service.ts";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

const listFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat();
};

describeEachDatabase("media", (database) => {
  let lontar: RunningLontar;
  before(async () => {
    lontar = await startLontar(database(), { outbox: { perRecipientIntervalMs: 0, retryBaseMs: 20 } });
  });
  after(async () => lontar.stop());

  test("an inbound photo is downloaded at once (two steps, bearer) into encrypted storage", async () => {
    // A real JPEG (the media policy refuses anything else) whose kept ICC segment carries plaintext to look for.
    const icc = Buffer.concat([
      Buffer.from("ICC_PROFILE\0\x01\x01NIK 5371014101900042 ", "latin1"),
      randomBytes(2048),
    ]);
    const photo = jpeg({ segments: [segment(0xe2, icc)] });
    const mediaId = lontar.fake.uploadInboundMedia(photo, "image/jpeg");
    const wamid = await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: "6281234500001",
      message: { type: "image", mediaId, mimeType: "image/jpeg", caption: "KTP" },
    });
    const stored = await eventually(async () => {
      const [row] = await rows<{
        media_status: string;
        sha256: string;
        size_bytes: number;
        storage_key: string;
      }>(
        database().db,
        sql`SELECT m.media_status, b.sha256, b.size_bytes, b.storage_key FROM messages m JOIN blobs b ON b.id = m.blob_id WHERE m.wamid = ${wamid}`,
      );
      return row?.media_status === "stored" ? row : undefined;
    });
    assert.equal(stored.sha256, sha256(photo));
    assert.equal(stored.size_bytes, photo.length);
    const files = await listFiles(path.join(lontar.config.dataDir, "blobs"));
    const onDisk = await readFile(files.find((f) => f.endsWith(stored.storage_key))!);
    assert.equal(
      onDisk.includes(Buffer.from("5371014101900042")),
      false,
      "the file on disk is not plaintext",
    );
  });

  test("an outbound document is uploaded to /media and sent by id, byte-identical", async () => {
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(4096), Buffer.from("\n%%EOF\n")]);
    const to = "6281234500002";
    const key = (await lontar.blobs.put(pdf)).key;
    const { outboxId } = await database().db.transaction(async (tx) => {
      const contact = await resolveContact(tx, lontar.keys, lontar.officeId, { waId: to });
      const conversation = await lockConversation(tx, {
        officeId: lontar.officeId,
        contactId: contact.id,
        channelId: lontar.channelId,
      });
      return queueMessage(tx, lontar.keys, {
        conversation,
        recipient: to,
        body: documentMessage({
          to,
          mediaId: "pending-upload",
          filename: "AKTA-KPG-A-2611-00042.pdf",
          caption: "Akta kelahiran",
        }),
        upload: { storageKey: key, mimeType: "application/pdf", filename: "AKTA-KPG-A-2611-00042.pdf" },
      });
    });
    lontar.fake.injectFault({ kind: "http500", endpoint: "media" }); // the first upload fails and is retried
    lontar.app.bus.publish("outbox");
    const sent = await eventually(async () =>
      lontar.fake.received.find(
        (r) => r.kind === "message" && r.body.biz_opaque_callback_data === `lontar:ob:${outboxId}`,
      ),
    );
    assert.equal(sent.kind, "message");
    const document = (sent.body as Record<string, unknown>).document as { id: string; filename: string };
    assert.equal(document.filename, "AKTA-KPG-A-2611-00042.pdf");
    assert.deepEqual(lontar.fake.media.get(document.id)?.bytes, pdf);
  });
});
