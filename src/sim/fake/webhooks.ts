/**
 * Signs and POSTs webhooks the way Meta does: ASCII-escaped JSON, HMAC over those exact bytes,
 * retries on anything but HTTP 200, with a cap on concurrent POSTs.
 */
import { asciiJson, signatureHeader } from "../../platform/whatsapp/signature.ts";
import type { WebhookPayload } from "../../platform/whatsapp/types.ts";
import type { DeliveryOptions } from "./types.ts";

export type WebhookSenderOptions = {
  url: string | (() => string);
  appSecret: string;
  attempts: number;
  baseDelayMs: number;
  concurrency: number;
  onSent(): void;
  onFailed(): void;
};

export const createWebhookSender = (opts: WebhookSenderOptions) => {
  let inFlight = 0;
  let closed = false;
  const waiting: Array<() => void> = [];
  // Pending backoff sleeps, resolved early on close() so no caller waits forever.
  const timers = new Map<NodeJS.Timeout, () => void>();
  const controllers = new Set<AbortController>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || closed) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.set(t, resolve);
    });

  const acquire = async (): Promise<void> => {
    if (inFlight < opts.concurrency) {
      inFlight += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };

  const release = (): void => {
    const next = waiting.shift();
    // Hand the slot straight to the next waiter so the in-flight count never exceeds the cap.
    if (next) next();
    else inFlight -= 1;
  };

  const postOnce = async (bytes: Uint8Array<ArrayBuffer>, signature: string): Promise<number> => {
    await acquire();
    if (closed) {
      release();
      return 0;
    }
    const controller = new AbortController();
    controllers.add(controller);
    try {
      const res = await fetch(typeof opts.url === "function" ? opts.url() : opts.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": signature },
        body: bytes,
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    } catch {
      return 0; // network error / refused / aborted: Meta treats it like a non-200
    } finally {
      controllers.delete(controller);
      release();
    }
  };

  /** One logical delivery: first attempt plus retries with exponential backoff. */
  const deliverOnce = async (bytes: Uint8Array<ArrayBuffer>, signature: string): Promise<number[]> => {
    const seen: number[] = [];
    for (let attempt = 0; attempt < opts.attempts && !closed; attempt += 1) {
      if (attempt > 0) await sleep(opts.baseDelayMs * 2 ** (attempt - 1));
      if (closed) break;
      const status = await postOnce(bytes, signature);
      seen.push(status);
      if (status === 200) {
        opts.onSent();
        return seen;
      }
    }
    opts.onFailed();
    return seen;
  };

  return {
    /** Returns every HTTP status seen, in order (0 for network errors), across all copies. */
    async deliver(payload: WebhookPayload, delivery: DeliveryOptions = {}): Promise<number[]> {
      // Encode once: the signature must cover exactly the bytes that go on the wire.
      const bytes = new TextEncoder().encode(asciiJson(payload));
      const signature = signatureHeader(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        opts.appSecret,
      );
      await sleep(delivery.delayMs ?? 0);
      const copies = 1 + Math.max(0, delivery.duplicates ?? 0);
      const results: number[][] = [];
      // Copies go out one after the other so tests see a deterministic arrival order.
      for (let i = 0; i < copies && !closed; i += 1) results.push(await deliverOnce(bytes, signature));
      return results.flat();
    },
    close(): void {
      closed = true;
      for (const [t, resolve] of timers) {
        clearTimeout(t);
        resolve();
      }
      timers.clear();
      for (const c of controllers) c.abort();
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
};

export type WebhookSender = ReturnType<typeof createWebhookSender>;
