import { readFile } from "node:fs/promises";
import { and, eq, sql } from "drizzle-orm";
import { ConfigError, loadConfig } from "./config.ts";
import { DEMO_NUMBER } from "./demo.ts";
import { verifyAuditChain } from "./modules/audit/audit.service.ts";
import { loadCatalogue } from "./modules/catalogue/load.ts";
import { listProblems, purgeDeliveries, resetDeliveries } from "./modules/inbox/inbox.repo.ts";
import { addChannel, ChannelError } from "./modules/offices/channels.service.ts";
import { DEMO_OFFICE, seedDemo } from "./modules/offices/seed-demo.ts";
import { createOperator, ROLES, type Role } from "./modules/operators/operators.service.ts";
import { formatSealExisting, sealExisting } from "./modules/privacy/seal-existing.ts";
import { rebuildRollups } from "./modules/reports/rollups.recompute.ts";
import { purgeDocuments, retentionPolicy } from "./modules/retention/retention.service.ts";
import { deriveFieldKeys } from "./modules/shared/field-crypto.ts";
import { scoreIkm } from "./modules/surveys/ikm.ts";
import { parseIkmCsv } from "./modules/surveys/ikm-csv.ts";
import { formatCsvErrorsText, formatIkmText } from "./modules/surveys/ikm-text.ts";
import { type Database, rows } from "./platform/db/client.ts";
import { migrate } from "./platform/db/migrate.ts";
import { openConfiguredDatabase } from "./platform/db/open.ts";
import { DataDirLockedError } from "./platform/db/pid-lock.ts";
import { offices } from "./platform/db/schema/index.ts";
import { createBlobStore } from "./platform/storage/blob-store.ts";
import { loadKeyring } from "./platform/storage/keys.ts";
import { rotateKeysCommand } from "./platform/storage/rotate-keys.ts";

const USAGE = `Usage: npm run lontar -- <command> [options]

Commands:
  migrate                          apply database migrations
  seed-demo                        create the demo office (Dukcapil Kota Kupang), its number and a first admin
  create-admin <username> [--name "Full Name"] [--role admin|supervisor|operator|viewer] [--office kota-kupang]
                                   create an account; its one-time password is printed once
  add-number <phone-number-id> --label "Layanan KIA" [--services KIA,AKTA_LAHIR] [--display 62380...] [--waba ID] [--office kota-kupang]
                                   add a WhatsApp number (one per service, as Kupang has, or one for all)
  webhook-problems [--limit N]     list webhook items that could not be applied (unknown numbers, bad items)
  replay-webhooks --since <ISO date>
                                   process again the stored deliveries that had problems (e.g. after adding a number)
  purge-webhooks                   delete processed raw payloads older than WEBHOOK_RETENTION_DAYS
  purge-documents [--dry-run]      delete files past their retention: ended applications', chat files, complaint
                                   photos, data copies (rows are kept)
  verify-audit                     check every office's audit chain; exits 1 naming the first broken row
  rotate-keys                      re-wrap every stored file with the current LONTAR_MASTER_KEY (old keys listed in
                                   LONTAR_OLD_MASTER_KEYS); safe to stop and run again
  rebuild-rollups                  rebuild the report figures (daily rollups) of every office from the raw rows
  seal-existing [--batch N]        seal (encrypt at rest) personal data still stored in clear by an older version:
                                   chat contents, bot state, raw webhooks, survey suggestions, complaints, outbox
                                   payloads, WhatsApp names; N rows per transaction (default 500). Lontar also
                                   does this in the background at start until one walk has finished; safe to
                                   stop and run again
  ikm <file.csv>                   compute the IKM (SKM PermenPAN-RB 14/2017) of paper questionnaires typed into a
                                   CSV with columns U1..U9; needs no database; exits 2 on an unreadable file or bad rows

The database is the one Lontar uses: DATABASE_URL, or the embedded one in LONTAR_DATA_DIR (stop Lontar first).`;

type Args = { positional: string[]; flags: Record<string, string> };
/** Flags that take no value. */
const SWITCHES = ["--dry-run"];

