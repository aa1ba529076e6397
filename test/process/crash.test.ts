import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { loadConfig } from "../../src/config.ts";
import { DEMO_NUMBER } from "../../src/demo.ts";
import { type Database, openPglite, rows } from "../../src/platform/db/client.ts";
import { openTestDatabase, testBackends } from "../../src/platform/db/testing.ts";
import { asciiJson, signatureHeader } from "../../src/platform/whatsapp/signature.ts";
import { createFakeCloudApi } from "../../src/sim/fake/index.ts";
import { freePort, startLontarProcess, waitForOutput } from "./spawn.ts";

// A secret of its own: other test files' fakes retry signed webhooks to ports that may be handed to this test's
// processes next, and such a stray delivery would be stored here (and still be pending at the final count).
const APP_SECRET = randomBytes(16).toString("hex");
const demo = loadConfig({ WHATSAPP_APP_SECRET: APP_SECRET });
const builder = createFakeCloudApi({
  appSecret: demo.whatsapp.appSecret,
  accessToken: "unused",
  webhookUrl: "http://127.0.0.1:9/unused",
  numbers: [{ phoneNumberId: demo.whatsapp.phoneNumberId, ...DEMO_NUMBER }],
});

/** Fires signed single-message webhooks until told to stop; returns the wamids that were answered 200. */
const webhookLoad = (port: number) => {
  const acknowledged: string[] = [];
  let stop = false;
  let sent = 0;
  const worker = async () => {
    while (!stop) {
      const i = sent++;
      const { payload, wamid } = builder.buildInbound({
        phoneNumberId: demo.whatsapp.phoneNumberId,
        from: `6281300${String(i % 500).padStart(5, "0")}`,
        message: { type: "text", body: `pesan ke-${i}` },
      });
      const body = asciiJson(payload);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/webhooks/whatsapp`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-hub-signature-256": signatureHeader(body, demo.whatsapp.appSecret),
          },
          body,
        });
        if (response.status === 200) acknowledged.push(wamid);
      } catch {
        // the process was killed mid-request: no 200, so Meta would retry; nothing was promised
      }
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  return {
    acknowledged,
    stop: async () => {
      stop = true;
      await Promise.all(workers);
    },
  };
};

const storedWamids = async (database: Database) =>
  new Set(
    (await rows<{ wamid: string }>(database.db, sql`SELECT wamid FROM messages WHERE direction = 'in'`)).map(
      (r) => r.wamid,
    ),
  );

const pendingDeliveries = async (database: Database) =>
  (
    await rows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NULL`,
    )
  )[0]!.n;

/** The restarted instance reports its backlog on /metrics; wait until it has worked through it. */
const waitUntilProcessed = async (port: number) => {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    if (/^lontar_webhook_pending_deliveries 0$/m.test(metrics)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the restarted Lontar did not process its backlog in time");
};

for (const backend of testBackends()) {
  test(`SIGKILL during a webhook load loses no acknowledged message, and processing resumes [${backend}]`, {
    timeout: 240_000,
  }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-crash-"));
    const pg = backend === "postgres" ? await openTestDatabase("postgres") : undefined;
    const env = {
      LONTAR_DATA_DIR: dataDir,
      WHATSAPP_APP_SECRET: APP_SECRET,
      ...(pg?.url ? { DATABASE_URL: pg.url } : {}),
    };

    const port = await freePort();
    const first = startLontarProcess({ ...env, PORT: String(port) });
    await waitForOutput(first, "Lontar is running.");
    const load = webhookLoad(port);
    while (load.acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
    first.child.kill("SIGKILL");
    await first.exited;
    await load.stop();

    const secondPort = await freePort();
    const second = startLontarProcess({ ...env, PORT: String(secondPort) });
    await waitForOutput(second, "Lontar is running.");
    await waitUntilProcessed(secondPort);
    if (pg) {
      // PostgreSQL can be read while Lontar runs: a row the killed instance had claimed comes back when its lease
      // expires (30 s), so wait for the database itself to show no pending delivery.
      // The killed instance's server sessions may still commit a delivery they had received a moment after the
      // kill; such a row was never acknowledged, and the running instance picks it up at its next poll (2 s). So
      // the backlog must be empty twice, 3 s apart.
      const deadline = Date.now() + 90_000;
      const drained = async () => {
        while ((await pendingDeliveries(pg)) > 0 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 250));
      };
      await drained();
      await new Promise((r) => setTimeout(r, 3000));
      await drained();
    }
    second.child.kill("SIGTERM");
    assert.equal(await second.exited, 0);
    // The embedded database belongs to the running process, so it is read only after the process stopped.
    const database: Database = pg ?? (await openPglite(path.join(dataDir, "pglite")));
    try {
      const stored = await storedWamids(database);
      const lost = load.acknowledged.filter((w) => !stored.has(w));
      assert.deepEqual(
        lost,
        [],
        `${lost.length} of ${load.acknowledged.length} acknowledged messages were lost`,
      );
      const pending = await rows<Record<string, unknown>>(
        database.db,
        sql`SELECT id, received_at, attempts, locked_until, now() AS checked_at FROM webhook_deliveries
            WHERE processed_at IS NULL`,
      );
      assert.deepEqual(pending, [], "every stored delivery was processed after the restart");
    } finally {
      if (pg) await pg.drop();
      else await database.close();
    }
  });
}
