/** Shared mutable state of one fake instance, passed to the route and status modules. */
import { EventEmitter } from "node:events";
import type { FaultQueue } from "./faults.ts";
import { createFaultQueue } from "./faults.ts";
import { isUserId, shortToken, userIdFor, waIdOf } from "./ids.ts";
import type { PayloadContext, SentInfo } from "./payloads.ts";
import type { FakeCloudApiOptions, FakeNumber, FakeStats, MediaRecord, ReceivedRequest } from "./types.ts";
import { createWebhookSender, type WebhookSender } from "./webhooks.ts";

export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

export type FakeContext = {
  accessToken: string;
  statusesAuto: boolean;
  delaysMs: [number, number, number];
  now(): number;
  numbers: Map<string, FakeNumber>;
  media: Map<string, MediaRecord>;
  downloadTokens: Map<string, { mediaId: string; expiresAt: number }>;
  sent: Map<string, SentInfo>;
  /** Most recent business wamid per citizen (keyed by wa_id and by BSUID). */
  lastOutbound: Map<string, string>;
  /** Links wa_id ⇄ BSUID learned from inbound messages, so statuses name the same citizen. */
  users: Map<string, string>;
  received: ReceivedRequest[];
  events: EventEmitter;
  counters: FakeStats;
  faults: FaultQueue;
  webhooks: WebhookSender;
  timers: Set<NodeJS.Timeout>;
  /** Resolvers of pending sleeps, released on close() so slow requests don't block shutdown. */
  sleepers: Set<() => void>;
  /** Base URL of the standalone server, or the last one seen on a request when mounted. */
  baseUrl: string | undefined;
  publicBaseUrl: (() => string) | undefined;
  payloads: PayloadContext;
  mediaUrl(mediaId: string): string;
  resolveRecipient(recipient: string): { waId?: string; userId: string; sentToPhone: boolean };
  later(ms: number, fn: () => void): void;
  sleep(ms: number): Promise<void>;
};

export const createContext = (options: FakeCloudApiOptions): FakeContext => {
  const now = options.now ?? Date.now;
  const retry = options.webhookRetry ?? { attempts: 5, baseDelayMs: 200 };
  const counters: FakeStats = { accepted: 0, rejected: 0, webhooksSent: 0, webhooksFailed: 0 };
  const numbers = new Map(options.numbers.map((n) => [n.phoneNumberId, n]));
  const media = new Map<string, MediaRecord>();
  const downloadTokens = new Map<string, { mediaId: string; expiresAt: number }>();
  const lastOutbound = new Map<string, string>();
  const users = new Map<string, string>();
  const timers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();

  const ctx: FakeContext = {
    accessToken: options.accessToken,
    statusesAuto: options.statuses?.auto ?? true,
    delaysMs: options.statuses?.delaysMs ?? [50, 150, 400],
    now,
    numbers,
    media,
    downloadTokens,
    sent: new Map(),
    lastOutbound,
    users,
    received: [],
    events: new EventEmitter(),
    counters,
    faults: createFaultQueue(),
    webhooks: createWebhookSender({
      url: options.webhookUrl,
      appSecret: options.appSecret,
      attempts: Math.max(1, retry.attempts),
      baseDelayMs: retry.baseDelayMs,
      concurrency: options.webhookConcurrency ?? 16,
      onSent: () => {
        counters.webhooksSent += 1;
      },
      onFailed: () => {
        counters.webhooksFailed += 1;
      },
    }),
    timers,
    sleepers,
    baseUrl: undefined,
    publicBaseUrl: options.publicBaseUrl,
    payloads: {
      number(phoneNumberId) {
        const num = numbers.get(phoneNumberId);
        if (!num) throw new Error(`fake Cloud API: unknown phoneNumberId ${phoneNumberId}`);
        return num;
      },
      now,
      media,
      mediaUrl: (mediaId) => ctx.mediaUrl(mediaId),
      lastOutboundTo: (key) => lastOutbound.get(key),
    },
    mediaUrl(mediaId) {
      const token = shortToken();
      downloadTokens.set(token, { mediaId, expiresAt: now() + MEDIA_URL_TTL_MS });
      const base = ctx.publicBaseUrl?.() ?? ctx.baseUrl ?? "http://127.0.0.1";
      return `${base.replace(/\/$/, "")}/_media/${encodeURIComponent(mediaId)}?token=${token}`;
    },
    resolveRecipient(recipient) {
      if (isUserId(recipient)) {
        const waId = users.get(recipient);
        return { ...(waId ? { waId } : {}), userId: recipient, sentToPhone: false };
      }
      const waId = waIdOf(recipient);
      return { waId, userId: users.get(waId) ?? userIdFor(waId), sentToPhone: true };
    },
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleepers.add(resolve);
        ctx.later(ms, () => {
          sleepers.delete(resolve);
          resolve();
        });
      }),
  };
  return ctx;
};
