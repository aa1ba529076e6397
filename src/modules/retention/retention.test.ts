/**
 * The retention purge with a fake clock: per-service days, a crash halfway and a rerun that finishes, purged
 * files answering 410 on the desk, the admin's Storage page, and the audit trail page with its CSV export.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { ConfigError, loadConfig } from "../../config.ts";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { type Submitted, submitWithPages } from "../desk/application.testing.ts";
import { createStaff, type DeskClient, signIn } from "../desk/testing.ts";
import { purgeDocuments, retentionPolicy } from "./retention.service.ts";

const DAY = 86_400_000;

test("LONTAR_RETENTION_DAYS defaults to 30 and refuses nonsense", () => {
  assert.equal(loadConfig({}).retention.documentDays, 30);
  assert.equal(loadConfig({ LONTAR_RETENTION_DAYS: "90" }).retention.documentDays, 90);
  for (const bad of ["0", "abc", "4000"])
    assert.throws(() => loadConfig({ LONTAR_RETENTION_DAYS: bad }), ConfigError, bad);
});

describeEachDatabase("retention purge", (database) => {
  let lontar: RunningLontar;
  let maria: DeskClient;
  let admin: DeskClient;
  let closed: Submitted;
  let open: Submitted;
  const closedAt = new Date("2026-11-02T02:00:00Z");
  // KIA keeps files 10 days in this test's catalogue; everything else the default 30.
  const policy = retentionPolicy({ services: [{ code: "kia", retention_days: 10 }] as never }, 30);
  const db = () => database().db;

  before(async () => {
    lontar = await startLontar(database(), {
      citizen: true,
      workers: false,
      env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
    });
    const office = { officeId: lontar.officeId };
    await createStaff(database(), { ...office, username: "maria", role: "operator", services: ["kia"] });
    await createStaff(database(), { ...office, username: "admin2", role: "admin" });
    maria = await signIn(lontar.baseUrl, "maria");
    admin = await signIn(lontar.baseUrl, "admin2");
    const submit = (waId: string) =>
      submitWithPages(database(), { ...lontar, citizens: lontar.citizens!, waId });
    closed = await submit("6281260000001");
    open = await submit("6281260000002");
    await db().execute(
      sql`UPDATE applications SET status = 'completed', closed_at = ${closedAt} WHERE id = ${closed.id}`,
    );
  });
  after(() => lontar.stop());

  const state = async (app: Submitted) =>
    rows<{ id: string; storage_key: string; purged_at: Date | null }>(
      db(),
      sql`SELECT id, storage_key, purged_at FROM blobs WHERE id IN (${sql.join(
        Object.values(app.pages).map((id) => sql`${id}`),
        sql`, `,
      )}) ORDER BY id`,
    );
  const stored = async (key: string) =>
    lontar.blobs.get(key).then(
      () => true,
      () => false,
    );

  test("nothing is due before the service's retention has passed; a dry run only counts", async () => {
    const early = await purgeDocuments({
      database: database(),
      blobs: lontar.blobs,
      policy,
      now: new Date(closedAt.getTime() + 10 * DAY - 60_000),
    });
    assert.deepEqual(early, { files: 0, bytes: 0 });
    const dry = await purgeDocuments({
      database: database(),
      blobs: lontar.blobs,
      policy,
      now: new Date(closedAt.getTime() + 10 * DAY),
      dryRun: true,
    });
    assert.equal(dry.files, 4);
    for (const b of await state(closed)) assert.ok(await stored(b.storage_key), "a dry run deletes nothing");
  });

  test("a crash halfway leaves a resumable state; the rerun finishes; open applications keep their files", async () => {
    const now = new Date(closedAt.getTime() + 10 * DAY + 60_000);
    let deletions = 0;
    // Dies right after deleting the third file's bytes, before its row is marked.
    const crashing: BlobStore = {
      ...lontar.blobs,
      delete: async (key) => {
        await lontar.blobs.delete(key);
        if (++deletions === 3) throw new Error("power cut");
      },
    };
    await assert.rejects(
      purgeDocuments({ database: database(), blobs: crashing, policy, now, batchSize: 2 }),
      /power cut/,
    );
    const halfway = await state(closed);
    assert.equal(halfway.filter((b) => b.purged_at).length, 2, "two marked before the crash");
    let gone = 0;
    for (const b of halfway) if (!(await stored(b.storage_key))) gone++;
    assert.equal(gone, 3, "three files' bytes deleted");

    const rerun = await purgeDocuments({
      database: database(),
      blobs: lontar.blobs,
      policy,
      now,
      batchSize: 2,
    });
    assert.equal(rerun.files, 2, "the rerun deletes the unmarked rest (one again, harmlessly)");
    for (const b of await state(closed)) {
      assert.equal(new Date(b.purged_at!).getTime(), now.getTime(), "the row is kept, marked");
      assert.equal(await stored(b.storage_key), false);
    }
    for (const b of await state(open)) {
      assert.equal(b.purged_at, null);
      assert.ok(await stored(b.storage_key), "an open application's files stay");
    }
    const again = await purgeDocuments({ database: database(), blobs: lontar.blobs, policy, now });
    assert.deepEqual(again, { files: 0, bytes: 0 }, "idempotent");
  });

  test("a purged file answers 410 on the desk, saying it was deleted on schedule", async () => {
    const res = await maria.get(`/desk/files/${closed.pages.akta_kelahiran}`);
    assert.equal(res.status, 410);
    assert.match(res.body, /dihapus sesuai jadwal retensi/);
    assert.equal((await maria.get(`/desk/files/${open.pages.akta_kelahiran}`)).status, 200);
  });

  test("Storage shows the bytes in use by service and what will be deleted when; admins only", async () => {
    await db().execute(
      sql`UPDATE applications SET status = 'rejected', closed_at = now() - interval '1 day' WHERE id = ${open.id}`,
    );
    const res = await admin.get("/desk/admin/storage");
    assert.equal(res.status, 200);
    assert.match(res.body, /Penyimpanan/);
    assert.match(res.body, /Kartu Identitas Anak/, "by service");
    assert.match(res.body, /Akan dihapus dalam 30 hari/);
    // The open application's 4 files, due 29 days from now under the default 30 days.
    assert.match(res.body, /<td>4<\/td>/);
    assert.doesNotMatch(res.body, /Tidak ada file yang akan dihapus/);
    assert.equal((await maria.get("/desk/admin/storage")).status, 403);
  });

  test("Audit lists file views with the client address, filters, pages, and exports audited CSV", async () => {
    const page = await admin.get("/desk/admin/audit?action=file.view");
    assert.equal(page.status, 200);
    assert.match(page.body, /file\.view/);
    assert.match(page.body, /127\.0\.0\.1/, "the desk records req.ip");
    assert.doesNotMatch(page.body, /<code>login<\/code>/, "filtered by action");

    const csv = await admin.get("/desk/admin/audit.csv?action=file.");
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    const lines = csv.body.split("\r\n");
    assert.equal(lines[0], "id,at,actor,action,subject_type,subject_id,ip,details");
    assert.ok(
      lines.slice(1, -1).every((l) => l.includes(",file.view,blob,")),
      csv.body,
    );
    assert.equal(lines.at(-1), "", "every row ends with CRLF");
    const [exported] = await rows<{ action: string; ip: string; details: { rows: number } }>(
      db(),
      sql`SELECT action, ip, details FROM audit_log WHERE action = 'audit.export' ORDER BY id DESC LIMIT 1`,
    );
    assert.equal(exported?.ip, "127.0.0.1");
    assert.equal(exported.details.rows, lines.length - 2);
    assert.equal((await maria.get("/desk/admin/audit")).status, 403);
  });
});
