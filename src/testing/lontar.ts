import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, type AppOptions, buildApp } from "../app.ts";
import { type Config, loadConfig } from "../config.ts";
import { DEMO_NUMBER } from "../demo.ts";
import { createCitizenService } from "../modules/conversations/citizen-service.ts";
import type { InboundHandler } from "../modules/messaging/inbound.service.ts";
import { seedDemo } from "../modules/offices/seed-demo.ts";
import { deriveFieldKeys, type FieldKeys } from "../modules/shared/field-crypto.ts";
import type { Database } from "../platform/db/client.ts";
import { type BlobStore, createBlobStore } from "../platform/storage/blob-store.ts";
import { createCloudApi } from "../platform/whatsapp/cloud-api.ts";
import { createFakeCloudApi, type FakeCloudApi, type FakeCloudApiOptions } from "../sim/fake/index.ts";

export type CitizenService = Awaited<ReturnType<typeof createCitizenService>>;

export const TEST_PHONE_NUMBER_ID = "100000000000001";

export type RunningLontar = {
  app: App;
  fake: FakeCloudApi;
  config: Config;
  baseUrl: string;
  /** Where the standalone fake Cloud API listens. */
  fakeUrl: string;
  blobs: BlobStore;
  /** The field keys the app seals with (derived from the master key). */
  keys: FieldKeys;
  /** Present with `citizen: true`. */
  citizens?: CitizenService;
  officeId: string;
  channelId: string;
  stop(): Promise<void>;
};

/**
 * A whole Lontar on a random port, talking over real HTTP to a standalone fake Cloud API that sends
 * signed webhooks back. The database is the caller's (see describeEachDatabase).
 */
export const startLontar = async (
  database: Database,
  o: {
    onMessage?: InboundHandler;
    onMediaStored?: AppOptions["onMediaStored"];
    /** The blob store's master key (the citizen service derives its field keys from the same key). */
    masterKey?: Buffer;
    fake?: Partial<FakeCloudApiOptions>;
    outbox?: Partial<Config["outbox"]>;
    workers?: boolean;
    instanceId?: string;
    seed?: boolean;
    reconcileDelayMs?: number;
    /** The whole citizen service (bot, media hook) and the operators' desk, as main.ts wires them. */
    citizen?: boolean;
    /** Logs at LOG_LEVEL go here instead of nowhere (tests that read what Lontar logs). */
    logStream?: NodeJS.WritableStream;
    /** Extra environment for loadConfig (LONTAR_LOGIN_RATE_PER_MINUTE, …). */
    env?: Record<string, string>;
  } = {},
): Promise<RunningLontar> => {
  const base = loadConfig({
    LONTAR_DATA_DIR: await mkdtemp(path.join(tmpdir(), "lontar-test-")),
    LOG_LEVEL: "silent",
    ...o.env,
  });
  const config: Config = { ...base, port: 0, outbox: { ...base.outbox, ...o.outbox } };
  const seed =
    o.seed === false
      ? undefined
      : await seedDemo(database, { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER });
  let baseUrl = "";
  const fake = createFakeCloudApi({
    appSecret: config.whatsapp.appSecret,
    accessToken: config.whatsapp.accessToken,
    apiVersion: config.whatsapp.apiVersion,
    webhookUrl: () => `${baseUrl}/webhooks/whatsapp`,
    numbers: [{ phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER }],
    statuses: { auto: true, delaysMs: [5, 10, 20] },
    webhookRetry: { attempts: 3, baseDelayMs: 50 },
    ...o.fake,
  });
  const fakeUrl = await fake.listen();
  const masterKey = o.masterKey ?? randomBytes(32);
  // LONTAR_STORAGE=s3 in `env` puts the files in a bucket, as configured in production.
  const blobs = await createBlobStore(config, { current: { id: "test", key: masterKey }, old: [] });
  const keys = deriveFieldKeys(masterKey);
  const citizens = o.citizen ? await createCitizenService({ keys }) : undefined;
  const app = await buildApp({
    config,
    database,
    blobs,
    keys,
    api: createCloudApi({ ...config.whatsapp, apiUrl: fakeUrl }),
    onMessage: o.onMessage ?? citizens?.onMessage,
    onMediaStored: o.onMediaStored ?? citizens?.onMediaStored,
    onMediaRefused: citizens?.onMediaRefused,
    desk: citizens && {
      citizen: citizens.deps,
      notify: citizens.notify,
      notifyComplaint: citizens.notifyComplaint,
    },
    logger: o.logStream !== undefined,
    logStream: o.logStream,
    workers: false,
    instanceId: o.instanceId,
    reconcileDelayMs: o.reconcileDelayMs,
  });
  await app.http.listen({ port: 0, host: "127.0.0.1" });
  const address = app.http.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  if (o.workers !== false) app.startWorkers();
  return {
    app,
    fake,
    config,
    baseUrl,
    fakeUrl,
    blobs,
    keys,
    citizens,
    officeId: seed?.officeId ?? "",
    channelId: seed?.channelId ?? "",
    stop: async () => {
      await app.stop();
      await fake.close();
    },
  };
};

/** Polls until `check` returns a truthy value or the deadline passes (then the last error is thrown). */
export const eventually = async <T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw last instanceof Error ? last : new Error(`condition not met within ${timeoutMs} ms`);
};
