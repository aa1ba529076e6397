/**
 * Upgrade test of migration 0012: an installation migrated up to 0011 that already holds applications with
 * pages, results and a receipt (one file shared, one purged, one held by an open application) is migrated to
 * the end; the backfill must fill blob_references as the triggers would have, so the count is right at once.
 * The seed is raw SQL at the 0011 schema.
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
import { countOverdueBlobs } from "./retention.repo.ts";

const UPGRADE = "0012_retention_indexes.sql";
const NOW = new Date("2026-12-31T16:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

for (const backend of testBackends())
  test(`migration 0012 fills blob_references from the rows already there [${backend}]`, async () => {
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
      for (const name of ["page", "shared", "result", "receipt", "held", "purged"]) {
        file[name] = randomUUID();
        await db.execute(
          sql`INSERT INTO blobs (id, office_id, storage_key, size_bytes, sha256, mime_type, purged_at)
              VALUES (${file[name]}, ${office}, ${name}, 1, 'x', 'image/jpeg', ${name === "purged" ? ago(1) : null})`,
        );
      }
      // The second one also has a result and the receipt; the last is open and holds a file too.
      const application = async (closedDaysAgo: number | null, pages: string[], results: string[] = []) => {
        const id = randomUUID();
        await db.execute(
          sql`INSERT INTO applications (id, office_id, service_code, catalogue_version, catalogue_digest,
                contact_id, closed_at, result_blob_ids, receipt_blob_id)
              VALUES (${id}, ${office}, 'kk', 't', 't', ${contact}, ${closedDaysAgo === null ? null : ago(closedDaysAgo)},
                ${`{${results.join(",")}}`}::uuid[], ${results.length ? file.receipt : null})`,
        );
        await db.execute(
          sql`INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
              VALUES (${office}, ${id}, 'r', ${`{${pages.join(",")}}`}::uuid[])`,
        );
      };
      await application(40, [file.page!, file.shared!, file.purged!]);
      await application(35, [file.shared!], [file.result!]);
      await application(40, [file.held!]);
      await application(null, [file.held!]);

      assert.deepEqual(
        await migrate(database),
        (await listMigrations()).filter((name) => name >= UPGRADE),
        "0012 and every later migration",
      );
      const [n] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM blob_references`);
      assert.equal(n?.n, 7, "every reference to a stored file (page, shared ×2, result, receipt, held ×2)");
      const policy = { defaultDays: 30, days: {} };
      assert.equal(await countOverdueBlobs(db, { policy, now: NOW, officeId: office }), 4);
    } finally {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
