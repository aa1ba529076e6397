/**
 * The backfill of values written in clear (seal-existing.ts), on rows an older version left behind (inserted
 * here with plain SQL): every one sealed and opening to what it was, nothing sealed twice, a stop halfway
 * finished by the next run; and the same through `npm run lontar -- seal-existing`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, test } from "node:test";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { DEMO_NUMBER } from "../../demo.ts";
import { type Database, openPglite, rows } from "../../platform/db/client.ts";
import { migrate } from "../../platform/db/migrate.ts";
import { describeEachDatabase, truncateAll } from "../../platform/db/testing.ts";
import { TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { type BotState, initialState } from "../bot/types.ts";
import { openBotState } from "../conversations/bot-state.ts";
import { seedDemo } from "../offices/seed-demo.ts";
import { deriveFieldKeys, type FieldKeys } from "../shared/field-crypto.ts";
import { isSealed, isSealedText, openJson, openText, SEALED, sealJson, sealText } from "../shared/sealed.ts";
import type { SealableColumn } from "./seal-existing.repo.ts";
import { SEALABLE_COLUMNS, sealExisting, sealExistingOnce } from "./seal-existing.ts";

const NAMES = ["Yohanes Bria", "Maria Goreti Nenobais", "Agustina Lado"];
const NIK = "5371014101900002";

/** What each clear row held, by column and primary key, to check what the sealed rows open to. */
type Originals = Record<SealableColumn, Map<string, unknown>>;

/**
 * Three rows in clear in every sealed column (as an older version wrote them), plus one value per text and
 * json column that is sealed already. Returns the clear originals and the raw form of the sealed ones.
 */
