/**
 * Concurrent writers on PostgreSQL (PGlite has one connection, so nothing runs at once there): blobs.referenced
 * stays exact when two transactions let go of one file at once, two applications taking one new file do not
 * deadlock, and the purge does not delete a chat file an application takes while the purge is deciding.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pg from "pg";
import { rows } from "../../platform/db/client.ts";
import { openTestDatabase, type TestDatabase, testBackends } from "../../platform/db/testing.ts";
import { type BlobStore, createBlobStore, storedColumns } from "../../platform/storage/blob-store.ts";
import { purgeDocuments } from "./retention.service.ts";

const DAY = 86_400_000;
const NOW = new Date("2026-12-31T16:00:00Z");
const POLICY = {
  defaultDays: 30,
  days: {},
  unlinked: { chatDays: 30, complaintDays: 30, dataCopyDays: 7 },
};

// Concurrent writers need PostgreSQL (PGlite has one connection): registered only where it is configured.
if (testBackends().includes("postgres"))
  describe("retention with concurrent writers [postgres]", () => {
    let database: TestDatabase;
    let blobs: BlobStore;
    const clients: pg.Client[] = [];
    const officeId = randomUUID();
    const contactId = randomUUID();
    const db = () => database.db;

    before(async () => {
      database = await openTestDatabase("postgres");
      const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-race-"));
      blobs = await createBlobStore(
        { dataDir, storage: { backend: "fs" } },
        { current: { id: "t", key: randomBytes(32) }, old: [] },
      );
      await db().execute(
        sql`INSERT INTO offices (id, slug, name, code) VALUES (${officeId}, 'race', 'Race', 'RC')`,
      );
      await db().execute(
        sql`INSERT INTO contacts (id, office_id, wa_id) VALUES (${contactId}, ${officeId}, '6281')`,
      );
    });
    after(async () => {
      for (const c of clients) await c.end();
      await database?.drop();
    });

    const client = async () => {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      clients.push(c);
      return c;
    };
    /** A chat file stored `days` before NOW, with real bytes. */
    const chatFile = async (days: number) => {
      const stored = await blobs.put(Buffer.from(`photo ${randomUUID()}`));
      const id = randomUUID();
      const c = storedColumns(stored);
      await db().execute(
        sql`INSERT INTO blobs (id, office_id, storage_key, size_bytes, sha256, mime_type, kind, created_at)
          VALUES (${id}, ${officeId}, ${c.storageKey}, ${c.sizeBytes}, ${c.sha256}, 'image/jpeg', 'chat_media',
            ${new Date(NOW.getTime() - days * DAY)})`,
      );
      return { id, key: stored.key };
    };
    const application = async (closed: boolean, pages: string[]) => {
      const id = randomUUID();
      await db().execute(
        sql`INSERT INTO applications (id, office_id, service_code, catalogue_version, catalogue_digest, contact_id,
            status, closed_at)
          VALUES (${id}, ${officeId}, 'kk', 't', 't', ${contactId}, ${closed ? "completed" : "in_review"},
            ${closed ? new Date(NOW.getTime() - DAY) : null})`,
      );
      if (pages.length)
        await db().execute(
          sql`INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
            VALUES (${officeId}, ${id}, 'r', ${`{${pages.join(",")}}`}::uuid[])`,
        );
      return id;
    };
    const referenced = async (id: string) =>
      (await rows<{ referenced: boolean }>(db(), sql`SELECT referenced FROM blobs WHERE id = ${id}`))[0]
        ?.referenced;
    /** Resolves once `promise` has been pending for a moment (a lock wait), or rejects if it settled. */
    const stillWaiting = async (promise: Promise<unknown>) => {
      const settled = await Promise.race([
        promise.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 300)),
      ]);
      assert.equal(settled, false, "the second writer waits for the first");
    };

    test("two applications that used one file, deleted at once: the file counts as unused after both", async () => {
      const file = await chatFile(40);
      const a = await application(true, [file.id]);
      const b = await application(true, [file.id]);
      assert.equal(await referenced(file.id), true);
      const [one, two] = [await client(), await client()];
      await one.query("BEGIN");
      await one.query("DELETE FROM applications WHERE id = $1", [a]);
      await two.query("BEGIN");
      const second = two.query("DELETE FROM applications WHERE id = $1", [b]);
      await stillWaiting(second);
      await one.query("COMMIT");
      await second;
      await two.query("COMMIT");
      assert.equal(await referenced(file.id), false, "neither left it marked as used");
      const purged = await purgeDocuments({ database, blobs, policy: POLICY, now: NOW });
      assert.equal(purged.files, 1, "a chat file 40 days old that no application uses");
    });

    test("two open applications take one new file at once: one waits, both keep it", async () => {
      const file = await chatFile(1);
      const a = await application(false, []);
      const b = await application(false, []);
      const [one, two] = [await client(), await client()];
      const attach = (c: pg.Client, app: string) =>
        c.query(
          `INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
         VALUES ($1, $2, 'r', ARRAY[$3::uuid])`,
          [officeId, app, file.id],
        );
      await one.query("BEGIN");
      await attach(one, a);
      await two.query("BEGIN");
      const second = attach(two, b);
      await stillWaiting(second);
      await one.query("COMMIT");
      await second;
      await two.query("COMMIT");
      assert.equal(await referenced(file.id), true);
      const [refs] = await rows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM blob_references WHERE blob_id = ${file.id}`,
      );
      assert.equal(refs?.n, 2);
    });

    test("a chat file an application takes while the purge decides stays, with its bytes", async () => {
      const file = await chatFile(40);
      const open = await application(false, []);
      const one = await client();
      await one.query("BEGIN");
      await one.query(
        `INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
       VALUES ($1, $2, 'late', ARRAY[$3::uuid])`,
        [officeId, open, file.id],
      );
      // The purge lists the file (the attach is not committed), then waits for its row.
      const purge = purgeDocuments({ database, blobs, policy: POLICY, now: NOW });
      await stillWaiting(purge);
      await one.query("COMMIT");
      assert.deepEqual(await purge, { files: 0, bytes: 0 });
      assert.ok((await blobs.get(file.key)).length > 0, "the bytes are still there");
      const [row] = await rows<{ purged_at: Date | null }>(
        db(),
        sql`SELECT purged_at FROM blobs WHERE id = ${file.id}`,
      );
      assert.equal(row?.purged_at, null);
    });
  });
