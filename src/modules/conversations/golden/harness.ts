import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { type App, buildApp } from "../../../app.ts";
import { loadConfig } from "../../../config.ts";
import { DEMO_NUMBER } from "../../../demo.ts";
import { type Database, rows, type Tx } from "../../../platform/db/client.ts";
import { type BlobStore, createBlobStore } from "../../../platform/storage/blob-store.ts";
import { type CloudApi, createCloudApi, GraphRequestError } from "../../../platform/whatsapp/cloud-api.ts";
import type { OutboundMessage } from "../../../platform/whatsapp/types.ts";
import { createFakeCloudApi, type FakeCloudApi } from "../../../sim/fake/index.ts";
import type { InboundMessageInput } from "../../../sim/fake/types.ts";
import { eventually, TEST_PHONE_NUMBER_ID } from "../../../testing/lontar.ts";
import { jpeg as sampleJpeg, pdf as samplePdf } from "../../documents/testing.ts";
import { seedDemo } from "../../offices/seed-demo.ts";
import { createOperator } from "../../operators/operators.service.ts";
import type { Actor } from "../../shared/actor.ts";
import { deriveFieldKeys } from "../../shared/field-crypto.ts";
import { createCitizenService } from "../citizen-service.ts";
import { normalise, officeBlock, optionsOf, renderOffice } from "./transcript.ts";

export type CitizenService = Awaited<ReturnType<typeof createCitizenService>>;
type Sent = { wamid: string; body: OutboundMessage };
type FileOptions = {
  waitForDownload?: boolean /** The file itself (default: a small valid JPEG or PDF, different every time). */;
  bytes?: Buffer;
};

export type Citizen = {
  phone: string;
  say(text: string): Promise<void>;
  /** Taps a button or list row of the latest office message that has options. */
  tap(id: string): Promise<void>;
  /** Taps an option of an older office message (WhatsApp keeps old buttons tappable). */
  tapEarlier(id: string): Promise<void>;
  /** Waits for the file's download too unless told not to (or downloads are held). */
  sendPhoto(o?: FileOptions): Promise<void>;
  sendPdf(filename?: string, o?: FileOptions): Promise<void>;
  /** A line for what happened off-screen (the desk acted), so the transcript explains the next message. */
  note(text: string): void;
  /** Waits for Lontar and records what the citizen received meanwhile (after a desk action). */
  flush(): Promise<void>;
  /** The office messages this citizen got since the start (or the last reset), rendered. */
  received(): string[];
  transcript(): string;
  /** Forgets the transcript and messages so far (a test that starts after a shared set-up). */
  reset(): void;
};

export type Golden = {
  database: Database;
  app: App;
  fake: FakeCloudApi;
  blobs: BlobStore;
  citizens: CitizenService;
  officeId: string;
  channelId: string;
  botErrors: string[];
  citizen(phone: string, name: string): Citizen;
  settle(): Promise<void>;
  /** A desk action: runs in one transaction, then wakes the outbox as the desk's own routes would. */
  desk<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  operator(username: string): Promise<Actor & { kind: "operator" }>;
  one<T>(query: SQL): Promise<T>;
  /** Downloads from the fake fail (and are retried) until the returned release is called. */
  holdDownloads(): () => void;
  stop(): Promise<void>;
};

/**
 * A whole Lontar with the citizen service plugged in, built like startLontar (which cannot pass onMediaStored)
 * and with the field-encryption key shared with the blob store, as main.ts does.
 */
