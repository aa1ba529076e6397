import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createDemoFake, DEMO_NUMBER, FAKE_PREFIX, mountFake } from "./demo.ts";
import { refreshSlaFlags } from "./modules/applications/sla-flags.service.ts";
import { CatalogueError } from "./modules/catalogue/load.ts";
import { createCitizenService } from "./modules/conversations/citizen-service.ts";
import { releaseDeliveryLeases } from "./modules/inbox/inbox.repo.ts";
import { reloadOfficeCalendar } from "./modules/offices/calendar.service.ts";
import { approveDemoTemplates, seedDemo } from "./modules/offices/seed-demo.ts";
import { purgeDocuments, retentionPolicy } from "./modules/retention/retention.service.ts";
import { deriveFieldKeys } from "./modules/shared/field-crypto.ts";
import { migrate } from "./platform/db/migrate.ts";
import { openConfiguredDatabase } from "./platform/db/open.ts";
import { DataDirLockedError } from "./platform/db/pid-lock.ts";
import { safeError } from "./platform/http/log-safe.ts";
import { releaseAllClaims } from "./platform/queue/outbox.ts";
import { createBlobStore } from "./platform/storage/blob-store.ts";
import { loadKeyring } from "./platform/storage/keys.ts";
import { createCloudApi } from "./platform/whatsapp/cloud-api.ts";
import { simulatorRoutes } from "./sim/simulator/index.ts";

const main = async () => {
  const config = loadConfig();
  const { database, lock } = await openConfiguredDatabase(config);
  const applied = await migrate(database);
  // The pid lock proves no other process shares the embedded database: leases a killed run left are void.
  if (lock) {
    await releaseDeliveryLeases(database.db);
    await releaseAllClaims(database.db);
  }
  const seed = await seedDemo(database, {
    phoneNumberId: config.whatsapp.phoneNumberId,
    ...(config.simulator ? DEMO_NUMBER : {}),
  });
  // Field encryption keeps its own key through a rotation of the keys that wrap files (keys.ts).
  const { keys, fieldKey } = await loadKeyring(config.storage.keys, config.dataDir);
  const blobs = await createBlobStore(config, keys);
  const fieldKeys = deriveFieldKeys(fieldKey);
  const citizens = await createCitizenService({
    keys: fieldKeys,
    // Through the same redaction as every logged error: no SQL parameters, no digit runs (NIKs, phones).
    onBotError: (message) =>
      console.error(`bot error: ${safeError(new Error(message)).message.split("\n")[0]}`),
  });
  // The demo's fake Cloud API accepts every template; a real number's approvals are the admin's to record.
  if (config.simulator)
    await approveDemoTemplates(
      database,
      seed.officeId,
      citizens.catalogue.templates.map((t) => t.name),
    );
  // Office hours and holidays are data the admin edits in the desk; the running calendar follows them.
  const reloadCalendar = () => reloadOfficeCalendar(database, seed.officeId, citizens.deps.calendar);
  await reloadCalendar();

  let baseUrl = `http://127.0.0.1:${config.port}`;
  const fake = config.simulator ? createDemoFake(config, () => baseUrl) : undefined;
  const app = await buildApp({
    config,
    database,
    blobs,
    keys: fieldKeys,
    api: fake ? createCloudApi({ ...config.whatsapp, apiUrl: () => `${baseUrl}${FAKE_PREFIX}` }) : undefined,
    onMessage: citizens.onMessage,
    onMediaStored: citizens.onMediaStored,
    onMediaRefused: citizens.onMediaRefused,
    desk: { citizen: citizens.deps, notify: citizens.notify, notifyComplaint: citizens.notifyComplaint },
    periodic: [
      { everyMs: 60_000, run: () => citizens.runDraftTimers(database, config.drafts) },
      // Files past their retention (ended applications', chat files, complaint photos, data copies); hourly
      // is fine-grained enough for a days-long rule.
      {
        everyMs: 60 * 60_000,
        run: () =>
          purgeDocuments({
            database,
            blobs,
            policy: retentionPolicy(citizens.catalogue, config.retention.documentDays, config.retention),
            now: new Date(),
          }),
      },
      { everyMs: 60_000, run: () => refreshSlaFlags(database, citizens.deps.calendar) },
      // Complaints: auto-close after the reporter's reply window, escalation when a LAPOR! clock runs out.
      { everyMs: 60_000, run: () => citizens.runComplaintClocks(database) },
      // Another instance's admin changes reach this one within a minute.
      { everyMs: 60_000, run: reloadCalendar },
    ],
    plugins: fake
      ? [mountFake(fake), simulatorRoutes({ fake, phoneNumberId: config.whatsapp.phoneNumberId })]
      : [],
    workers: false,
  });
  const address = await app.http.listen({ port: config.port, host: config.host });
  const port = app.http.server.address();
  if (port && typeof port === "object") baseUrl = `http://127.0.0.1:${port.port}`;
  app.startWorkers();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.http.log.info(`${signal}: finishing in-flight work`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await app.stop();
    await fake?.close();
    await database.close();
    await lock?.release();
    process.exit(0);
  };
  // Before the banner: whoever waits for it may signal at once, and a signal that arrives before a handler
  // exists kills the process outright (the default action), skipping the clean shutdown.
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  printBanner({ address, config, seed, applied, baseUrl });
};

const printBanner = (o: {
  address: string;
  config: ReturnType<typeof loadConfig>;
  seed: Awaited<ReturnType<typeof seedDemo>>;
  applied: string[];
  baseUrl: string;
}) => {
  const lines = [
    "",
    "Lontar is running.",
    `  database:   ${o.config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${o.config.dataDir}`}`,
    `  migrations: ${o.applied.length > 0 ? `applied ${o.applied.join(", ")}` : "up to date"}`,
    `  webhook:    ${o.config.publicUrl}/webhooks/whatsapp`,
    `  desk:       ${o.baseUrl}/desk  (operators sign in at ${o.baseUrl}/login)`,
    `  public:     ${o.baseUrl}/  (the office's page, services, posters to print)`,
  ];
  if (o.config.simulator)
    lines.push(`  simulator:  ${o.baseUrl}/sim   (citizen phone; WhatsApp is simulated)`);
  if (o.seed.admin) {
    lines.push(
      "",
      "First admin account (shown once — write it down):",
      `  username: ${o.seed.admin.username}`,
      `  password: ${o.seed.admin.password}`,
      "  (you will be asked to change it at the first login)",
    );
  }
  console.log(`${lines.join("\n")}\n`);
};

main().catch((error) => {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof CatalogueError
  ) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
