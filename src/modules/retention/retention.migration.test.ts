/**
 * Upgrade test of migration 0012: an installation migrated up to 0011 that already holds applications with
 * pages, results and a receipt (one file shared, one purged, one held by an open application) is migrated to
 * the end; the backfill must fill blob_references as the triggers would have, so the count is right at once.
 * The seed is raw SQL at the 0011 schema.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, openPglite, openPostgres, rows } from "../../platform/db/client.ts";
import { listMigrations, MIGRATIONS_DIR, migrate } from "../../platform/db/migrate.ts";
import { type BackendName, testBackends } from "../../platform/db/testing.ts";
import { countOverdueBlobs } from "./retention.repo.ts";

const UPGRADE = "0012_retention_indexes.sql";
const NOW = new Date("2026-12-31T16:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/** An empty database (the test helpers' ones are migrated to the end already). */
const openFresh = async (backend: BackendName): Promise<Database & { drop(): Promise<void> }> => {
  if (backend === "pglite") {
    const database = await openPglite();
    return { ...database, drop: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `lontar_upgrade_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  return {
    ...database,
    drop: async () => {
      await database.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
};

for (const backend of testBackends())
  test(`migration 0012 fills blob_references from the rows already there [${backend}]`, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "lontar-upgrade-"));
    const database = await openFresh(backend);
    try {
      for (const name of await listMigrations())
        if (name < UPGRADE) await copyFile(path.join(MIGRATIONS_DIR, name), path.join(dir, name));
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

      assert.deepEqual(await migrate(database), [UPGRADE]);
      const [n] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM blob_references`);
      assert.equal(n?.n, 7, "every reference to a stored file (page, shared ×2, result, receipt, held ×2)");
      const policy = { defaultDays: 30, days: {} };
      assert.equal(await countOverdueBlobs(db, { policy, now: NOW, officeId: office }), 4);
    } finally {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
