/**
 * The media policy on the real path: signed webhook → inbox → download job (two steps at the fake Cloud
 * API) → inspection → encrypted store or refusal → the citizen told, on PGlite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { InboundMessageInput } from "../../sim/fake/types.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { app1, comment, exe, exifGps, jpeg, pdf } from "../documents/testing.ts";

type Row = {
  media_status: string;
  error_title: string | null;
  blob_id: string | null;
  mime_type: string | null;
  kind: string | null;
  original_name: string | null;
  sha256: string | null;
  size_bytes: number | null;
  storage_key: string | null;
};

const countFiles = async (dir: string): Promise<number> => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const counts = await Promise.all(
    entries.map((e) => (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1)),
  );
  return counts.reduce((a, b) => a + b, 0);
};

describeEachDatabase("media policy", (database) => {
  let lontar: RunningLontar;
  let phone = 6281339000500;
  before(async () => {
    lontar = await startLontar(database(), {
      citizen: true,
      outbox: { perRecipientIntervalMs: 0, retryBaseMs: 20 },
      env: { LONTAR_MAX_IMAGE_MB: "1" },
    });
  });
  after(async () => lontar.stop());

  /** Sends one file from a new citizen and waits until the download job has decided. */
  const send = async (bytes: Buffer, message: (mediaId: string) => InboundMessageInput) => {
    const from = String(++phone);
    const claimed = message("x");
    const mimeType = "mimeType" in claimed ? (claimed.mimeType ?? "") : "";
    const filename = "filename" in claimed ? claimed.filename : undefined;
    const mediaId = lontar.fake.uploadInboundMedia(bytes, mimeType, filename);
    const wamid = await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from,
      message: message(mediaId),
    });
    const row = await eventually(async () => {
      lontar.app.bus.publish("outbox");
      const [r] = await rows<Row>(
        database().db,
        sql`SELECT m.media_status, m.error_title, m.blob_id, b.mime_type, b.kind, b.original_name, b.sha256,
                   b.size_bytes::int AS size_bytes, b.storage_key
            FROM messages m LEFT JOIN blobs b ON b.id = m.blob_id WHERE m.wamid = ${wamid}`,
      );
      return r && r.media_status !== "pending" ? r : undefined;
    });
    return { row, from };
  };

  /** The text messages Lontar sent this citizen, once one of them matches. */
  const textsTo = (to: string, match: RegExp) =>
    eventually(async () => {
      lontar.app.bus.publish("outbox");
      const texts = lontar.fake.received.flatMap((r) =>
        r.kind === "message" && r.body.to?.replace(/^\+/, "") === to && r.body.type === "text"
          ? [String((r.body as { text?: { body?: string } }).text?.body)]
          : [],
      );
      return texts.some((t) => match.test(t)) ? texts : undefined;
    });

  test("an executable named ktp.jpg is refused: nothing stored, the message marked, the citizen told", async () => {
    const blobsBefore = await countFiles(path.join(lontar.config.dataDir, "blobs"));
    const { row, from } = await send(exe(), (mediaId) => ({
      type: "document",
      mediaId,
      mimeType: "image/jpeg",
      filename: "ktp.jpg",
    }));
    assert.equal(row.media_status, "refused");
    assert.equal(row.error_title, "type_not_allowed");
    assert.equal(row.blob_id, null);
    assert.equal(await countFiles(path.join(lontar.config.dataDir, "blobs")), blobsBefore, "no file written");
    const texts = await textsTo(from, /bukan foto atau PDF/);
    const refusal = texts.find((t) => /bukan foto atau PDF/.test(t))!;
    assert.match(
      refusal,
      /Kirim foto dokumen \(JPG\/PNG\) atau PDF, paling besar 1 MB untuk foto dan 20 MB untuk PDF/,
    );
  });

  test("a photo with EXIF GPS is stored without it, under its sniffed type and a safe name", async () => {
    const photo = jpeg({ segments: [app1(exifGps()), comment("Maria Goreti")] });
    const { row } = await send(photo, (mediaId) => ({
      type: "document",
      mediaId,
      mimeType: "application/octet-stream",
      filename: "../KTP Maria.JPEG",
    }));
    assert.equal(row.media_status, "stored");
    assert.equal(row.mime_type, "image/jpeg");
    assert.equal(row.kind, "chat_media");
    assert.equal(row.original_name, "KTP Maria.jpg");
    const stored = await lontar.blobs.get(row.storage_key!);
    assert.ok(stored.length < photo.length);
    for (const gone of ["Exif", "LontarCam", "Maria Goreti"])
      assert.equal(stored.includes(Buffer.from(gone)), false);
    assert.equal(row.sha256, createHash("sha256").update(stored).digest("hex"), "sha256 of what is stored");
    assert.equal(row.size_bytes, stored.length);
  });

  test("a PDF declared as an image is stored as the PDF it is", async () => {
    const file = pdf();
    const { row } = await send(file, (mediaId) => ({ type: "image", mediaId, mimeType: "image/jpeg" }));
    assert.equal(row.media_status, "stored");
    assert.equal(row.mime_type, "application/pdf");
    assert.equal(row.original_name, null, "an image message has no name");
    assert.deepEqual(await lontar.blobs.get(row.storage_key!), file, "a PDF is kept byte for byte");
  });

  test("a polyglot (a JPEG with a PDF inside) is refused", async () => {
    const { row, from } = await send(jpeg({ after: pdf() }), (mediaId) => ({
      type: "image",
      mediaId,
      mimeType: "image/jpeg",
    }));
    assert.equal(row.media_status, "refused");
    assert.equal(row.error_title, "polyglot");
    await textsTo(from, /tidak diizinkan/);
  });

  test("a photo over LONTAR_MAX_IMAGE_MB is refused as too large before it is downloaded", async () => {
    const big = jpeg({ segments: Array.from({ length: 17 }, () => comment("x".repeat(65000))) });
    assert.ok(big.length > 1024 * 1024);
    const { row, from } = await send(big, (mediaId) => ({ type: "image", mediaId, mimeType: "image/jpeg" }));
    assert.equal(row.media_status, "refused");
    assert.equal(row.error_title, "too_large");
    await textsTo(from, /terlalu besar/);
  });
});
