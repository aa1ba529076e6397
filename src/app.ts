import { hostname } from "node:os";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { BroadcastSettings } from "./modules/broadcasts/campaigns.service.ts";
import { RATE_WINDOW_MS } from "./modules/broadcasts/planner.ts";
import { createCampaignRunner } from "./modules/broadcasts/runner.ts";
import type { DeskDeps } from "./modules/desk/context.ts";
import { deskRoutes } from "./modules/desk/desk.routes.ts";
import type { Refusal } from "./modules/documents/policy.ts";
import { pendingDeliveryCount, purgeDeliveries } from "./modules/inbox/inbox.repo.ts";
import { webhookRoutes } from "./modules/inbox/inbox.routes.ts";
import { createDeliveryStore } from "./modules/inbox/inbox.service.ts";
import { type InboxProcessor, startInboxProcessor } from "./modules/inbox/inbox.worker.ts";
import { createIngestGate } from "./modules/inbox/ingest-gate.ts";
import type { InboundHandler } from "./modules/messaging/inbound.service.ts";
import { createMediaHandler } from "./modules/messaging/media.handler.ts";
import { createSendHandler } from "./modules/messaging/send.handler.ts";
import { sealExistingOnce } from "./modules/privacy/seal-existing.ts";
import { officeRoutes } from "./modules/public/office.routes.tsx";
import { printablesRoutes } from "./modules/public/printables.routes.ts";
import { verifyRoutes } from "./modules/public/verify.routes.tsx";
import { createReceiptHandler } from "./modules/receipts/receipt.handler.ts";
import { createHealthRecorder, summariseClosedHours } from "./modules/reports/health.ts";
import { FOLD_BATCH, foldRollupDeltas } from "./modules/reports/rollups.repo.ts";
import type { FieldKeys } from "./modules/shared/field-crypto.ts";
import type { Database, Tx } from "./platform/db/client.ts";
import { pendingMigrations } from "./platform/db/migrate.ts";
import { createEventBus, type EventBus } from "./platform/events/bus.ts";
import { type ChangeSignal, createChangeSignal } from "./platform/events/changes.ts";
import { safeError } from "./platform/http/log-safe.ts";
import { createMetrics, type Metrics } from "./platform/http/metrics.ts";
import { createHttpServer } from "./platform/http/server.ts";
import { outboxStats } from "./platform/queue/outbox.ts";
import { type JobHandler, startWorkerPool, type WorkerPool } from "./platform/queue/worker.ts";
import type { BlobStore } from "./platform/storage/blob-store.ts";
import { type CloudApi, createCloudApi } from "./platform/whatsapp/cloud-api.ts";

export type AppOptions = {
  config: Config;
  database: Database;
  blobs: BlobStore;
  /** Field keys (deriveFieldKeys of the master key): chat contents and raw webhook payloads are sealed with them. */
  keys: FieldKeys;
  /** Defaults to the Cloud API at config.whatsapp.apiUrl. */
  api?: CloudApi;
  onMessage?: InboundHandler;
  onMediaStored?: (tx: Tx, messageId: string, blobId: string) => Promise<void>;
  /** A file the media policy refused (documents/policy.ts): the citizen service takes it back and says why. */
  onMediaRefused?: (tx: Tx, messageId: string, refusal: Refusal) => Promise<void>;
  /** Background chores run every `everyMs` while the workers run (draft reminders, …). */
  periodic?: Array<{ everyMs: number; run: () => Promise<unknown> }>;
  /** Extra routes (the demo's fake Cloud API and phone simulator). */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
  logger?: boolean;
  logStream?: NodeJS.WritableStream;
  /** After an ambiguous send failure, how long to wait for a status webhook before resending. */
  reconcileDelayMs?: number;
  /** Workers off: tests drive the queues themselves. */
  workers?: boolean;
  instanceId?: string;
  /** The operators' desk at /desk (off in tests of the channel alone). */
  desk?: Pick<DeskDeps, "citizen" | "notify" | "notifyComplaint">;
};

export type App = {
  http: FastifyInstance;
  bus: EventBus;
  changes: ChangeSignal;
  metrics: Metrics;
  api: CloudApi;
  startWorkers(): void;
  stop(): Promise<void>;
};

