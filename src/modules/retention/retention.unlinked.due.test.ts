/**
 * Which files that no application uses are due, checked against hand-counted cases and against the plain
 * definition computed here in JS from the raw rows (applications' arrays, complaints' photos, blobs): chat
 * files, data copies, orphans without a kind, complaint photos of open and closed complaints, a chat photo
 * that became an application's page; then the changes the reference triggers must follow (a file attached,
 * let go, its application deleted, a complaint closing, a purge undone by hand), blobs.referenced equal to
 * blob_references throughout, and a rebuild that repairs it.
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
  rebuildBlobReferences,
} from "./retention.repo.ts";

const DAY = 86_400_000;
const NOW = new Date("2026-12-31T16:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const POLICY: RetentionPolicy = {
  defaultDays: 30,
  days: { kia: 10 },
  unlinked: { chatDays: 30, complaintDays: 30, dataCopyDays: 7 },
};

type Blob = { id: string; office_id: string; kind: string | null; created_at: Date; purged_at: Date | null };
type App = {
  id: string;
  service_code: string;
  closed_at: Date | null;
  files: string[];
};
type Complaint = { closed_at: Date | null; photo_blob_ids: string[] };

/** When a stored file falls due and under which group, by the rules' plain words; null: never (yet). */
const definition = (p: RetentionPolicy, b: Blob, apps: App[], complaints: Complaint[]) => {
  const users = apps.filter((a) => a.files.includes(b.id));
  if (users.length > 0) {
    if (users.some((a) => a.closed_at === null)) return null;
    const due = Math.max(
      ...users.map((a) => a.closed_at!.getTime() + (p.days[a.service_code] ?? p.defaultDays) * DAY),
    );
    return { due, group: "application" };
  }
  if (!p.unlinked) return null;
  const holders = complaints.filter((k) => k.photo_blob_ids.includes(b.id));
  if (holders.length > 0) {
    if (holders.some((k) => k.closed_at === null)) return null;
    const last = Math.max(b.created_at.getTime(), ...holders.map((k) => k.closed_at!.getTime()));
    return { due: last + p.unlinked.complaintDays * DAY, group: "complaint" };
  }
  const days =
    b.kind === "data_copy"
      ? p.unlinked.dataCopyDays
      : b.kind === "complaint_photo"
        ? p.unlinked.complaintDays
        : p.unlinked.chatDays;
  const group =
    b.kind === "data_copy"
      ? "data_copy"
      : b.kind === "complaint_photo"
        ? "complaint"
        : b.kind === "chat_media"
          ? "chat"
          : "other";
  return { due: b.created_at.getTime() + days * DAY, group };
};