const insertOldRows = async (database: Database, keys: FieldKeys, officeId: string, channelId: string) => {
  const db = database.db;
  const originals = Object.fromEntries(SEALABLE_COLUMNS.map((c) => [c, new Map()])) as Originals;
  const one = async <T>(query: ReturnType<typeof sql>) => (await rows<T>(db, query))[0]!;
  // Bigint keys that cross from one digit to two (9, 10, …): pages follow the number, not its text.
  for (const table of ["outbox", "webhook_deliveries"])
    await db.execute(sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), 8)`);
  for (const [i, name] of NAMES.entries()) {
    const waId = `62813390770${i}`;
    const contact = await one<{ id: string }>(sql`INSERT INTO contacts (office_id, wa_id, profile_name)
      VALUES (${officeId}, ${waId}, ${name}) RETURNING id::text AS id`);
    originals["contacts.profile_name"].set(contact.id, name);
    const state: BotState = {
      ...initialState("id"),
      greeted: true,
      flow: { name: "idle" },
      ...(i === 0 ? { remindedAt: "2026-11-02T01:00:00.000Z" } : {}),
    };
    const conversation = await one<{ id: string }>(sql`INSERT INTO conversations
      (office_id, contact_id, channel_id, bot_state)
      VALUES (${officeId}, ${contact.id}, ${channelId}, ${JSON.stringify(state)}::jsonb) RETURNING id::text AS id`);
    originals["conversations.bot_state"].set(conversation.id, state);
    const content = { kind: "text", body: `Nama saya ${name}, NIK ${NIK}` };
    const message = await one<{ id: string }>(sql`INSERT INTO messages
      (office_id, channel_id, conversation_id, direction, wamid, type, content, status, occurred_at)
      VALUES (${officeId}, ${channelId}, ${conversation.id}, 'in', ${`wamid.old${i}`}, 'text',
              ${JSON.stringify(content)}::jsonb, 'received', now()) RETURNING id::text AS id`);
    originals["messages.content"].set(message.id, content);
    const body = JSON.stringify({ object: "whatsapp_business_account", entry: [{ name, wa_id: waId }] });
    const delivery = await one<{ id: string }>(
      sql`INSERT INTO webhook_deliveries (body) VALUES (${body}) RETURNING id::text AS id`,
    );
    originals["webhook_deliveries.body"].set(delivery.id, body);
    const suggestion = `Petugas ${name} sangat membantu`;
    const survey = await one<{ id: string }>(sql`INSERT INTO survey_responses
      (office_id, instrument, channel, contact_id, status, suggestion)
      VALUES (${officeId}, 'skm', 'whatsapp', ${contact.id}, 'completed', ${JSON.stringify(suggestion)}::jsonb)
      RETURNING id::text AS id`);
    originals["survey_responses.suggestion"].set(survey.id, suggestion);
    const description = `Saya ${name}, NIK ${NIK}, Jl. Timor Raya ${i}: KK belum jadi`;
    const answer = i === 2 ? null : `Bapak/Ibu ${name}, KK sudah dicetak`;
    const complaint = await one<{ id: string }>(sql`INSERT INTO complaints
      (office_id, tracking_number, contact_id, category, description, answer, received_at, verification_due_at)
      VALUES (${officeId}, ${`KPG-P-2611-0000${i}`}, ${contact.id}, 'layanan_lambat', ${description}, ${answer},
              now(), now()) RETURNING id::text AS id`);
    originals["complaints.description"].set(complaint.id, description);
    if (answer) originals["complaints.answer"].set(complaint.id, answer);
    const payload = {
      messageId: message.id,
      body: { type: "text", to: waId, text: { body: `Halo ${name}` } },
    };
    const outbox = await one<{
      id: string;
    }>(sql`INSERT INTO outbox (office_id, channel_id, kind, payload, recipient)
      VALUES (${officeId}, ${channelId}, 'send', ${JSON.stringify(payload)}::jsonb, ${waId})
      RETURNING id::text AS id`);
    originals["outbox.payload"].set(outbox.id, payload);
  }
  // Already sealed (a newer version wrote them): they must come out byte for byte the same.
  const sealedContact = await one<{ id: string }>(sql`INSERT INTO contacts (office_id, wa_id, profile_name)
    VALUES (${officeId}, '6281339077099', ${sealText(keys, "Sudah Tersegel", SEALED.contactProfileName)})
    RETURNING id::text AS id`);
  await db.execute(sql`INSERT INTO outbox (office_id, channel_id, kind, payload)
    VALUES (${officeId}, ${channelId}, 'send', ${JSON.stringify(sealJson(keys, { body: {} }, SEALED.outboxPayload))}::jsonb)`);
  // A contact with no name has nothing to seal.
  await db.execute(sql`INSERT INTO contacts (office_id, wa_id) VALUES (${officeId}, '6281339077098')`);
  return { originals, sealedContactId: sealedContact.id };
};

/** Every sealed column's raw text, by column and id: compared before and after a run that should do nothing. */
const rawSnapshot = async (database: Database) => {
  const columns: Array<[string, string, string]> = [
    ["contacts", "profile_name", "contacts.profile_name"],
    ["conversations", "bot_state", "conversations.bot_state"],
    ["messages", "content", "messages.content"],
    ["webhook_deliveries", "body", "webhook_deliveries.body"],
    ["survey_responses", "suggestion", "survey_responses.suggestion"],
    ["complaints", "description", "complaints.description"],
    ["complaints", "answer", "complaints.answer"],
    ["outbox", "payload", "outbox.payload"],
  ];
  const out: Record<string, Record<string, string | null>> = {};
  for (const [table, column, name] of columns) {
    const found = await rows<{ id: string; raw: string | null }>(
      database.db,
      sql`SELECT id::text AS id, ${sql.raw(column)}::text AS raw FROM ${sql.raw(table)} ORDER BY id`,
    );
    out[name] = Object.fromEntries(found.map((r) => [r.id, r.raw]));
  }
  return out;
};

const TEXT_COLUMNS: SealableColumn[] = [
  "webhook_deliveries.body",
  "complaints.description",
  "complaints.answer",
  "contacts.profile_name",
];

/** Every original is now sealed in its column and opens to exactly what it was. */
const assertSealed = async (database: Database, keys: FieldKeys, originals: Originals) => {
  const raw = await rawSnapshot(database);
  for (const column of SEALABLE_COLUMNS) {
    for (const [id, original] of originals[column]) {
      const stored = raw[column]![id]!;
      for (const secret of [NIK, ...NAMES])
        assert.ok(!stored.includes(secret), `${column} ${id} still holds "${secret}" in clear`);
      if (TEXT_COLUMNS.includes(column)) {
        assert.ok(isSealedText(stored), `${column} ${id} is a sealed token`);
        assert.equal(openText(keys, stored, column as never), original);
      } else {
        const value = JSON.parse(stored) as { sealed: string; flow?: { name: string }; remindedAt?: string };
        assert.ok(isSealed(value), `${column} ${id} is { sealed }`);
        if (column === "conversations.bot_state") {
          assert.deepEqual(openBotState(keys, { botState: value }), original);
          // What the draft timers select on stays in clear beside the token.
          assert.equal(value.flow?.name, (original as BotState).flow.name);
          assert.equal(value.remindedAt, (original as BotState).remindedAt);
        } else assert.deepEqual(openJson(keys, value, column as never), original);
      }
    }
  }
};

const total = (r: Awaited<ReturnType<typeof sealExisting>>) =>
  SEALABLE_COLUMNS.reduce((n, c) => n + r.columns[c].sealed, 0);

const countOf = (originals: Originals) => SEALABLE_COLUMNS.reduce((n, c) => n + originals[c].size, 0);

describeEachDatabase("seal-existing: the backfill of values written in clear", (database, backend) => {
  const keys = deriveFieldKeys(randomBytes(32));
  let seed: Awaited<ReturnType<typeof seedDemo>>;
  beforeEach(async () => {
    await truncateAll(database());
    seed = await seedDemo(database(), { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER });
  });

  test("every clear value is sealed and opens to what it was; a second run changes nothing", async () => {
    const { originals, sealedContactId } = await insertOldRows(
      database(),
      keys,
      seed.officeId,
      seed.channelId,
    );
    const before = await rawSnapshot(database());

    const first = await sealExisting(database(), keys, { batchSize: 2 });
    assert.equal(first.finished, true);
    for (const column of SEALABLE_COLUMNS)
      assert.deepEqual(first.columns[column], { sealed: originals[column].size, skipped: 0 }, column);
    await assertSealed(database(), keys, originals);
    const after = await rawSnapshot(database());
    assert.equal(
      after["contacts.profile_name"]![sealedContactId],
      before["contacts.profile_name"]![sealedContactId],
      "a value sealed already is left exactly as it was",
    );
    assert.equal(
      openText(keys, after["contacts.profile_name"]![sealedContactId]!, SEALED.contactProfileName),
      "Sudah Tersegel",
    );

    const second = await sealExisting(database(), keys, { batchSize: 2 });
    assert.equal(total(second), 0, "nothing left in clear");
    assert.deepEqual(await rawSnapshot(database()), after, "no value sealed twice");
  });

  test("at start-up the walk runs until it has finished once, then never again", async () => {
    const { originals } = await insertOldRows(database(), keys, seed.officeId, seed.channelId);
    const stopped = await sealExistingOnce(database(), keys, { batchSize: 2, maxBatches: 1 });
    assert.equal(stopped?.finished, false);
    const finished = await sealExistingOnce(database(), keys, { batchSize: 2 });
    assert.equal(finished?.finished, true, "an unfinished walk is taken up again at the next start");
    await assertSealed(database(), keys, originals);
    // A value an older version writes later is not looked for at start-up any more; the CLI still finds it.
    await database().db.execute(sql`UPDATE contacts SET profile_name = 'Ditulis Versi Lama'`);
    assert.equal(await sealExistingOnce(database(), keys, { batchSize: 2 }), undefined);
    const cli = await sealExisting(database(), keys, { batchSize: 2 });
    assert.ok(cli.columns["contacts.profile_name"].sealed > 0);
  });

  test("a run stopped after one batch (a crash halfway) is finished by the next one", async () => {
    const { originals } = await insertOldRows(database(), keys, seed.officeId, seed.channelId);
    const stopped = await sealExisting(database(), keys, { batchSize: 2, maxBatches: 1 });
    assert.equal(stopped.finished, false);
    assert.equal(total(stopped), 2, "one page of two rows");
    assert.equal(stopped.columns["messages.content"].sealed, 2);

    const resumed = await sealExisting(database(), keys, { batchSize: 2 });
    assert.equal(resumed.finished, true);
    assert.equal(total(resumed), countOf(originals) - 2, "the rest, and only the rest");
    assert.equal(resumed.columns["messages.content"].sealed, 1);
    await assertSealed(database(), keys, originals);
  });

  // Two transactions at once: PostgreSQL only (PGlite has one connection).
  if (backend === "postgres")
    test("a row another transaction holds is skipped, not waited for, and sealed by the next run", async () => {
      const { originals } = await insertOldRows(database(), keys, seed.officeId, seed.channelId);
      const [held] = [...originals["contacts.profile_name"].keys()];
      let release!: () => void;
      const holding = new Promise<void>((r) => {
        release = r;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const holder = database().db.transaction(async (tx) => {
        await tx.execute(sql`SELECT id FROM contacts WHERE id = ${held!} FOR UPDATE`);
        locked();
        await holding;
      });
      await isLocked;
      const first = await sealExisting(database(), keys, { batchSize: 2 });
      release();
      await holder;
      assert.deepEqual(first.columns["contacts.profile_name"], { sealed: 2, skipped: 1 });
      assert.equal(first.finished, true);
      const second = await sealExisting(database(), keys, { batchSize: 2 });
      assert.deepEqual(second.columns["contacts.profile_name"], { sealed: 1, skipped: 0 });
      await assertSealed(database(), keys, originals);
    });

  test("the CLI: npm run lontar -- seal-existing prints counts per column, then nothing left", async () => {
    const masterKey = randomBytes(32);
    const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-seal-cli-"));
    // PGlite: the CLI opens the embedded database in the data folder, so the rows are written there first.
    const own = database().url ? undefined : await openPglite(path.join(dataDir, "pglite"));
    const db = own ?? database();
    const cliKeys = deriveFieldKeys(masterKey);
    let originals: Originals;
    if (own) {
      await migrate(own);
      const office = await seedDemo(own, { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER });
      ({ originals } = await insertOldRows(own, cliKeys, office.officeId, office.channelId));
      await own.close();
    } else ({ originals } = await insertOldRows(db, cliKeys, seed.officeId, seed.channelId));
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli.ts", "seal-existing", ...args], {
        cwd: path.resolve(import.meta.dirname, "../../.."),
        env: {
          PATH: process.env.PATH,
          LONTAR_DATA_DIR: dataDir,
          LONTAR_MASTER_KEY: masterKey.toString("base64"),
          ...(database().url ? { DATABASE_URL: database().url } : {}),
        },
      });
    const once = await run("--batch", "2");
    assert.match(once.stdout, /^contacts\.profile_name\s+sealed 3$/m);
    assert.match(once.stdout, /^messages\.content\s+sealed 3$/m);
    assert.match(once.stdout, /^complaints\.answer\s+sealed 2$/m);
    assert.match(once.stdout, new RegExp(`Sealed ${countOf(originals)} values; every sealed column`));
    const twice = await run();
    for (const column of SEALABLE_COLUMNS)
      assert.match(twice.stdout, new RegExp(`^${column.replace(".", "\\.")}\\s+sealed 0$`, "m"));
    await assert.rejects(run("--batch", "zero"), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 64);
      assert.match(error.stderr, /--batch needs a number/);
      assert.match(error.stderr, /seal-existing \[--batch N\]/, "with the usage text");
      return true;
    });
    const after = own ? await openPglite(path.join(dataDir, "pglite")) : database();
    try {
      await assertSealed(after, cliKeys, originals);
    } finally {
      if (own) await after.close();
    }
  });
});
