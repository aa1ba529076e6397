import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { type Database, openPostgres, rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { createEventBus } from "../../platform/events/bus.ts";
import { startWorkerPool } from "../../platform/queue/worker.ts";
import { createFsBlobStore } from "../../platform/storage/blob-store.ts";
import { textMessage } from "../../platform/whatsapp/builders.ts";
import { createCloudApi } from "../../platform/whatsapp/cloud-api.ts";
import { eventually, type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { resolveContact } from "./inbound.service.ts";
import { createMediaHandler } from "./media.handler.ts";
import { lockConversation } from "./messaging.repo.ts";
import { callbackDataFor, queueMessage } from "./outbound.service.ts";
import { createSendHandler } from "./send.handler.ts";

/** Two instances sharing one database: two pools, each with its own connections, bus and rate limiter. */
const startInstance = async (
  database: Database,
  lontar: RunningLontar,
  fakeUrl: string,
  instanceId: string,
) => {
  const bus = await createEventBus(database);
  const api = createCloudApi({ ...lontar.config.whatsapp, apiUrl: fakeUrl });
  const blobs = createFsBlobStore("/tmp/unused-blobs", { id: "t", key: randomBytes(32) });
  const pool = startWorkerPool({
    database,
    bus,
    workers: 4,
    leaseMs: 30_000,
    instanceId,
    pollMs: 200,
    handlers: {
      send: createSendHandler({
        database,
        keys: lontar.keys,
        api,
        blobs,
        ratePerSecond: 0,
        perRecipientIntervalMs: 0,
        retryBaseMs: 50,
      }),
      download_media: createMediaHandler({ database, keys: lontar.keys, api, blobs, retryBaseMs: 50 }),
    },
  });
  return {
    stop: async () => {
      await pool.stop();
      await bus.close();
    },
  };
};

describeEachDatabase("outbox under two instances", (database) => {
  let lontar: RunningLontar;
  // The issue asks for 5,000 on PostgreSQL; PGlite (one office, one process) gets a tenth of that.
  const total = () => (database().name === "postgres" ? 5_000 : 500);

  before(async () => {
    lontar = await startLontar(database(), { workers: false, fake: { statuses: { auto: false } } });
  });
  after(async () => lontar.stop());

  test("every message arrives once; any duplicate is explained by a reclaimed lease", {
    timeout: 240_000,
  }, async () => {
    const n = total();
    const outboxIds: number[] = [];
    for (let start = 0; start < n; start += 500) {
      const ids = await database().db.transaction(async (tx) => {
        const made: number[] = [];
        for (let i = start; i < Math.min(n, start + 500); i++) {
          const to = `62813${String(i % 1000).padStart(7, "0")}`;
          const contact = await resolveContact(tx, lontar.keys, lontar.officeId, { waId: to });
          const conversation = await lockConversation(tx, {
            officeId: lontar.officeId,
            contactId: contact.id,
            channelId: lontar.channelId,
          });
          made.push(
            (
              await queueMessage(tx, lontar.keys, {
                conversation,
                recipient: to,
                body: textMessage({ to, body: `pesan ${i}` }),
              })
            ).outboxId,
          );
        }
        return made;
      });
      outboxIds.push(...ids);
    }
    const fakeUrl = lontar.fakeUrl;
    const second = database().name === "postgres" ? await openPostgres(database().url!, 10) : database();
    const instances = [
      await startInstance(database(), lontar, fakeUrl, "instance-a"),
      await startInstance(second, lontar, fakeUrl, "instance-b"),
    ];
    try {
      await eventually(async () => {
        const [row] = await rows<{ n: number }>(
          database().db,
          sql`SELECT count(*)::int AS n FROM outbox WHERE status <> 'done'`,
        );
        return row!.n === 0;
      }, 200_000);
    } finally {
      for (const instance of instances) await instance.stop();
      if (second !== database()) await second.close();
    }
    const received = lontar.fake.received.flatMap((r) =>
      r.kind === "message" ? [r.body.biz_opaque_callback_data] : [],
    );
    const counts = new Map<string, number>();
    for (const id of received) counts.set(String(id), (counts.get(String(id)) ?? 0) + 1);
    const missing = outboxIds.filter((id) => !counts.has(callbackDataFor(id)));
    assert.deepEqual(missing, [], "every queued message reached the Cloud API");
    const duplicated = [...counts].filter(([, c]) => c > 1).map(([id]) => Number(id.split(":").pop()));
    // A duplicate can only come from a row claimed twice (a lease that expired mid-send): it shows as attempts > 1.
    const explained = duplicated.length
      ? await rows<{ id: number; attempts: number }>(
          database().db,
          sql`SELECT id, attempts FROM outbox WHERE id = ANY(${duplicated})`,
        )
      : [];
    assert.ok(
      explained.every((r) => r.attempts > 1),
      `unexplained duplicates: ${JSON.stringify(explained)}`,
    );
    const byInstance = await rows<{ instance: string; n: number }>(
      database().db,
      sql`SELECT split_part(locked_by, ':', 1) AS instance, count(*)::int AS n FROM outbox GROUP BY 1 ORDER BY 1`,
    );
    console.log(
      `# ${n} messages, ${duplicated.length} duplicates; sent per instance: ${JSON.stringify(byInstance)}`,
    );
    assert.equal(received.length, n + duplicated.length);
    assert.equal(byInstance.length, 2, "both instances took a share of the work");
  });
});
