/**
 * Upgrade test of migration 0013: an installation migrated up to 0012 that already holds files (a chat photo
 * nobody uses, pages of an open and of a closed application, a purged page, a photo of an open complaint) is
 * migrated to the end; blobs.referenced must be set from blob_references at once, so the count of files past
 * retention is right before any write, and the triggers keep it from then on. The seed is raw SQL at the 0012
 * schema.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { listMigrations, migrate } from "../../platform/db/migrate.ts";
import { testBackends } from "../../platform/db/testing.ts";
import { migrationsBefore, openEmptyDatabase } from "../../platform/db/upgrade-testing.ts";
import { countOverdueBlobs, findDueBlobs } from "./retention.repo.ts";

const UPGRADE = "0013_unlinked_file_retention.sql";
const NOW = new Date("2026-12-31T16:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const POLICY = {
  defaultDays: 30,
  days: {},
  unlinked: { chatDays: 30, complaintDays: 30, dataCopyDays: 7 },
};

for (const backend of testBackends())
  test(`migration 0013 marks the files applications use, from the rows already there [${backend}]`, async () => {
    const dir = await migrationsBefore(UPGRADE);
    const database = await openEmptyDatabase(backend);
    try {
      await migrate(database, dir);
      const db = database.db;
      const office = randomUUID();
      const contact = randomUUID();
      await db.execute(sql`INSERT INTO offices (id, slug, name, code) VALUES (${office}, 'up', 'Up', 'UP')`);
      await db.execute(
        sql`INSERT INTO contacts (id, office_id, wa_id) VALUES (${contact}, ${office}, '6281')`,
      );
      const file: Record<string, string> = {};
      for (const name of ["chat", "openPage", "closedPage", "purgedPage", "photo"]) {
        file[name] = randomUUID();
        await db.execute(
          sql`INSERT INTO blobs (id, office_id, storage_key, size_bytes, sha256, mime_type, kind, created_at, purged_at)
              VALUES (${file[name]}, ${office}, ${name}, 1, 'x', 'image/jpeg', 'chat_media', ${ago(60)},
                ${name === "purgedPage" ? ago(1) : null})`,
        );
      }
      const application = async (closedDaysAgo: number | null, pages: string[]) => {
        const id = randomUUID();
        await db.execute(
          sql`INSERT INTO applications (id, office_id, service_code, catalogue_version, catalogue_digest,
                contact_id, closed_at)
              VALUES (${id}, ${office}, 'kk', 't', 't', ${contact},
                ${closedDaysAgo === null ? null : ago(closedDaysAgo)})`,
        );
        await db.execute(
          sql`INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
              VALUES (${office}, ${id}, 'r', ${`{${pages.join(",")}}`}::uuid[])`,
        );
        return id;
      };
      const open = await application(null, [file.openPage!]);
      await application(10, [file.closedPage!, file.purgedPage!]);
      await db.execute(
        sql`INSERT INTO complaints (office_id, tracking_number, contact_id, category, description, photo_blob_ids,
              received_at, verification_due_at)
            VALUES (${office}, 'UP-P-1', ${contact}, 'lainnya', 'x', ${`{${file.photo}}`}::uuid[], ${ago(60)}, ${ago(57)})`,
      );

      assert.deepEqual(
        await migrate(database),
        (await listMigrations()).filter((name) => name >= UPGRADE),
        "0013 and every later migration",
      );
      const marked = await rows<{ id: string; referenced: boolean }>(
        db,
        sql`SELECT id, referenced FROM blobs WHERE office_id = ${office}`,
      );
      const flag = Object.fromEntries(marked.map((b) => [b.id, b.referenced]));
      assert.equal(flag[file.openPage!], true);
      assert.equal(flag[file.closedPage!], true);
      assert.equal(flag[file.chat!], false);
      assert.equal(flag[file.photo!], false, "a complaint is no application");
      assert.equal(flag[file.purgedPage!], false, "purged: blob_references holds no row for it");
      // Only the chat photo: the pages are applications' (one open, one closed 10 days ago), the photo's
      // complaint is open, the purged page is gone.
      assert.equal(await countOverdueBlobs(db, { policy: POLICY, now: NOW, officeId: office }), 1);
      const due = await findDueBlobs(db, { policy: POLICY, now: NOW, limit: 10 });
      assert.deepEqual(
        due.map((b) => b.id),
        [file.chat],
      );

      // The triggers from 0013 on: the open application takes the chat photo.
      await db.execute(
        sql`UPDATE application_items SET blob_ids = blob_ids || ${file.chat}::uuid WHERE application_id = ${open}`,
      );
      const [taken] = await rows<{ referenced: boolean }>(
        db,
        sql`SELECT referenced FROM blobs WHERE id = ${file.chat}`,
      );
      assert.equal(taken?.referenced, true);
      assert.equal(await countOverdueBlobs(db, { policy: POLICY, now: NOW, officeId: office }), 0);
    } finally {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
