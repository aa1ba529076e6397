import { rm } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { DEMO_NUMBER } from "../src/demo.ts";
import { resolveContact } from "../src/modules/messaging/inbound.service.ts";
import { type Conversation, lockConversation } from "../src/modules/messaging/messaging.repo.ts";
import { callbackDataFor, queueMessage } from "../src/modules/messaging/outbound.service.ts";
import { type Database, rows } from "../src/platform/db/client.ts";
import { textMessage } from "../src/platform/whatsapp/builders.ts";
import type { OutboundMessage } from "../src/platform/whatsapp/types.ts";
import { createFakeCloudApi } from "../src/sim/fake/index.ts";
import { type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../src/testing/lontar.ts";
import { type Backend, openLontarDatabase } from "./databases.ts";
import { vacuum } from "./ingest.ts";

export type SendsSettings = {
  messages: number;
  citizens: number;
  txSize: number;
  timeoutS: number;
  /** VACUUM ANALYZE after queueing, standing in for autovacuum on a server that has it off. */
  vacuum: boolean;
};

export type SendsResult = {
  backend: Backend;
  messages: number;
  workers: number;
  queueS: number;
  /** The same bodies POSTed straight to the fake with fetch, `workers` at a time. */
  baseline: { seconds: number; msgsPerSec: number; ok: number; failed: number };
  lontar: { seconds: number; msgsPerSec: number; done: number; notDone: number; acceptedByFake: number };
  ratio: number;
  flags: string[];
};

type Queued = { outboxId: number; body: OutboundMessage };

const queueAll = async (database: Database, lontar: RunningLontar, s: SendsSettings): Promise<Queued[]> => {
  const { officeId, channelId } = lontar;
  const to = (i: number) => `62813${String(i % s.citizens).padStart(7, "0")}`;
  const conversations: Conversation[] = [];
  for (let start = 0; start < s.citizens; start += s.txSize) {
    await database.db.transaction(async (tx) => {
      for (let i = start; i < Math.min(s.citizens, start + s.txSize); i++) {
        const contact = await resolveContact(tx, lontar.keys, officeId, { waId: to(i) });
        conversations.push(await lockConversation(tx, { officeId, contactId: contact.id, channelId }));
      }
    });
  }
  const queued: Queued[] = [];
  for (let start = 0; start < s.messages; start += s.txSize) {
    await database.db.transaction(async (tx) => {
      for (let i = start; i < Math.min(s.messages, start + s.txSize); i++) {
        const body = textMessage({
          to: to(i),
          body: `Dokumen Anda nomor ${i} sudah selesai dan bisa diambil.`,
        });
        const conversation = conversations[i % s.citizens]!;
        const { outboxId } = await queueMessage(tx, lontar.keys, { conversation, recipient: to(i), body });
        queued.push({ outboxId, body });
      }
    });
  }
  return queued;
};

/** What the worker does on the wire, without the outbox: same client code path (fetch, JSON), same concurrency. */
const rawSends = async (lontar: RunningLontar, queued: Queued[], concurrency: number) => {
  const { config } = lontar;
  const fake = createFakeCloudApi({
    appSecret: config.whatsapp.appSecret,
    accessToken: config.whatsapp.accessToken,
    apiVersion: config.whatsapp.apiVersion,
    webhookUrl: "http://127.0.0.1:9/unused",
    numbers: [{ phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER }],
    statuses: { auto: false },
  });
  const url = `${await fake.listen()}/${config.whatsapp.apiVersion}/${TEST_PHONE_NUMBER_ID}/messages`;
  const headers = {
    authorization: `Bearer ${config.whatsapp.accessToken}`,
    "content-type": "application/json",
  };
  let next = 0;
  let ok = 0;
  let failed = 0;
  let started = performance.now();
  const worker = async (list: Queued[]) => {
    while (next < list.length) {
      const { outboxId, body } = list[next++]!;
      const payload = { ...body, biz_opaque_callback_data: callbackDataFor(outboxId) };
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(20_000),
      }).catch(() => undefined);
      const text = await response?.text().catch(() => "");
      if (response?.ok && JSON.parse(text ?? "{}").messages) ok += 1;
      else failed += 1;
    }
  };
  try {
    // Warm up fetch and the JIT first: cold, the first 1,000 sends ran at a third of the warm rate.
    await Promise.all(Array.from({ length: concurrency }, () => worker(queued.slice(0, 200))));
    [next, ok, failed, started] = [0, 0, 0, performance.now()];
    await Promise.all(Array.from({ length: concurrency }, () => worker(queued)));
  } finally {
    await fake.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, msgsPerSec: ok / seconds, ok, failed };
};

const notDone = async (database: Database) =>
  (
    await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM outbox WHERE status <> 'done'`)
  )[0]?.n ?? 0;

export const benchSends = async (backend: Backend, s: SendsSettings): Promise<SendsResult> => {
  const database = await openLontarDatabase(backend);
  const lontar = await startLontar(database, {
    workers: false,
    outbox: { ratePerSecond: 0, perRecipientIntervalMs: 0 },
    fake: { statuses: { auto: false } },
  });
  const flags: string[] = [];
  try {
    const workers = lontar.config.outbox.workers;
    const queuedAt = performance.now();
    const queued = await queueAll(database, lontar, s);
    const queueS = (performance.now() - queuedAt) / 1000;
    if (s.vacuum) await vacuum(database);
    const baseline = await rawSends(lontar, queued, workers);
    if (baseline.failed > 0) flags.push(`baseline: ${baseline.failed} sends failed`);

    const started = performance.now();
    lontar.app.startWorkers();
    let left = queued.length;
    while (left > 0 && performance.now() - started < s.timeoutS * 1000) {
      await new Promise((r) => setTimeout(r, 50));
      left = await notDone(database);
    }
    const seconds = (performance.now() - started) / 1000;
    const done = queued.length - left;
    if (left > 0) flags.push(`${left} outbox rows not done after ${s.timeoutS} s`);
    const acceptedByFake = lontar.fake.stats().accepted;
    if (acceptedByFake !== queued.length) flags.push(`fake accepted ${acceptedByFake} of ${queued.length}`);
    const msgsPerSec = done / seconds;
    return {
      backend,
      messages: queued.length,
      workers,
      queueS,
      baseline,
      lontar: { seconds, msgsPerSec, done, notDone: left, acceptedByFake },
      ratio: msgsPerSec / baseline.msgsPerSec,
      flags,
    };
  } finally {
    await lontar.stop();
    await database.close();
    // startLontar makes a temporary data folder (blobs) and leaves it to its caller.
    await rm(lontar.config.dataDir, { recursive: true, force: true });
  }
};