/** The composition root minus process concerns (config loading, locks, signals): tests build it too. */
export const buildApp = async (o: AppOptions): Promise<App> => {
  const { config, database } = o;
  const http = await createHttpServer({
    logLevel: config.logLevel,
    logger: o.logger,
    logStream: o.logStream,
  });
  const bus = await createEventBus(database);
  const changes = createChangeSignal(bus);
  const metrics = createMetrics();
  const api = o.api ?? createCloudApi(config.whatsapp);
  const counters = registerMetrics(metrics, database);
  const broadcasts: BroadcastSettings = {
    ...config.broadcasts,
    defaultRatePerSecond: config.outbox.ratePerSecond,
  };
  let outboxPool: WorkerPool | undefined;
  let inbox: InboxProcessor | undefined;
  let timers: NodeJS.Timeout[] = [];
  const backfill = { abort: new AbortController(), done: Promise.resolve() };

  const health = createHealthRecorder(database, o.instanceId ?? `${hostname()}:${process.pid}`);
  // Before the routes, so the hook applies to the webhook route registered below.
  http.addHook("onResponse", async (req, reply) => {
    if (req.method === "POST" && req.routeOptions.url === "/webhooks/whatsapp")
      health.noteWebhook(reply.statusCode);
  });

  const gate = createIngestGate();
  await http.register(
    webhookRoutes({
      gate,
      storeDelivery: createDeliveryStore(database, o.keys),
      bus,
      appSecret: config.whatsapp.appSecret,
      verifyToken: config.whatsapp.verifyToken,
      bodyLimitBytes: config.webhook.bodyLimitBytes,
      requests: counters.webhookRequests,
      latency: counters.webhookLatency,
    }),
  );
  http.get("/healthz", async () => ({ status: "ok" }));
  http.get("/readyz", async (_req, reply) => {
    const checks = await readiness(database, () => Boolean(outboxPool?.running && inbox?.running));
    return reply.code(checks.ready ? 200 : 503).send(checks);
  });
  http.get("/metrics", async (_req, reply) =>
    reply.type("text/plain; version=0.0.4").send(await metrics.render()),
  );
  if (o.desk) {
    const { secureCookies, ...policy } = config.desk;
    const deps: DeskDeps = {
      ...o.desk,
      database,
      bus,
      changes,
      blobs: o.blobs,
      policy,
      secureCookies,
      retentionDays: config.retention.documentDays,
      retentionUnlinked: config.retention,
      broadcasts,
    };
    await http.register(deskRoutes(deps));
    // Public pages (receipt verification, the office's pages, printables) show the citizen service's catalogue.
    const site = {
      database,
      catalogue: o.desk.citizen.catalogue,
      publicUrl: config.publicUrl,
      now: o.desk.citizen.now,
    };
    await http.register(verifyRoutes(site));
    await http.register(officeRoutes(site));
    await http.register(printablesRoutes(site));
  }
  for (const plugin of o.plugins ?? []) await http.register(plugin);

  const startWorkers = () => {
    const onError = (error: unknown) => http.log.error({ err: safeError(error) }, "background work failed");
    // Raw payloads are kept for replay for WEBHOOK_RETENTION_DAYS, then deleted (they hold personal data).
    const purge = () => purgeDeliveries(database.db, config.webhook.retentionDays).catch(onError);
    void purge();
    // Broadcast campaigns queue their next batch each rate window (modules/broadcasts/runner.ts).
    const campaigns = createCampaignRunner({
      database,
      keys: o.keys,
      settings: broadcasts,
      onChanged: changes.changed,
      wake: () => bus.publish("outbox"),
    });
    // The report reads closed hours from health_hours; each minute summarises the next batch of them.
    const sampleHealth = () =>
      health
        .flush()
        .then(() => summariseClosedHours(database.db, new Date()))
        .catch(onError);
    // Events insert rollup deltas (no hot rows to wait on); fold them into daily_rollups in the background.
    const fold = async () => {
      while ((await foldRollupDeltas(database.db)) === FOLD_BATCH);
    };
    void sampleHealth();
    // Values an older version wrote in clear are sealed at rest, page by page, behind the webhook path.
    backfill.done = sealExistingOnce(database, o.keys, { pauseMs: 20, signal: backfill.abort.signal }).then(
      () => undefined,
      onError,
    );
    timers = [
      setInterval(purge, 60 * 60 * 1000).unref(),
      setInterval(sampleHealth, 60 * 1000).unref(),
      setInterval(() => void fold().catch(onError), 10 * 1000).unref(),
      setInterval(() => void campaigns.tick().catch(onError), RATE_WINDOW_MS).unref(),
      ...(o.periodic ?? []).map((p) => setInterval(() => void p.run().catch(onError), p.everyMs).unref()),
    ];
    inbox = startInboxProcessor({
      database,
      gate,
      keys: o.keys,
      bus,
      onMessage: o.onMessage,
      count: counters.countItem,
      onError,
      onChanged: changes.changed,
    });
    outboxPool = startWorkerPool({
      database,
      bus,
      workers: config.outbox.workers,
      leaseMs: config.outbox.leaseMs,
      retryBaseMs: config.outbox.retryBaseMs,
      instanceId: o.instanceId,
      onError,
      handlers: signalling(changes, {
        send: createSendHandler({
          database,
          keys: o.keys,
          api,
          blobs: o.blobs,
          reconcileDelayMs: o.reconcileDelayMs,
          ...config.outbox,
          count: counters.countSend,
        }),
        download_media: createMediaHandler({
          database,
          keys: o.keys,
          api,
          blobs: o.blobs,
          retryBaseMs: config.outbox.retryBaseMs,
          onStored: o.onMediaStored,
          onRefused: o.onMediaRefused,
          limits: config.media,
        }),
        send_receipt: createReceiptHandler({
          database,
          keys: o.keys,
          blobs: o.blobs,
          publicUrl: config.publicUrl,
          retryBaseMs: config.outbox.retryBaseMs,
        }),
      }),
    });
  };
  if (o.workers !== false) startWorkers();

  return {
    http,
    bus,
    changes,
    metrics,
    api,
    startWorkers,
    // Order matters: stop taking requests, finish what is in flight, hand back claimed rows, then the bus.
    async stop() {
      for (const timer of timers) clearInterval(timer);
      backfill.abort.abort();
      await http.close();
      await Promise.all([inbox?.stop(), outboxPool?.stop(), backfill.done]);
      await bus.close();
    },
  };
};

