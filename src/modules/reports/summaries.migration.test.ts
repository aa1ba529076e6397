/**
 * Upgrade test of migration 0011: an installation migrated up to 0010 that already holds offices, files, a
 * broadcast and daily rollups is migrated to the end, and the backfill must leave it as if the live code had
 * always run: messages know their campaign, files stored and broadcast reach are in daily_rollups on the
 * office's own day (the seed puts rows around local midnight in two time zones), and rollup_summaries hold the
 * sums of every daily rollup. The seed is raw SQL at the 0010 schema: the Drizzle schema is ahead of it.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { after, before, test } from "node:test";
import { type SQL, sql, TransactionRollbackError } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { listMigrations, migrate } from "../../platform/db/migrate.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import {
  type FreshDatabase,
  migrationsBefore,
  openEmptyDatabase,
} from "../../platform/db/upgrade-testing.ts";
import { METRIC, type RollupRow } from "./rollup-metrics.ts";
import { recomputeRollups } from "./rollups.recompute.ts";
import { list, rebuildSummaries } from "./summaries.repo.ts";

const UPGRADE = "0011_report_summaries.sql";
const BACKFILLED: readonly string[] = [METRIC.docStored, METRIC.broadcastQueued, METRIC.broadcastDelivered];

const values = (table: SQL[][]) =>
  sql.join(
    table.map((row) => sql`(${sql.join(row, sql`, `)})`),
    sql`, `,
  );

type Office = { id: string; slug: string; timeZone: string; phone: string };
type Sent = { status: string; at: string; errorCode?: number };
type Seeded = { campaignId: string; campaignMessages: string[]; otherMessages: string[] };

/** One office at the 0010 schema: a channel, files, a template, a campaign's recipients and messages, a reply. */
const seedOffice = async (db: Tx, office: Office, blobTimes: string[], sent: Sent[]): Promise<Seeded> => {
  const channelId = randomUUID();
  const templateId = randomUUID();
  const campaignId = randomUUID();
  await db.execute(sql`INSERT INTO offices (id, slug, name, code, time_zone)
    VALUES (${office.id}, ${office.slug}, ${`Dukcapil ${office.slug}`}, ${office.slug.slice(0, 3).toUpperCase()},
            ${office.timeZone})`);
  await db.execute(sql`INSERT INTO channels (id, office_id, phone_number_id, label, service_codes)
    VALUES (${channelId}, ${office.id}, ${office.phone}, 'Layanan', '{KTP,KIA}')`);
  await db.execute(sql`INSERT INTO blobs (office_id, storage_key, size_bytes, sha256, mime_type, kind, key_id, created_at)
    VALUES ${values(
      blobTimes.map((at, i) => [
        sql`${office.id}`,
        sql`${`${office.slug}/${i}`}`,
        sql`${2048 + i}`,
        sql`${`${i}`.padStart(64, "0")}`,
        sql`'image/jpeg'`,
        sql`'citizen_document'`,
        i % 2 ? sql`'k1'` : sql`NULL`,
        sql`${at}::timestamptz`,
      ]),
    )}`);
  await db.execute(sql`INSERT INTO message_templates (id, office_id, name, language, category, body, status)
    VALUES (${templateId}, ${office.id}, 'info_ktp', 'id', 'marketing', 'Perekaman KTP-el Sabtu ini.', 'approved')`);
  await db.execute(sql`INSERT INTO campaigns (id, office_id, name, template_id, channel_id, status, started_at, recipients)
    VALUES (${campaignId}, ${office.id}, 'Perekaman KTP-el', ${templateId}, ${channelId}, 'running', ${sent[0]!.at},
            ${sent.length + 1})`);
  const campaignMessages: string[] = [];
  const conversations: string[] = [];
  // One more recipient than messages: the last is still pending (no message yet), as in a running campaign.
  for (let i = 0; i <= sent.length; i++) {
    const contactId = randomUUID();
    await db.execute(sql`INSERT INTO contacts (id, office_id, wa_id, profile_name)
      VALUES (${contactId}, ${office.id}, ${`62812${office.phone}${i}`}, ${`Warga ${i}`})`);
    const message = sent[i];
    if (!message) {
      await db.execute(sql`INSERT INTO campaign_recipients (campaign_id, contact_id, office_id)
        VALUES (${campaignId}, ${contactId}, ${office.id})`);
      continue;
    }
    const conversationId = randomUUID();
    const messageId = randomUUID();
    await db.execute(sql`INSERT INTO conversations (id, office_id, contact_id, channel_id, last_outbound_at)
      VALUES (${conversationId}, ${office.id}, ${contactId}, ${channelId}, ${message.at})`);
    await db.execute(sql`INSERT INTO messages (id, office_id, channel_id, conversation_id, direction, wamid, type,
        content, status, error_code, occurred_at, created_at)
      VALUES (${messageId}, ${office.id}, ${channelId}, ${conversationId}, 'out', ${`wamid.${messageId}`}, 'template',
        '{"template":"info_ktp"}'::jsonb, ${message.status}, ${message.errorCode ?? null}, ${message.at}, ${message.at})`);
    await db.execute(sql`INSERT INTO campaign_recipients (campaign_id, contact_id, office_id, status, message_id, queued_at)
      VALUES (${campaignId}, ${contactId}, ${office.id}, 'queued', ${messageId}, ${message.at})`);
    campaignMessages.push(messageId);
    conversations.push(conversationId);
  }
  // The citizen answers the broadcast and an operator replies: neither message belongs to the campaign.
  const reply = new Date(Date.parse(sent[sent.length - 1]!.at) + 30 * 60_000).toISOString();
  const otherMessages = [randomUUID(), randomUUID()];
  await db.execute(sql`INSERT INTO messages (id, office_id, channel_id, conversation_id, direction, wamid, type,
      content, status, occurred_at, created_at)
    VALUES (${otherMessages[0]}, ${office.id}, ${channelId}, ${conversations[0]}, 'in', 'wamid.in', 'text',
            '{"text":"Jam berapa?"}'::jsonb, 'received', ${reply}, ${reply}),
           (${otherMessages[1]}, ${office.id}, ${channelId}, ${conversations[0]}, 'out', 'wamid.reply', 'text',
            '{"text":"Mulai jam 08.00"}'::jsonb, 'delivered', ${reply}, ${reply})`);
  return { campaignId, campaignMessages, otherMessages };
};