export const startGolden = async (database: Database): Promise<Golden> => {
  const base = loadConfig({
    LONTAR_DATA_DIR: await mkdtemp(path.join(tmpdir(), "lontar-golden-")),
    LOG_LEVEL: "silent",
  });
  const config = {
    ...base,
    port: 0,
    // The lease stays long: on a loaded machine a first send can take over a second, and a lease that ran
    // out would let a second worker send the same reply again (seen as a doubled greeting in transcripts).
    outbox: { ...base.outbox, perRecipientIntervalMs: 0, retryBaseMs: 20, leaseMs: 30_000 },
  };
  const seed = await seedDemo(database, { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER });
  let baseUrl = "";
  const fake = createFakeCloudApi({
    appSecret: config.whatsapp.appSecret,
    accessToken: config.whatsapp.accessToken,
    apiVersion: config.whatsapp.apiVersion,
    webhookUrl: () => `${baseUrl}/webhooks/whatsapp`,
    numbers: [{ phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER }],
    statuses: { auto: true, delaysMs: [5, 10, 20] },
    webhookRetry: { attempts: 3, baseDelayMs: 50 },
  });
  const fakeUrl = await fake.listen();
  const key = randomBytes(32);
  const blobs = await createBlobStore(config, { current: { id: "test", key }, old: [] });
  const botErrors: string[] = [];
  const keys = deriveFieldKeys(key);
  const citizens = await createCitizenService({ keys, onBotError: (m) => botErrors.push(m) });
  let held = false;
  const cloud = createCloudApi({ ...config.whatsapp, apiUrl: fakeUrl });
  // A held download fails as a timeout would and is retried, so the replies batched with it go on.
  const api: CloudApi = {
    ...cloud,
    download: async (url, maxBytes) => {
      if (held) throw new GraphRequestError({ kind: "retry", reason: "held by the test" });
      return cloud.download(url, maxBytes);
    },
  };
  const app = await buildApp({
    config,
    database,
    blobs,
    keys,
    api,
    onMessage: citizens.onMessage,
    onMediaStored: citizens.onMediaStored,
    onMediaRefused: citizens.onMediaRefused,
    logger: false,
    workers: false,
  });
  await app.http.listen({ port: 0, host: "127.0.0.1" });
  const address = app.http.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  app.startWorkers();

  const db = database.db;
  const one = async <T>(query: SQL) => (await rows<T>(db, query))[0]!;
  // Nothing wakes the outbox after the inbox commits a bot reply: workers find it on their 1-s poll. The
  // harness wakes them while it waits, so a transcript takes milliseconds per turn instead of up to a second.
  const settle = async () => {
    await eventually(async () => {
      app.bus.publish("outbox");
      const n = await one<{ deliveries: number; sends: number }>(sql`SELECT
        (SELECT count(*)::int FROM webhook_deliveries WHERE processed_at IS NULL) AS deliveries,
        (SELECT count(*)::int FROM outbox WHERE (kind = 'send' AND status IN ('pending', 'sending'))
          -- A receipt due now is waited for; one waiting for held downloads (retry later) is not.
          OR (kind = 'send_receipt' AND (status = 'sending' OR (status = 'pending' AND run_at <= now())))) AS sends`);
      return n.deliveries === 0 && n.sends === 0;
    });
  };
  const downloaded = (wamid: string) =>
    eventually(async () => {
      app.bus.publish("outbox");
      const m = await one<{ media_status: string } | undefined>(
        sql`SELECT media_status FROM messages WHERE wamid = ${wamid}`,
      );
      return m && m.media_status !== "pending";
    });

  const citizen = (phone: string, name: string): Citizen => {
    const log: string[] = [];
    const sent: Sent[] = [];
    let cursor = fake.received.length;
    let photos = 0;
    let since = 0;
    const collect = () => {
      for (; cursor < fake.received.length; cursor++) {
        const r = fake.received[cursor]!;
        if (r.kind !== "message" || r.body.to?.replace(/^\+/, "") !== phone) continue;
        sent.push({ wamid: r.wamid, body: r.body });
        log.push(officeBlock(r.body));
      }
    };
    const inbound = async (message: InboundMessageInput, line: string, o: FileOptions = {}) => {
      log.push(line);
      const wamid = await fake.sendInbound({
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        from: phone,
        name,
        message,
      });
      await settle();
      // Waiting for the file keeps "N file masih kami unduh" out of transcripts unless a test holds downloads.
      if ("mediaId" in message && !held && o.waitForDownload !== false) await downloaded(wamid);
      collect();
    };
    return {
      phone,
      say: (text) => inbound({ type: "text", body: text }, `> ${text}`),
      tap: (id) => {
        const last = sent.findLast((s) => optionsOf(s.body).length > 0);
        const option = last && optionsOf(last.body).find((o) => o.id === id);
        if (!last || !option) throw new Error(`${id} is not an option of the latest menu`);
        const type = option.kind === "button" ? "button_reply" : "list_reply";
        return inbound({ type, id, title: option.title, contextWamid: last.wamid }, `> [${option.title}]`);
      },
      tapEarlier: (id) => {
        const last = sent.findLast((s) => optionsOf(s.body).some((o) => o.id === id));
        const option = last && optionsOf(last.body).find((o) => o.id === id);
        if (!last || !option) throw new Error(`${id} was never offered`);
        const type = option.kind === "button" ? "button_reply" : "list_reply";
        return inbound({ type, id, title: option.title, contextWamid: last.wamid }, `> [${option.title}]`);
      },
      sendPhoto: (o) => {
        // Real files (the media policy refuses anything else), distinct so every upload is its own blob.
        const mediaId = fake.uploadInboundMedia(o?.bytes ?? sampleJpeg(), "image/jpeg");
        return inbound({ type: "image", mediaId, mimeType: "image/jpeg" }, `> 📷 foto ${++photos}`, o);
      },
      sendPdf: (filename = "dokumen.pdf", o = {}) => {
        const bytes = o.bytes ?? samplePdf();
        const mediaId = fake.uploadInboundMedia(bytes, "application/pdf", filename);
        const message = { type: "document" as const, mediaId, mimeType: "application/pdf", filename };
        return inbound(message, `> 📄 ${filename}`, o);
      },
      note: (text) => void log.push(`# ${text}`),
      flush: async () => {
        await settle();
        collect();
      },
      received: () => sent.slice(since).map((s) => renderOffice(s.body)),
      transcript: () => `${normalise(log.join("\n"))}\n`,
      reset: () => {
        log.splice(0);
        since = sent.length;
      },
    };
  };

  return {
    database,
    app,
    fake,
    blobs,
    citizens,
    officeId: seed.officeId,
    channelId: seed.channelId,
    botErrors,
    citizen,
    settle,
    one,
    desk: async (fn) => {
      const result = await db.transaction(fn);
      app.bus.publish("outbox");
      return result;
    },
    operator: async (username) => {
      const { id } = await db.transaction((tx) =>
        createOperator(tx, { officeId: seed.officeId, username, displayName: username, role: "operator" }),
      );
      return { kind: "operator", operatorId: id, role: "operator" };
    },
    holdDownloads: () => {
      held = true;
      return () => {
        held = false;
      };
    },
    stop: async () => {
      await app.stop();
      await fake.close();
    },
  };
};
