/**
 * Which files are due, checked against hand-counted cases and against the plain definition (every reference
 * read from the applications' own arrays), before and after each kind of change the triggers must follow:
 * shared files, open applications, other offices, purged files, per-service days, a reopen, a page replaced,
 * an application deleted, a purge undone by hand, a changed policy; and blob_references equal to a rebuild.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import {
  countOverdueBlobs,
  findDueBlobs,
  markPurged,
  purgeSchedule,
  type RetentionPolicy,
} from "./retention.repo.ts";

const DAY = 86_400_000;
const NOW = new Date("2026-12-31T16:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const POLICY: RetentionPolicy = { defaultDays: 30, days: { kia: 10, akta: 60 } };

describeEachDatabase("files past retention", (database) => {
  const db = () => database().db;
  const office = { a: randomUUID(), b: randomUUID() };
  const contact = { a: randomUUID(), b: randomUUID() };

  const blob = async (officeId: string, o: { purged?: boolean } = {}) => {
    const id = randomUUID();
    await db().execute(
      sql`INSERT INTO blobs (id, office_id, storage_key, size_bytes, sha256, mime_type, purged_at)
          VALUES (${id}, ${officeId}, ${`k/${id}`}, 1000, 'x', 'image/jpeg', ${o.purged ? ago(100) : null})`,
    );
    return id;
  };
  const uuids = (ids: string[]) =>
    ids.length
      ? sql`ARRAY[${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}]`
      : sql`'{}'::uuid[]`;
  /** An application closed `closed` days before NOW (null: open), with items' pages, results and receipt. */
  const application = async (o: {
    office?: "a" | "b";
    service: string;
    closed: number | null;
    pages?: string[][];
    results?: string[];
    receipt?: string;
  }) => {
    const id = randomUUID();
    const key = o.office ?? "a";
    await db().execute(
      sql`INSERT INTO applications (id, office_id, service_code, catalogue_version, catalogue_digest, contact_id,
            status, closed_at, result_blob_ids, receipt_blob_id)
          VALUES (${id}, ${office[key]}, ${o.service}, 't', 't', ${contact[key]},
            ${o.closed === null ? "in_review" : "completed"}, ${o.closed === null ? null : ago(o.closed)},
            ${uuids(o.results ?? [])}, ${o.receipt ?? null})`,
    );
    for (const [n, pages] of (o.pages ?? []).entries())
      await db().execute(
        sql`INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
            VALUES (${office[key]}, ${id}, ${`req${n}`}, ${uuids(pages)})`,
      );
    return id;
  };

  /** The definition, straight from the applications' arrays: what the old full scan computed. */
  const definition = (o: { officeId: string; now: Date; policy: RetentionPolicy }) =>
    rows<{ id: string }>(
      db(),
      sql`SELECT b.id FROM (
            SELECT x.blob_id, max(a.closed_at + make_interval(hours => 24 * COALESCE(
                     (${JSON.stringify(o.policy.days)}::jsonb ->> a.service_code)::int, ${o.policy.defaultDays})))
                     AS due_at, bool_and(a.closed_at IS NOT NULL) AS closed
            FROM applications a CROSS JOIN LATERAL (
              SELECT unnest(i.blob_ids) FROM application_items i WHERE i.application_id = a.id
              UNION ALL SELECT unnest(a.result_blob_ids)
              UNION ALL SELECT a.receipt_blob_id WHERE a.receipt_blob_id IS NOT NULL) x(blob_id)
            GROUP BY x.blob_id) d
          JOIN blobs b ON b.id = d.blob_id
          WHERE d.closed AND d.due_at <= ${o.now} AND b.purged_at IS NULL AND b.office_id = ${o.officeId}
          ORDER BY b.id`,
    ).then((r) => r.map((x) => x.id));

  /** The count, the purge's list and the schedule all agree with the definition; returns the due ids of A. */
  const due = async (o: { now?: Date; policy?: RetentionPolicy } = {}) => {
    const now = o.now ?? NOW;
    const policy = o.policy ?? POLICY;
    const byOffice: Record<string, string[]> = {};
    for (const officeId of [office.a, office.b]) {
      const expected = await definition({ officeId, now, policy });
      assert.equal(await countOverdueBlobs(db(), { policy, now, officeId }), expected.length, "count");
      const found = await findDueBlobs(db(), { policy, now, officeId, limit: 10_000 });
      assert.deepEqual(found.map((b) => b.id).sort(), expected, "findDueBlobs");
      byOffice[officeId] = expected;
    }
    const all = await findDueBlobs(db(), { policy, now, limit: 10_000 });
    assert.deepEqual(all.map((b) => b.id).sort(), [...byOffice[office.a]!, ...byOffice[office.b]!].sort());
    const schedule = await purgeSchedule(db(), {
      policy,
      officeId: office.a,
      now,
      until: new Date(now.getTime() + 1),
    });
    assert.equal(
      schedule.reduce((n, d) => n + d.files, 0),
      byOffice[office.a]!.length,
      "the schedule up to just after now holds what is due now",
    );
    return byOffice[office.a]!;
  };

  /** blob_references holds what a rebuild from the arrays would put there. */
  const consistent = async () => {
    const diff = await rows<{ n: number }>(
      db(),
      sql`WITH want AS (
            SELECT w.blob_id, a.id AS application_id, a.office_id, a.service_code, a.closed_at
            FROM (SELECT i.application_id, x.id FROM application_items i, unnest(i.blob_ids) x(id)
                  UNION SELECT a.id, x.id FROM applications a, unnest(a.result_blob_ids || a.receipt_blob_id) x(id)
                 ) w(application_id, blob_id)
            JOIN applications a ON a.id = w.application_id LEFT JOIN blobs b ON b.id = w.blob_id
            WHERE w.blob_id IS NOT NULL AND b.purged_at IS NULL),
          have AS (SELECT blob_id, application_id, office_id, service_code, closed_at FROM blob_references)
          SELECT ((SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT * FROM have) x)
                + (SELECT count(*) FROM (SELECT * FROM have EXCEPT SELECT * FROM want) y))::int AS n`,
    );
    assert.equal(diff[0]?.n, 0, "blob_references equals a rebuild");
  };

  const f: Record<string, string> = {};
  const apps: Record<string, string> = {};

  before(async () => {
    for (const k of ["a", "b"] as const) {
      await db().execute(
        sql`INSERT INTO offices (id, slug, name, code) VALUES (${office[k]}, ${`due-${k}`}, ${k}, ${k.toUpperCase()})`,
      );
      await db().execute(
        sql`INSERT INTO contacts (id, office_id, wa_id) VALUES (${contact[k]}, ${office[k]}, ${`62812000${k}`})`,
      );
    }
    for (const name of [
      "kkOld",
      "kkOld2",
      "kkRecent",
      "kiaOld",
      "kiaRecent",
      "aktaMid",
      "sharedLate",
      "sharedOpen",
      "sharedDue",
      "twice",
      "result",
      "receipt",
      "atDue",
      "chat",
    ])
      f[name] = await blob(office.a);
    f.purged = await blob(office.a, { purged: true });
    f.otherOffice = await blob(office.b);

    apps.kkOld = await application({ service: "kk", closed: 31, pages: [[f.kkOld!], [f.kkOld2!]] });
    apps.kkRecent = await application({ service: "kk", closed: 29, pages: [[f.kkRecent!]] });
    apps.kiaOld = await application({ service: "kia", closed: 11, pages: [[f.kiaOld!]] });
    await application({ service: "kia", closed: 9, pages: [[f.kiaRecent!]] });
    await application({ service: "akta", closed: 45, pages: [[f.aktaMid!]] });
    // Due 10 days after the KIA one closed, but the KK application holds it until 30 days after its close.
    await application({ service: "kia", closed: 11, pages: [[f.sharedLate!]] });
    await application({ service: "kk", closed: 20, pages: [[f.sharedLate!]] });
    apps.holder = await application({ service: "kk", closed: null, pages: [[f.sharedOpen!]] });
    await application({ service: "kk", closed: 40, pages: [[f.sharedOpen!]] });
    await application({ service: "kk", closed: 40, pages: [[f.sharedDue!]] });
    await application({ service: "kia", closed: 12, pages: [[f.sharedDue!]] });
    await application({ service: "kk", closed: 35, pages: [[f.twice!], [f.twice!, f.purged!]] });
    apps.result = await application({ service: "kk", closed: 33, results: [f.result!], receipt: f.receipt! });
    apps.atDue = await application({ service: "kk", closed: 30, pages: [[f.atDue!]] });
    await application({ office: "b", service: "kk", closed: 31, pages: [[f.otherOffice!]] });
  });

  test("per service days, shared files, open holders, purged files and other offices", async () => {
    await consistent();
    const expected = ["kkOld", "kkOld2", "kiaOld", "sharedDue", "twice", "result", "receipt", "atDue"];
    assert.deepEqual(await due(), expected.map((n) => f[n]!).sort());
    assert.equal(await countOverdueBlobs(db(), { policy: POLICY, now: NOW, officeId: office.b }), 1);
    // Due exactly at closed_at + 30 × 24 h: one millisecond earlier it is not.
    assert.equal((await due({ now: new Date(NOW.getTime() - 1) })).includes(f.atDue!), false);
    // A day later the KKs closed 29 days ago and the shared one held by a KK closed 20 days ago are not yet due.
    const later = await due({ now: new Date(NOW.getTime() + DAY) });
    assert.ok(later.includes(f.kkRecent!) && !later.includes(f.sharedLate!));
    assert.ok((await due({ now: new Date(NOW.getTime() + 10 * DAY) })).includes(f.sharedLate!));
  });

  test("the policy comes from configuration: a changed one applies at once", async () => {
    const longer = { defaultDays: 30, days: { kia: 20, akta: 60 } };
    const found = await due({ policy: longer });
    assert.equal(found.includes(f.kiaOld!), false, "KIA now keeps 20 days");
    assert.equal(found.includes(f.sharedDue!), false, "the KIA holder now keeps it 20 days");
    const shorter = { defaultDays: 30, days: { kia: 10, akta: 40 } };
    assert.ok((await due({ policy: shorter })).includes(f.aktaMid!), "akta at 40 days");
    // Every file of A some application uses, but the one an open application holds (and the purged one).
    assert.equal((await due({ policy: { defaultDays: 1, days: {} } })).length, 12);
  });

  test("reopening, replacing a page, a new holder, purging, deleting and undoing a purge", async () => {
    await db().execute(
      sql`UPDATE applications SET closed_at = NULL, status = 'in_review' WHERE id = ${apps.kkOld}`,
    );
    await consistent();
    assert.equal((await due()).includes(f.kkOld!), false, "reopened: its files are in use again");
    await db().execute(sql`UPDATE applications SET closed_at = ${ago(31)} WHERE id = ${apps.kkOld}`);
    assert.ok((await due()).includes(f.kkOld!), "closed again with the old date");

    // The page replaced: the old one is no application's now, so never due; the new one is.
    const replacement = await blob(office.a);
    await db().execute(
      sql`UPDATE application_items SET blob_ids = ${uuids([replacement])}
          WHERE application_id = ${apps.kkOld} AND requirement_id = 'req1'`,
    );
    await consistent();
    let found = await due();
    assert.ok(!found.includes(f.kkOld2!) && found.includes(replacement));

    // The open application takes the file too.
    await db().execute(
      sql`INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
          VALUES (${office.a}, ${apps.holder}, 'extra', ${uuids([f.result!])})`,
    );
    await consistent();
    assert.equal((await due()).includes(f.result!), false, "an open application holds it");
    await db().execute(
      sql`DELETE FROM application_items WHERE application_id = ${apps.holder} AND requirement_id = 'extra'`,
    );
    assert.ok((await due()).includes(f.result!));

    await markPurged(db(), f.kiaOld!, NOW);
    await consistent();
    found = await due();
    assert.equal(found.includes(f.kiaOld!), false, "purged");

    await db().execute(sql`UPDATE applications SET receipt_blob_id = NULL WHERE id = ${apps.result}`);
    await consistent();
    assert.equal((await due()).includes(f.receipt!), false, "the receipt is no longer referenced");

    await db().execute(sql`DELETE FROM applications WHERE id = ${apps.atDue}`);
    await consistent();
    assert.equal((await due()).includes(f.atDue!), false, "its application deleted");

    // Undone by hand (never by Lontar): the file counts again, from every application that uses it.
    await db().execute(sql`UPDATE blobs SET purged_at = NULL WHERE id = ${f.kiaOld}`);
    await consistent();
    assert.ok((await due()).includes(f.kiaOld!));
    // A purged row deleted: its id names no file, so nothing is counted for it either way.
    await db().execute(sql`DELETE FROM blobs WHERE id = ${f.purged}`);
    await consistent();
    await due();
  });
});
