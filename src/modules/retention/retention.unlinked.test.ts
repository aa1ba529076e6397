/**
 * The purge of files no application uses, on the real path and with a fake clock, on fs and on S3: a photo a
 * citizen sent in free chat (webhook → download job → encrypted store) is kept until its days have passed,
 * then deleted (bytes gone, row marked) and a rerun changes nothing; a crash halfway and a rerun that
 * finishes; a chat photo that became an application's page, an open complaint's photo and a data copy each
 * by their own rule; the overdue count and the admin's Storage page; the settings and their checks.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { ConfigError, loadConfig } from "../../config.ts";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import { startS3 } from "../../platform/storage/s3.testing.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { attachDocument, createDraft } from "../applications/applications.service.ts";
import { openComplaint } from "../complaints/complaints.service.ts";
import { PNG, pdfBytes } from "../desk/application.testing.ts";
import { createStaff, signIn } from "../desk/testing.ts";
import { resolveContact } from "../messaging/inbound.service.ts";
import { lockConversation } from "../messaging/messaging.repo.ts";
import { recordCopyBlob } from "../privacy/dsr.repo.ts";
import { countOverdueBlobs, purgeSchedule } from "./retention.repo.ts";
import { purgeDocuments, retentionPolicy } from "./retention.service.ts";

const DAY = 86_400_000;
const MINUTE = 60_000;

test("the retention settings for unused files: defaults, limits, and longer than a draft lives", () => {
  assert.deepEqual(loadConfig({}).retention, {
    documentDays: 30,
    chatDays: 30,
    complaintDays: 30,
    dataCopyDays: 7,
  });
  const set = loadConfig({
    LONTAR_RETENTION_CHAT_DAYS: "14",
    LONTAR_RETENTION_COMPLAINT_DAYS: "90",
    LONTAR_RETENTION_DATA_COPY_DAYS: "2",
  }).retention;
  assert.deepEqual([set.chatDays, set.complaintDays, set.dataCopyDays], [14, 90, 2]);
  for (const name of [
    "LONTAR_RETENTION_CHAT_DAYS",
    "LONTAR_RETENTION_COMPLAINT_DAYS",
    "LONTAR_RETENTION_DATA_COPY_DAYS",
  ])
    for (const bad of ["0", "abc", "4000", "1.5"])
      assert.throws(
        () => loadConfig({ [name]: bad }),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.match(e.message, new RegExp(`${name} must be a whole number from 1 to 3650; got "${bad}"`));
          return true;
        },
      );
  // A draft's files are chat files until it is submitted: they must not be deleted while it may still be.
  assert.throws(
    () => loadConfig({ LONTAR_RETENTION_CHAT_DAYS: "2", LONTAR_DRAFT_EXPIRY_HOURS: "72" }),
    /LONTAR_RETENTION_CHAT_DAYS \(2\) must cover LONTAR_DRAFT_EXPIRY_HOURS \(72 h\)/,
  );
  assert.equal(loadConfig({ LONTAR_RETENTION_CHAT_DAYS: "3" }).retention.chatDays, 3);
});

for (const backend of ["fs", "s3"] as const)
  describeEachDatabase(`purge of files no application uses [${backend}]`, (database) => {
    let lontar: RunningLontar;
    let s3: Awaited<ReturnType<typeof startS3>> | undefined;
    let phone = 6281339100000;
    const db = () => database().db;
    // Chat files 20 days (from the environment, as an office would set it); the rest the defaults.
    const policy = () =>
      retentionPolicy(
        lontar.citizens!.catalogue,
        lontar.config.retention.documentDays,
        lontar.config.retention,
      );

    before(async () => {
      s3 = backend === "s3" ? await startS3() : undefined;
      lontar = await startLontar(database(), {
        citizen: true,
        outbox: { perRecipientIntervalMs: 0, retryBaseMs: 20 },
        env: {
          LONTAR_LOGIN_RATE_PER_MINUTE: "1000",
          LONTAR_RETENTION_CHAT_DAYS: "20",
          ...(s3?.env ?? {}),
        },
      });
    });
    after(async () => {
      await lontar?.stop();
      await s3?.stop();
    });

    // PostgreSQL stores microseconds, a Date holds milliseconds: storedAt is the stored time rounded up.
    type File = { id: string; key: string; size: number; storedAt: Date; from: string };
    /** A photo a new citizen sends in free chat, stored by the download job as chat media. */
    const chatPhoto = async (): Promise<File> => {
      const from = String(++phone);
      const mediaId = lontar.fake.uploadInboundMedia(PNG, "image/png");
      const wamid = await lontar.fake.sendInbound({
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        from,
        message: { type: "image", mediaId, mimeType: "image/png" },
      });
      const [file] = await eventually(async () => {
        lontar.app.bus.publish("outbox");
        const found = await rows<{ id: string; key: string; size: number; stored_at: Date; kind: string }>(
          db(),
          sql`SELECT b.id, b.storage_key AS key, b.size_bytes::int AS size, b.created_at AS stored_at, b.kind
              FROM messages m JOIN blobs b ON b.id = m.blob_id WHERE m.wamid = ${wamid}`,
        );
        return found.length ? found : undefined;
      });
      assert.equal(file!.kind, "chat_media");
      const storedAt = new Date(new Date(file!.stored_at).getTime() + 1);
      return { id: file!.id, key: file!.key, size: file!.size, storedAt, from };
    };
    const storedPlus = (f: File, days: number, plus = 0) =>
      new Date(f.storedAt.getTime() + days * DAY + plus);
    const stored = (key: string) =>
      lontar.blobs.get(key).then(
        () => true,
        () => false,
      );
    const purgedAt = async (id: string) =>
      (await rows<{ purged_at: Date | null }>(db(), sql`SELECT purged_at FROM blobs WHERE id = ${id}`))[0]
        ?.purged_at ?? null;
    const purge = (now: Date, o: { blobs?: BlobStore; batchSize?: number } = {}) =>
      purgeDocuments({ database: database(), blobs: o.blobs ?? lontar.blobs, policy: policy(), now, ...o });
    const overdue = (now: Date) =>
      countOverdueBlobs(db(), { policy: policy(), now, officeId: lontar.officeId });

    test("a chat photo is kept for its 20 days, then deleted; a rerun changes nothing", async () => {
      const photo = await chatPhoto();
      assert.deepEqual(await purge(storedPlus(photo, 20, -MINUTE)), { files: 0, bytes: 0 });
      assert.ok(await stored(photo.key));
      assert.equal(await overdue(storedPlus(photo, 20, -MINUTE)), 0);
      const due = storedPlus(photo, 20);
      assert.equal(await overdue(due), 1, "the quality report's count includes it");
      assert.deepEqual(await purge(due), { files: 1, bytes: photo.size });
      assert.equal(await stored(photo.key), false, "the bytes are gone");
      assert.equal(new Date((await purgedAt(photo.id))!).getTime(), due.getTime(), "the row is kept, marked");
      assert.equal(await overdue(due), 0);
      assert.deepEqual(await purge(new Date(due.getTime() + DAY)), { files: 0, bytes: 0 }, "idempotent");
    });

    test("a crash halfway leaves a resumable state; the rerun finishes", async () => {
      const photos = [await chatPhoto(), await chatPhoto(), await chatPhoto()];
      const now = storedPlus(photos[2]!, 20, MINUTE);
      let deletions = 0;
      // Dies right after deleting the second file's bytes, before its row is marked.
      const crashing: BlobStore = {
        ...lontar.blobs,
        delete: async (key) => {
          await lontar.blobs.delete(key);
          if (++deletions === 2) throw new Error("power cut");
        },
      };
      await assert.rejects(purge(now, { blobs: crashing, batchSize: 2 }), /power cut/);
      const marked = await Promise.all(photos.map((p) => purgedAt(p.id)));
      assert.equal(marked.filter(Boolean).length, 1, "one marked before the crash");
      const kept = await Promise.all(photos.map((p) => stored(p.key)));
      assert.equal(kept.filter(Boolean).length, 1, "two files' bytes deleted");
      assert.equal(await overdue(now), 2, "the one deleted but not marked still counts");

      assert.equal((await purge(now, { batchSize: 2 })).files, 2, "the rest, one of them again (harmless)");
      for (const p of photos) {
        assert.notEqual(await purgedAt(p.id), null);
        assert.equal(await stored(p.key), false);
      }
      assert.deepEqual(await purge(now), { files: 0, bytes: 0 });
    });

    test("a chat photo that became an application's page is the application's: kept until it ended + 30 days", async () => {
      const photo = await chatPhoto();
      const { catalogue, keys } = lontar.citizens!.deps;
      const applicationId = await db().transaction(async (tx) => {
        const contact = await resolveContact(tx, keys, lontar.officeId, { waId: photo.from });
        const conversation = await lockConversation(tx, {
          officeId: lontar.officeId,
          contactId: contact.id,
          channelId: lontar.channelId,
        });
        const draft = await createDraft(tx, {
          officeId: lontar.officeId,
          contactId: contact.id,
          conversationId: conversation.id,
          catalogue,
          serviceCode: "kk",
          variantCode: "hilang_rusak",
          keys,
        });
        const actor = { kind: "citizen" as const, contactId: contact.id };
        await attachDocument(tx, {
          officeId: lontar.officeId,
          applicationId: draft.id,
          actor,
          requirementId: "ktp_el",
          blobId: photo.id,
        });
        return draft.id;
      });
      const late = storedPlus(photo, 40);
      assert.deepEqual(await purge(late), { files: 0, bytes: 0 }, "an open application uses it");
      assert.ok(await stored(photo.key));
      const ended = storedPlus(photo, 45);
      await db().execute(
        sql`UPDATE applications SET status = 'expired', closed_at = ${ended} WHERE id = ${applicationId}`,
      );
      const schedule = await purgeSchedule(db(), {
        policy: policy(),
        officeId: lontar.officeId,
        now: ended,
        until: new Date(ended.getTime() + 31 * DAY),
      });
      assert.deepEqual(
        schedule.map((d) => [d.grp, d.files]),
        [["application", 1]],
        "scheduled by the application rule",
      );
      const due = new Date(ended.getTime() + 30 * DAY);
      assert.deepEqual(await purge(new Date(due.getTime() - MINUTE)), { files: 0, bytes: 0 });
      assert.equal((await purge(due)).files, 1);
      assert.equal(await stored(photo.key), false);
    });

    test("an open complaint keeps its photo; once closed, the photo goes 30 days later", async () => {
      const photo = await chatPhoto();
      const { keys, calendar } = lontar.citizens!.deps;
      const complaintId = await db().transaction(async (tx) => {
        const contact = await resolveContact(tx, keys, lontar.officeId, { waId: photo.from });
        const { complaint } = await openComplaint(tx, {
          keys,
          officeId: lontar.officeId,
          contactId: contact.id,
          category: "sikap_petugas",
          description: "Petugas membentak saya, foto antrean terlampir",
          photoBlobIds: [photo.id],
          calendar,
          now: photo.storedAt,
        });
        return complaint.id;
      });
      assert.deepEqual(await purge(storedPlus(photo, 90)), { files: 0, bytes: 0 }, "open: kept");
      assert.equal(await overdue(storedPlus(photo, 90)), 0);
      const closed = storedPlus(photo, 50);
      await db().execute(
        sql`UPDATE complaints SET status = 'closed', closed_at = ${closed}, close_reason = 'confirmed'
            WHERE id = ${complaintId}`,
      );
      const schedule = await purgeSchedule(db(), {
        policy: policy(),
        officeId: lontar.officeId,
        now: closed,
        until: new Date(closed.getTime() + 31 * DAY),
      });
      assert.deepEqual(
        schedule.map((d) => [d.grp, d.files]),
        [["complaint", 1]],
      );
      const due = new Date(closed.getTime() + 30 * DAY);
      assert.deepEqual(await purge(new Date(due.getTime() - MINUTE)), { files: 0, bytes: 0 });
      assert.deepEqual(await purge(due), { files: 1, bytes: photo.size });
      assert.equal(await stored(photo.key), false);
    });

    test("a data copy goes 7 days after it was made", async () => {
      const pdf = await lontar.blobs.put(pdfBytes("salinan data"));
      const id = await db().transaction((tx) =>
        recordCopyBlob(tx, { officeId: lontar.officeId, stored: pdf, filename: "salinan-data-X.pdf" }),
      );
      const [row] = await rows<{ created_at: Date }>(
        db(),
        sql`SELECT created_at FROM blobs WHERE id = ${id}`,
      );
      const due = new Date(new Date(row!.created_at).getTime() + 1 + 7 * DAY);
      assert.deepEqual(await purge(new Date(due.getTime() - MINUTE)), { files: 0, bytes: 0 });
      assert.deepEqual(await purge(due), { files: 1, bytes: pdf.size });
      assert.equal(await stored(pdf.key), false);
    });

    test("Storage shows unused files by kind with their rule, and when they will be deleted", async () => {
      await createStaff(database(), { officeId: lontar.officeId, username: "admin3", role: "admin" });
      const admin = await signIn(lontar.baseUrl, "admin3");
      // A chat photo stored 15 days ago: deleted in 5 days under LONTAR_RETENTION_CHAT_DAYS=20.
      const photo = await chatPhoto();
      await db().execute(
        sql`UPDATE blobs SET created_at = now() - interval '15 days' WHERE id = ${photo.id}`,
      );
      const page = await admin.get("/desk/admin/storage");
      assert.equal(page.status, 200);
      const body = page.body.replace(/\s+/g, " ");
      assert.match(
        body,
        /<td>File chat \(tidak dipakai permohonan\)<\/td><td>1<\/td><td>[^<]+<\/td><td>20<\/td><td>file disimpan<\/td>/,
      );
      assert.match(body, /Akan dihapus dalam 30 hari/);
      assert.match(body, /<td>File chat \(tidak dipakai permohonan\)<\/td><td>1<\/td>/);
      assert.doesNotMatch(body, /Tidak ada file yang akan dihapus/);
    });
  });