/** A send or a download changes what the desk shows (ticks, a page arriving): tell the office's desks. */
const signalling = <K extends string>(changes: ChangeSignal, handlers: Record<K, JobHandler>) =>
  Object.fromEntries(
    Object.entries<JobHandler>(handlers).map(([kind, handle]) => [
      kind,
      async (row: Parameters<JobHandler>[0]) => {
        const result = await handle(row);
        changes.changed(row.office_id);
        return result;
      },
    ]),
  ) as Record<K, JobHandler>;

const registerMetrics = (metrics: Metrics, database: Database) => {
  const webhookRequests = metrics.counter("lontar_webhook_requests_total", "Webhook POSTs by HTTP status");
  const webhookLatency = metrics.histogram(
    "lontar_webhook_duration_seconds",
    "Webhook POST handling time",
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  const items = metrics.counter("lontar_webhook_items_total", "Webhook items ingested by kind and outcome");
  const sends = metrics.counter("lontar_outbox_sends_total", "Send attempts by result and Graph error code");
  metrics.gauge("lontar_outbox_depth", "Outbox rows waiting to be sent", async () => [
    [{}, (await outboxStats(database.db)).depth],
  ]);
  metrics.gauge("lontar_outbox_oldest_age_seconds", "Age of the oldest unsent outbox row", async () => [
    [{}, (await outboxStats(database.db)).oldest_seconds ?? 0],
  ]);
  metrics.gauge(
    "lontar_webhook_pending_deliveries",
    "Stored webhook deliveries not yet processed",
    async () => [[{}, await pendingDeliveryCount(database.db)]],
  );
  return {
    webhookRequests,
    webhookLatency,
    countItem: (kind: string, outcome: string) => items.inc({ kind, outcome }),
    countSend: (result: string, code?: number) => sends.inc({ result, code: code ?? "" }),
  };
};

const readiness = async (database: Database, workersRunning: () => boolean) => {
  const checks = { database: false, migrations: false, workers: workersRunning(), ready: false };
  try {
    checks.migrations = (await pendingMigrations(database)).length === 0;
    checks.database = true;
  } catch {
    checks.database = false;
  }
  checks.ready = checks.database && checks.migrations && checks.workers;
  return checks;
};