/** day, metric, service, operator, detail, bucket, count, total */
type Rollup = [string, string, string, string, string, number, number, number];

const insertRollups = (db: Tx, officeId: string, rollups: Rollup[]) =>
  db.execute(sql`INSERT INTO daily_rollups (office_id, day, metric, service_code, operator_id, detail, bucket, count, total)
    VALUES ${values(rollups.map(([day, ...rest]) => [sql`${officeId}`, sql`${day}::date`, ...rest.map((v) => sql`${v}`)]))}`);

const dailyRows = async (db: Tx, officeId: string, metrics: readonly string[]) =>
  sortedRows(
    await rows<RollupRow>(
      db,
      sql`SELECT day::text AS day, metric, service_code AS "serviceCode", operator_id AS "operatorId", detail, bucket,
                 count::float8 AS count, total FROM daily_rollups
           WHERE office_id = ${officeId} AND metric IN ${list(metrics)}`,
    ),
  );

const sortedRows = <T>(list: T[]) =>
  list
    .map((r) => JSON.stringify(r))
    .sort()
    .map((r) => JSON.parse(r) as T);

const summaries = (db: Tx) =>
  rows<Record<string, unknown>>(
    db,
    sql`SELECT office_id::text, level, grain, metric, period::text, service_code, operator_id, detail, bucket,
               count::float8 AS count, total FROM rollup_summaries ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
  );

const doc = (day: string, count: number): RollupRow => ({
  day,
  metric: METRIC.docStored,
  serviceCode: "",
  operatorId: "",
  detail: "",
  bucket: -1,
  count,
  total: 0,
});

describeEachDatabase("migration 0011 backfills an existing installation", (provided) => {
  let database: FreshDatabase;
  let applied: string[];
  // Kupang is UTC+8 and Jayapura UTC+9: several rows fall on a different day in UTC, or in the other office.
  const kupang: Office = { id: randomUUID(), slug: "kupang", timeZone: "Asia/Makassar", phone: "1001" };
  const jayapura: Office = { id: randomUUID(), slug: "jayapura", timeZone: "Asia/Jayapura", phone: "2001" };
  const [opA, opB] = [randomUUID(), randomUUID()];
  let seeded: { kupang: Seeded; jayapura: Seeded };

  before(async () => {
    database = await openEmptyDatabase(provided().name);
    const old = await migrationsBefore(UPGRADE);
    await migrate(database, old);
    await rm(old, { recursive: true });
    const db = database.db;
    seeded = {
      kupang: await seedOffice(
        db,
        kupang,
        ["2026-01-31T15:50:00Z", "2026-01-31T16:10:00Z", "2026-02-01T03:00:00Z", "2026-02-28T16:00:00Z"],
        [
          { status: "delivered", at: "2026-01-31T15:55:00Z" },
          { status: "read", at: "2026-01-31T16:05:00Z" },
          { status: "delivered", at: "2026-01-31T16:20:00Z" },
          { status: "failed", at: "2026-02-01T01:00:00Z", errorCode: 131049 },
          { status: "queued", at: "2026-02-01T02:00:00Z" },
        ],
      ),
      jayapura: await seedOffice(
        db,
        jayapura,
        ["2026-01-31T14:59:00Z", "2026-01-31T15:30:00Z", "2026-01-31T15:45:00Z", "2026-02-10T15:00:00Z"],
        [
          { status: "read", at: "2026-01-31T15:10:00Z" },
          { status: "failed", at: "2026-01-31T14:40:00Z", errorCode: 131026 },
          { status: "delivered", at: "2026-02-01T10:00:00Z" },
        ],
      ),
    };
    await db.execute(sql`INSERT INTO operators (id, office_id, username, display_name, role, password_hash)
      VALUES (${opA}, ${kupang.id}, 'maria', 'Maria Lay', 'operator', 'x'),
             (${opB}, ${kupang.id}, 'yohanes', 'Yohanes Ndun', 'operator', 'x')`);
    await insertRollups(db, kupang.id, [
      ["2026-01-15", METRIC.msgDelivered, "", "", "", -1, 12, 0],
      ["2026-01-31", METRIC.msgDelivered, "", "", "", -1, 5, 0],
      ["2026-02-03", METRIC.msgDelivered, "", "", "", -1, 7, 0],
      ["2026-01-15", METRIC.appSubmitted, "KTP", "", "", -1, 3, 0],
      ["2026-01-15", METRIC.appSubmitted, "KIA", "", "", -1, 2, 0],
      ["2026-02-03", METRIC.appSubmitted, "KTP", "", "", -1, 4, 0],
      ["2026-01-20", METRIC.appCompleted, "KTP", opA, "", -1, 2, 0],
      ["2026-01-20", METRIC.appCompleted, "KTP", opB, "", -1, 1, 0],
      ["2026-01-20", METRIC.respPerson, "", opA, "", 3, 4, 480],
      ["2026-02-03", METRIC.respPerson, "", opA, "", 5, 1, 1900],
      ["2026-02-03", METRIC.msgFailed, "", "", "131049", -1, 2, 0],
    ]);
    await insertRollups(db, jayapura.id, [
      ["2026-01-31", METRIC.msgDelivered, "", "", "", -1, 9, 0],
      ["2026-02-01", METRIC.msgDelivered, "", "", "", -1, 4, 0],
      ["2026-02-01", METRIC.appSubmitted, "AKTA", "", "", -1, 1, 0],
    ]);
    applied = await migrate(database);
  });

  after(async () => {
    await database?.drop();
  });

  test("the upgrade applies 0011 and every later migration", async () => {
    assert.deepEqual(
      applied,
      (await listMigrations()).filter((name) => name >= UPGRADE),
    );
  });

  test("campaign_id is set on the campaign's messages and on no other", async () => {
    const found = await rows<{ id: string; campaign_id: string | null }>(
      database.db,
      sql`SELECT id::text, campaign_id::text FROM messages`,
    );
    const expected = [seeded.kupang, seeded.jayapura].flatMap((s) => [
      ...s.campaignMessages.map((id) => ({ id, campaign_id: s.campaignId })),
      ...s.otherMessages.map((id) => ({ id, campaign_id: null })),
    ]);
    assert.deepEqual(sortedRows(found), sortedRows(expected));
  });

  test("files stored and broadcast reach are counted on the office's day, as a rebuild counts them", async () => {
    for (const office of [kupang, jayapura]) {
      const rebuilt = (await recomputeRollups(database.db, office.id)).filter((r) =>
        BACKFILLED.includes(r.metric),
      );
      assert.deepEqual(await dailyRows(database.db, office.id, BACKFILLED), sortedRows(rebuilt), office.slug);
    }
    // By hand, so a time-zone rule shared by the migration and the rebuild cannot hide a mistake.
    assert.deepEqual(await dailyRows(database.db, kupang.id, [METRIC.docStored]), [
      doc("2026-01-31", 1),
      doc("2026-02-01", 2),
      doc("2026-03-01", 1),
    ]);
    assert.deepEqual(await dailyRows(database.db, jayapura.id, [METRIC.docStored]), [
      doc("2026-01-31", 1),
      doc("2026-02-01", 2),
      doc("2026-02-11", 1),
    ]);
    const reach = await rows<{ office: string; metric: string; day: string; count: number }>(
      database.db,
      sql`SELECT o.slug AS office, metric, day::text, count::float8 AS count FROM daily_rollups d
            JOIN offices o ON o.id = d.office_id WHERE metric LIKE 'broadcast.%' ORDER BY 1, 2, 3`,
    );
    assert.deepEqual(
      reach.map((r) => `${r.office} ${r.metric} ${r.day} ${r.count}`),
      [
        "jayapura broadcast.delivered 2026-02-01 2",
        "jayapura broadcast.queued 2026-01-31 1",
        "jayapura broadcast.queued 2026-02-01 2",
        "kupang broadcast.delivered 2026-01-31 1",
        "kupang broadcast.delivered 2026-02-01 2",
        "kupang broadcast.queued 2026-01-31 1",
        "kupang broadcast.queued 2026-02-01 4",
      ],
    );
  });

  test("rollup_summaries are exactly what rebuilding them from daily_rollups writes", async () => {
    const migrated = await summaries(database.db);
    assert.ok(migrated.length > 0);
    let rebuilt: Record<string, unknown>[] = [];
    await database.db
      .transaction(async (tx) => {
        const metrics = await rows<{ metric: string }>(
          tx,
          sql`SELECT metric FROM daily_rollups UNION SELECT metric FROM rollup_summaries`,
        );
        for (const office of [kupang, jayapura])
          await rebuildSummaries(
            tx,
            office.id,
            metrics.map((m) => m.metric),
          );
        rebuilt = await summaries(tx);
        tx.rollback(); // leave the migrated rows for the other tests
      })
      .catch((error) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    assert.deepEqual(migrated, rebuilt);
  });

  test("month summaries add up the month's days per level", async () => {
    const month = (officeId: string, level: number, metric: string, service: string, operator: string) =>
      rows<{ count: number; total: number }>(
        database.db,
        sql`SELECT count::float8 AS count, total FROM rollup_summaries
             WHERE office_id = ${officeId} AND level = ${level} AND grain = 'month' AND metric = ${metric}
               AND period = '2026-01-01' AND service_code = ${service} AND operator_id = ${operator}`,
      );
    // 12 + 5 on 15 and 31 January; 7 on 3 February is another month.
    assert.deepEqual(await month(kupang.id, 0, METRIC.msgDelivered, "*", "*"), [{ count: 17, total: 0 }]);
    assert.deepEqual(await month(kupang.id, 1, METRIC.appSubmitted, "KTP", "*"), [{ count: 3, total: 0 }]);
    assert.deepEqual(await month(kupang.id, 0, METRIC.appSubmitted, "*", "*"), [{ count: 5, total: 0 }]);
    assert.deepEqual(await month(kupang.id, 2, METRIC.appCompleted, "*", opA), [{ count: 2, total: 0 }]);
    assert.deepEqual(await month(kupang.id, 3, METRIC.respPerson, "", opA), [{ count: 4, total: 480 }]);
    // Jayapura's file stored at 00:30 on 1 February (UTC+9) is February's, not January's.
    assert.deepEqual(await month(jayapura.id, 0, METRIC.docStored, "*", "*"), [{ count: 1, total: 0 }]);
  });
});