describeEachDatabase("files no application uses, past retention", (database) => {
  const db = () => database().db;
  const office = { a: randomUUID(), b: randomUUID() };
  const contact = { a: randomUUID(), b: randomUUID() };

  const blob = async (
    name: string,
    o: { kind: string | null; days: number; officeKey?: "a" | "b"; purged?: boolean },
  ) => {
    const id = randomUUID();
    await db().execute(
      sql`INSERT INTO blobs (id, office_id, storage_key, size_bytes, sha256, mime_type, kind, created_at, purged_at)
          VALUES (${id}, ${office[o.officeKey ?? "a"]}, ${`k/${name}`}, 1000, 'x', 'image/jpeg', ${o.kind},
            ${ago(o.days)}, ${o.purged ? ago(1) : null})`,
    );
    f[name] = id;
    return id;
  };
  const uuids = (ids: string[]) =>
    ids.length
      ? sql`ARRAY[${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}]`
      : sql`'{}'::uuid[]`;
  const application = async (o: { service: string; closed: number | null; pages: string[] }) => {
    const id = randomUUID();
    await db().execute(
      sql`INSERT INTO applications (id, office_id, service_code, catalogue_version, catalogue_digest, contact_id,
            status, closed_at)
          VALUES (${id}, ${office.a}, ${o.service}, 't', 't', ${contact.a},
            ${o.closed === null ? "in_review" : "completed"}, ${o.closed === null ? null : ago(o.closed)})`,
    );
    await db().execute(
      sql`INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
          VALUES (${office.a}, ${id}, 'req', ${uuids(o.pages)})`,
    );
    return id;
  };
  let complaintNumber = 0;
  const complaint = async (o: { closed: number | null; photos: string[] }) => {
    const id = randomUUID();
    await db().execute(
      sql`INSERT INTO complaints (id, office_id, tracking_number, contact_id, category, description, status,
            photo_blob_ids, received_at, verification_due_at, closed_at)
          VALUES (${id}, ${office.a}, ${`T-P-${++complaintNumber}`}, ${contact.a}, 'lainnya', 'x',
            ${o.closed === null ? "verified" : "closed"}, ${uuids(o.photos)}, ${ago(70)}, ${ago(67)},
            ${o.closed === null ? null : ago(o.closed)})`,
    );
    return id;
  };

  /** Everything the definition needs, read from the raw rows (not blob_references, not the flag). */
  const expected = async (o: { officeId: string; now: Date; until?: Date; policy: RetentionPolicy }) => {
    const blobs = await rows<Blob>(
      db(),
      sql`SELECT id, office_id, kind, created_at, purged_at FROM blobs WHERE office_id = ${o.officeId}`,
    );
    const apps = await rows<App>(
      db(),
      sql`SELECT a.id, a.service_code, a.closed_at,
            ARRAY(SELECT x FROM application_items i, unnest(i.blob_ids) x WHERE i.application_id = a.id
                  UNION ALL SELECT unnest(a.result_blob_ids)
                  UNION ALL SELECT a.receipt_blob_id WHERE a.receipt_blob_id IS NOT NULL)::text[] AS files
          FROM applications a`,
    );
    const complaints = await rows<Complaint>(
      db(),
      sql`SELECT closed_at, photo_blob_ids::text[] AS photo_blob_ids FROM complaints`,
    );
    const dates = <T extends { closed_at: Date | null }>(r: T): T => ({
      ...r,
      closed_at: r.closed_at && new Date(r.closed_at),
    });
    const until = (o.until ?? o.now).getTime();
    return blobs
      .filter((b) => !b.purged_at)
      .flatMap((b) => {
        const d = definition(
          o.policy,
          { ...b, created_at: new Date(b.created_at) },
          apps.map(dates),
          complaints.map(dates),
        );
        if (!d || (o.until ? d.due >= until : d.due > until)) return [];
        return [{ id: b.id, ...d }];
      });
  };

  /** The count, the purge's list and the schedule agree with the definition; returns office A's due ids. */
  const due = async (o: { now?: Date; policy?: RetentionPolicy } = {}) => {
    const now = o.now ?? NOW;
    const policy = o.policy ?? POLICY;
    const byOffice: Record<string, string[]> = {};
    for (const officeId of [office.a, office.b]) {
      const want = (await expected({ officeId, now, policy })).map((d) => d.id).sort();
      assert.equal(await countOverdueBlobs(db(), { policy, now, officeId }), want.length, "count");
      const found = await findDueBlobs(db(), { policy, now, officeId, limit: 10_000 });
      assert.deepEqual(found.map((b) => b.id).sort(), want, "findDueBlobs");
      byOffice[officeId] = want;
    }
    const all = await findDueBlobs(db(), { policy, now, limit: 10_000 });
    assert.deepEqual(all.map((b) => b.id).sort(), [...byOffice[office.a]!, ...byOffice[office.b]!].sort());
    // The schedule, up to two days ahead, per group: what is due by then, overdue files counted today.
    const until = new Date(now.getTime() + 2 * DAY);
    const groups = (list: Array<{ group: string }>) => {
      const n: Record<string, number> = {};
      for (const d of list) n[d.group] = (n[d.group] ?? 0) + 1;
      return n;
    };
    const schedule = await purgeSchedule(db(), { policy, officeId: office.a, now, until });
    const scheduled: Record<string, number> = {};
    for (const d of schedule) scheduled[d.grp] = (scheduled[d.grp] ?? 0) + d.files;
    assert.deepEqual(
      scheduled,
      groups(await expected({ officeId: office.a, now, until, policy })),
      "schedule",
    );
    return byOffice[office.a]!;
  };

  /** blobs.referenced says whether blob_references holds a row for the file, for every row. */
  const flagged = async () => {
    const [wrong] = await rows<{ n: number }>(
      db(),
      sql`SELECT count(*)::int AS n FROM blobs b
          WHERE b.referenced <> EXISTS (SELECT 1 FROM blob_references r WHERE r.blob_id = b.id)`,
    );
    assert.equal(wrong?.n, 0, "blobs.referenced equals blob_references");
  };

  const f: Record<string, string> = {};
  const apps: Record<string, string> = {};
  const complaints: Record<string, string> = {};

  before(async () => {
    for (const k of ["a", "b"] as const) {
      await db().execute(
        sql`INSERT INTO offices (id, slug, name, code) VALUES (${office[k]}, ${`unl-${k}`}, ${k}, ${k.toUpperCase()})`,
      );
      await db().execute(
        sql`INSERT INTO contacts (id, office_id, wa_id) VALUES (${contact[k]}, ${office[k]}, ${`62813000${k}`})`,
      );
    }
    await blob("chatOld", { kind: "chat_media", days: 31 });
    await blob("chatAtDue", { kind: "chat_media", days: 30 });
    await blob("chatRecent", { kind: "chat_media", days: 29 });
    await blob("copyOld", { kind: "data_copy", days: 8 });
    await blob("copyRecent", { kind: "data_copy", days: 6 });
    await blob("noKind", { kind: null, days: 31 });
    await blob("orphanResult", { kind: "result", days: 40 });
    await blob("photoKind", { kind: "complaint_photo", days: 31 });
    await blob("pageOpen", { kind: "chat_media", days: 60 });
    await blob("pageClosedRecent", { kind: "chat_media", days: 60 });
    await blob("pageClosedOld", { kind: "chat_media", days: 90 });
    await blob("photoOpen", { kind: "chat_media", days: 60 });
    await blob("photoClosedRecent", { kind: "chat_media", days: 60 });
    await blob("photoClosedOld", { kind: "chat_media", days: 60 });
    await blob("photoTwice", { kind: "chat_media", days: 60 });
    await blob("photoAndPage", { kind: "chat_media", days: 60 });
    await blob("purgedChat", { kind: "chat_media", days: 100, purged: true });
    await blob("otherOffice", { kind: "chat_media", days: 31, officeKey: "b" });

    apps.open = await application({ service: "kk", closed: null, pages: [f.pageOpen!, f.photoAndPage!] });
    apps.recent = await application({ service: "kk", closed: 10, pages: [f.pageClosedRecent!] });
    apps.old = await application({ service: "kk", closed: 31, pages: [f.pageClosedOld!] });
    complaints.open = await complaint({ closed: null, photos: [f.photoOpen!, f.photoTwice!] });
    await complaint({ closed: 10, photos: [f.photoClosedRecent!] });
    await complaint({ closed: 31, photos: [f.photoClosedOld!, f.photoTwice!, f.photoAndPage!] });
  });

  test("chat files, data copies, orphans and complaint photos by their own days; applications' files by theirs", async () => {
    await flagged();
    const want = [
      "chatOld",
      "chatAtDue",
      "copyOld",
      "noKind",
      "orphanResult",
      "photoKind",
      "pageClosedOld",
      "photoClosedOld",
    ];
    assert.deepEqual(await due(), want.map((n) => f[n]!).sort());
    assert.equal(await countOverdueBlobs(db(), { policy: POLICY, now: NOW, officeId: office.b }), 1);
    // Due exactly 30 × 24 h after it was stored: one millisecond earlier it is not.
    assert.equal((await due({ now: new Date(NOW.getTime() - 1) })).includes(f.chatAtDue!), false);
    const later = await due({ now: new Date(NOW.getTime() + 2 * DAY) });
    assert.ok(later.includes(f.chatRecent!) && later.includes(f.copyRecent!));
    assert.ok(!later.includes(f.photoOpen!) && !later.includes(f.photoTwice!), "an open complaint's photos");
    assert.ok(!later.includes(f.pageOpen!) && !later.includes(f.photoAndPage!), "an open application's");
    assert.ok((await due({ now: new Date(NOW.getTime() + 20 * DAY) })).includes(f.photoClosedRecent!));
  });

  test("the days come from configuration; without the rule only applications' files are due", async () => {
    const shorter: RetentionPolicy = {
      ...POLICY,
      unlinked: { chatDays: 10, complaintDays: 5, dataCopyDays: 1 },
    };
    const found = await due({ policy: shorter });
    for (const n of ["chatRecent", "copyRecent", "photoClosedRecent"]) assert.ok(found.includes(f[n]!), n);
    assert.ok(!found.includes(f.photoOpen!) && !found.includes(f.pageOpen!));
    assert.deepEqual(await due({ policy: { defaultDays: 30, days: { kia: 10 } } }), [f.pageClosedOld!]);
  });

  test("attached, let go, deleted with its application, a complaint closed, purged and undone", async () => {
    // A chat file becomes a page of an open application: the application rule alone decides now.
    const item = sql`INSERT INTO application_items (office_id, application_id, requirement_id, blob_ids)
      VALUES (${office.a}, ${apps.open}, 'extra', ${uuids([f.chatOld!])})`;
    await db().execute(item);
    await flagged();
    assert.equal((await due()).includes(f.chatOld!), false, "an open application uses it");
    await db().execute(
      sql`UPDATE applications SET closed_at = ${ago(31)}, status = 'completed' WHERE id = ${apps.open}`,
    );
    assert.ok((await due()).includes(f.chatOld!), "closed 31 days ago: the application rule");
    await db().execute(
      sql`UPDATE applications SET closed_at = NULL, status = 'in_review' WHERE id = ${apps.open}`,
    );
    // Let go (the page replaced by another): a chat file again, due 30 days after it was stored.
    await db().execute(
      sql`UPDATE application_items SET blob_ids = ${uuids([f.chatRecent!])}
          WHERE application_id = ${apps.open} AND requirement_id = 'extra'`,
    );
    await flagged();
    let found = await due();
    assert.ok(found.includes(f.chatOld!) && !found.includes(f.chatRecent!));
    await db().execute(
      sql`DELETE FROM application_items WHERE application_id = ${apps.open} AND requirement_id = 'extra'`,
    );

    // Its application deleted: an old page is a chat file no one uses, long past its 30 days.
    await db().execute(sql`DELETE FROM applications WHERE id = ${apps.recent}`);
    await flagged();
    assert.ok((await due()).includes(f.pageClosedRecent!));

    // The open complaint closes: its photos are due 30 days later; one is also an old complaint's.
    await db().execute(
      sql`UPDATE complaints SET status = 'closed', closed_at = ${ago(29)} WHERE id = ${complaints.open}`,
    );
    found = await due();
    assert.ok(!found.includes(f.photoOpen!) && !found.includes(f.photoTwice!), "closed 29 days ago");
    assert.ok((await due({ now: new Date(NOW.getTime() + DAY) })).includes(f.photoTwice!));

    await markPurged(db(), f.chatOld!, NOW);
    await markPurged(db(), f.pageClosedOld!, NOW);
    await flagged();
    found = await due();
    assert.ok(!found.includes(f.chatOld!) && !found.includes(f.pageClosedOld!), "purged");
    // Undone by hand (never by Lontar): both count again, each by its own rule.
    await db().execute(sql`UPDATE blobs SET purged_at = NULL WHERE id IN (${f.chatOld}, ${f.pageClosedOld})`);
    await flagged();
    found = await due();
    assert.ok(found.includes(f.chatOld!) && found.includes(f.pageClosedOld!));
  });

  test("a rebuild sets blobs.referenced again after a load that ran without triggers", async () => {
    await db().execute(sql`UPDATE blobs SET referenced = NOT referenced`);
    await rebuildBlobReferences(db());
    await flagged();
    await due();
  });
});