export const parseArgs = (argv: string[]): Args => {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const value = argv[i + 1];
    if (SWITCHES.includes(arg)) {
      flags[arg.slice(2)] = "true";
      continue;
    }
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${arg} needs a value.`);
    flags[arg.slice(2)] = value;
    i++;
  }
  return { positional, flags };
};

class UsageError extends Error {}

const run = async (argv: string[]) => {
  const { positional, flags } = parseArgs(argv);
  const [command, ...rest] = positional;
  if (!command || command === "help" || command === "--help") return void console.log(USAGE);
  const known = [
    "migrate",
    "seed-demo",
    "create-admin",
    "add-number",
    "webhook-problems",
    "replay-webhooks",
    "purge-webhooks",
    "purge-documents",
    "verify-audit",
    "rotate-keys",
    "ikm",
    "rebuild-rollups",
    "seal-existing",
  ];
  if (!known.includes(command)) throw new UsageError(`Unknown command "${command}".`);
  // Before any configuration or database: scoring a CSV needs neither, and must work while Lontar runs.
  if (command === "ikm") return await ikmCommand(rest);
  const config = loadConfig();
  const { database, lock } = await openConfiguredDatabase(config);
  try {
    const applied = await migrate(database);
    if (command === "migrate")
      return void console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Up to date.");
    if (command === "seed-demo") {
      const seed = await seedDemo(database, {
        phoneNumberId: config.whatsapp.phoneNumberId,
        ...(config.simulator ? DEMO_NUMBER : {}),
      });
      console.log(
        seed.createdOffice ? `Created ${DEMO_OFFICE.name}.` : `${DEMO_OFFICE.name} already exists.`,
      );
      if (seed.admin)
        console.log(`First admin: ${seed.admin.username} / ${seed.admin.password} (shown once)`);
      return;
    }
    if (command === "create-admin") return await createAdminCommand(database, rest, flags);
    if (command === "purge-documents") return await purgeDocumentsCommand(config, database, flags);
    if (command === "verify-audit") return await verifyAuditCommand(database);
    if (command === "rebuild-rollups") return await rebuildRollupsCommand(database);
    if (command === "seal-existing") return await sealExistingCommand(config, database, flags);
    if (command === "rotate-keys") return void (await rotateKeysCommand(config, database));
    if (command === "add-number") {
      if (!rest[0] || !flags.label) throw new UsageError("add-number needs a phone number ID and --label.");
      const channel = await addChannel(database.db, {
        officeSlug: flags.office ?? DEMO_OFFICE.slug,
        phoneNumberId: rest[0],
        label: flags.label,
        serviceCodes: flags.services
          ?.split(",")
          .map((c) => c.trim())
          .filter(Boolean),
        displayPhoneNumber: flags.display,
        wabaId: flags.waba,
      });
      return void console.log(`Added number ${channel.phoneNumberId} ("${channel.label}").`);
    }
    if (command === "webhook-problems") {
      const problems = await listProblems(database.db, Number(flags.limit ?? 50));
      if (problems.length === 0) return void console.log("No problems recorded.");
      for (const p of problems)
        console.log(
          `${p.created_at.toISOString()}  delivery ${p.delivery_id}  ${p.kind}  ${p.item_path}  ${p.detail}`,
        );
      return;
    }
    if (command === "replay-webhooks") {
      const since = new Date(flags.since ?? "");
      if (Number.isNaN(since.getTime()))
        throw new UsageError("--since needs a date, e.g. --since 2026-11-01");
      const n = await resetDeliveries(database.db, since);
      console.log(`${n} deliveries will be processed again when Lontar runs.`);
      return;
    }
    const n = await purgeDeliveries(database.db, config.webhook.retentionDays);
    console.log(`Deleted ${n} raw payloads older than ${config.webhook.retentionDays} days.`);
  } finally {
    await database.close();
    await lock?.release();
  }
};

const createAdminCommand = async (
  database: Awaited<ReturnType<typeof openConfiguredDatabase>>["database"],
  rest: string[],
  flags: Record<string, string>,
) => {
  const username = rest[0];
  if (!username) throw new UsageError("create-admin needs a username.");
  const role = (flags.role ?? "admin") as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}.`);
  const slug = flags.office ?? DEMO_OFFICE.slug;
  const [office] = await database.db
    .select()
    .from(offices)
    .where(and(eq(offices.slug, slug)));
  if (!office) throw new UsageError(`No office "${slug}". Run seed-demo first, or pass --office.`);
  const created = await createOperator(database.db, {
    officeId: office.id,
    username,
    displayName: flags.name ?? username,
    role,
  });
  console.log(`Created ${role} "${username}". One-time password (shown once): ${created.password}`);
};

