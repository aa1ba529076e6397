/**
 * Starts the whole Lontar demo in-process, wired exactly like src/main.ts (fake Cloud API on Lontar's
 * own port, real webhooks, real outbox), but on an in-memory PGlite and a random port, for browser tests.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, buildApp } from "../../src/app.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { createDemoFake, DEMO_NUMBER, FAKE_PREFIX, mountFake } from "../../src/demo.ts";
import { createCitizenService } from "../../src/modules/conversations/citizen-service.ts";
import { approveDemoTemplates, seedDemo } from "../../src/modules/offices/seed-demo.ts";
import { deriveFieldKeys } from "../../src/modules/shared/field-crypto.ts";
import { type Database, openPglite } from "../../src/platform/db/client.ts";
import { migrate } from "../../src/platform/db/migrate.ts";
import { createBlobStore } from "../../src/platform/storage/blob-store.ts";
import { createCloudApi } from "../../src/platform/whatsapp/cloud-api.ts";
import type { FakeCloudApi } from "../../src/sim/fake/index.ts";
import { simulatorRoutes } from "../../src/sim/simulator/index.ts";

export type Demo = {
  baseUrl: string;
  config: Config;
  app: App;
  fake: FakeCloudApi;
  database: Database;
  close(): Promise<void>;
};

export const startDemo = async (overrides: Partial<Config> = {}): Promise<Demo> => {
  const dir = await mkdtemp(path.join(tmpdir(), "lontar-e2e-"));
  // An empty environment is simulator mode, like a fresh `npm start`.
  const config: Config = { ...loadConfig({}, dir), port: 0, ...overrides };
  const database = await openPglite(); // no dataDir: in memory
  await migrate(database);
  const { officeId } = await seedDemo(database, {
    phoneNumberId: config.whatsapp.phoneNumberId,
    ...DEMO_NUMBER,
  });
  const key = randomBytes(32);
  const blobs = await createBlobStore(config, { current: { id: "test", key }, old: [] });
  const keys = deriveFieldKeys(key);
  const citizens = await createCitizenService({ keys });
  // As src/main.ts does in simulator mode: the fake accepts every template, so the demo approves them all.
  await approveDemoTemplates(
    database,
    officeId,
    citizens.catalogue.templates.map((t) => t.name),
  );

  let baseUrl = "http://127.0.0.1:0";
  const fake = createDemoFake(config, () => baseUrl);
  const app = await buildApp({
    config,
    database,
    blobs,
    keys,
    api: createCloudApi({ ...config.whatsapp, apiUrl: () => `${baseUrl}${FAKE_PREFIX}` }),
    onMessage: citizens.onMessage,
    onMediaStored: citizens.onMediaStored,
    onMediaRefused: citizens.onMediaRefused,
    desk: { citizen: citizens.deps, notify: citizens.notify, notifyComplaint: citizens.notifyComplaint },
    plugins: [mountFake(fake), simulatorRoutes({ fake, phoneNumberId: config.whatsapp.phoneNumberId })],
    workers: false,
    logger: false,
  });
  await app.http.listen({ port: 0, host: "127.0.0.1" });
  const address = app.http.server.address();
  if (!address || typeof address !== "object") throw new Error("Lontar did not start listening");
  baseUrl = `http://127.0.0.1:${address.port}`;
  app.startWorkers();

  return {
    baseUrl,
    config,
    app,
    fake,
    database,
    async close() {
      await app.stop();
      await fake.close();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
