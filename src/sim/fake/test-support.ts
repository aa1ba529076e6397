/** Test-only helpers: a webhook receiver that checks signatures over raw bytes, and a fake setup. */
import Fastify from "fastify";
import { isValidSignature } from "../../platform/whatsapp/signature.ts";
import type { WebhookPayload, WebhookStatus } from "../../platform/whatsapp/types.ts";
import { createFakeCloudApi } from "./index.ts";
import type { FakeCloudApi, FakeCloudApiOptions } from "./types.ts";

export const APP_SECRET = "test-app-secret";
export const TOKEN = "test-token";
export const PNID = "106540352242922";
export const NUMBER = { phoneNumberId: PNID, displayPhoneNumber: "6281100001111", wabaId: "102290129340398" };

export type Hit = { raw: Buffer; signature?: string; signatureOk: boolean; payload: WebhookPayload };

export const startReceiver = async () => {
  const hits: Hit[] = [];
  // Failures are keyed by inbound wamid so other tests' status webhooks cannot consume them.
  const failures = new Map<string, number>();
  const app = Fastify({ logger: false });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.post("/webhooks/whatsapp", async (req, reply) => {
    const raw = req.body as Buffer;
    const header = req.headers["x-hub-signature-256"];
    const signature = typeof header === "string" ? header : undefined;
    const signatureOk = isValidSignature(raw, signature, APP_SECRET);
    const payload = JSON.parse(raw.toString("utf8")) as WebhookPayload;
    hits.push({ raw, ...(signature ? { signature } : {}), signatureOk, payload });
    const wamid = payload.entry?.[0]?.changes?.[0]?.value?.messages?.[0]?.id ?? "";
    const left = failures.get(wamid) ?? 0;
    if (left > 0) {
      failures.set(wamid, left - 1);
      return reply.code(500).send("boom");
    }
    return reply.code(signatureOk ? 200 : 401).send("ok");
  });
  const url = `${await app.listen({ host: "127.0.0.1", port: 0 })}/webhooks/whatsapp`;

  const statuses = (): WebhookStatus[] =>
    hits.flatMap(
      (h) => h.payload.entry?.flatMap((e) => e.changes?.flatMap((c) => c.value?.statuses ?? []) ?? []) ?? [],
    );

  const waitFor = async <T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error("waitFor timed out");
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  return {
    url,
    hits,
    statuses,
    statusesOf: (wamid: string) => statuses().filter((s) => s.id === wamid),
    /** Deliveries carrying the inbound message `wamid` (other tests' statuses may interleave). */
    hitsWithMessage: (wamid: string) =>
      hits.filter((h) =>
        h.payload.entry?.some((e) => e.changes?.some((c) => c.value?.messages?.some((m) => m.id === wamid))),
      ),
    failMessage(wamid: string, times: number) {
      failures.set(wamid, times);
    },
    waitFor,
    close: () => app.close(),
  };
};

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export const startFake = async (
  receiver: Receiver,
  extra: Partial<FakeCloudApiOptions> = {},
): Promise<{
  fake: FakeCloudApi;
  base: string;
  graph: (path: string, init?: RequestInit) => Promise<Response>;
}> => {
  const fake = createFakeCloudApi({
    appSecret: APP_SECRET,
    accessToken: TOKEN,
    webhookUrl: receiver.url,
    numbers: [NUMBER],
    statuses: { auto: true, delaysMs: [10, 30, 60] },
    webhookRetry: { attempts: 3, baseDelayMs: 10 },
    ...extra,
  });
  const base = await fake.listen();
  const graph = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...init.headers },
    });
  return { fake, base, graph };
};

export const sendText = (graph: (p: string, i?: RequestInit) => Promise<Response>, to: string, extra = {}) =>
  graph(`/v25.0/${PNID}/messages`, {
    method: "POST",
    body: JSON.stringify({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to,
      type: "text",
      text: { body: "Halo" },
      ...extra,
    }),
  });