const purgeDocumentsCommand = async (
  config: ReturnType<typeof loadConfig>,
  database: Awaited<ReturnType<typeof openConfiguredDatabase>>["database"],
  flags: Record<string, string>,
) => {
  const dryRun = flags["dry-run"] === "true";
  const catalogue = await loadCatalogue();
  const { keys } = await loadKeyring(config.storage.keys, config.dataDir);
  const result = await purgeDocuments({
    database,
    blobs: await createBlobStore(config, keys),
    policy: retentionPolicy(catalogue, config.retention.documentDays, config.retention),
    now: new Date(),
    dryRun,
  });
  const mb = (result.bytes / 1e6).toFixed(1);
  console.log(
    dryRun
      ? `${result.files} files (${mb} MB) are past their retention and would be deleted.`
      : `Deleted ${result.files} files (${mb} MB) past their retention; their records are kept.`,
  );
};

const verifyAuditCommand = async (
  database: Awaited<ReturnType<typeof openConfiguredDatabase>>["database"],
) => {
  const all = await database.db.select({ id: offices.id, slug: offices.slug }).from(offices);
  let broken = 0;
  for (const office of all) {
    const row = await verifyAuditChain(database.db, office.id);
    if (row === null) console.log(`${office.slug}: audit chain intact.`);
    else {
      broken++;
      console.error(`${office.slug}: audit chain BROKEN at row ${row} (edited, or a row before it deleted).`);
    }
  }
  if (broken > 0) process.exitCode = 1;
};

/** After an import or a calendar change: every office's report figures rebuilt from the raw rows. */
const rebuildRollupsCommand = async (database: Database) => {
  const offices = await rows<{ id: string; slug: string }>(
    database.db,
    sql`SELECT id, slug FROM offices ORDER BY slug`,
  );
  for (const office of offices) {
    const written = await database.db.transaction((tx) => rebuildRollups(tx, office.id));
    console.log(`${office.slug}: ${written} rollup rows rebuilt.`);
  }
};

/** Seals what an older version left in clear, with the field key Lontar itself uses (keys.ts). */
const sealExistingCommand = async (
  config: ReturnType<typeof loadConfig>,
  database: Database,
  flags: Record<string, string>,
) => {
  const batchSize = Number(flags.batch ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new UsageError("--batch needs a number of rows from 1 to 10000.");
  const { fieldKey } = await loadKeyring(config.storage.keys, config.dataDir);
  const result = await sealExisting(database, deriveFieldKeys(fieldKey), { batchSize });
  console.log(formatSealExisting(result));
};

/** Exit 2 (like a configuration error) when the file cannot be read or has bad rows. */
const ikmCommand = async (rest: string[]) => {
  const file = rest[0];
  if (!file) throw new UsageError("ikm needs a CSV file, e.g. npm run lontar -- ikm survei.csv");
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    console.error(`Berkas ${file} tidak dapat dibaca (${error.code ?? error.message}).`);
    return null;
  });
  const parsed = text === null ? null : parseIkmCsv(text);
  if (parsed?.ok) return void console.log(formatIkmText(scoreIkm(parsed.responses), file));
  if (parsed) console.error(formatCsvErrorsText(parsed.errors, parsed.omitted, file));
  process.exitCode = 2;
};

run(process.argv.slice(2)).catch((error) => {
  if (error instanceof ChannelError) {
    console.error(error.message);
    process.exit(65);
  }
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(64);
  }
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
