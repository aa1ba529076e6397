import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EventBus } from "../../platform/events/bus.ts";
import { createFailureGuard, type FailureGuard } from "../../platform/http/failure-guard.ts";
import { safeError } from "../../platform/http/log-safe.ts";
import type { Counter, Histogram } from "../../platform/http/metrics.ts";
import { isValidSignature } from "../../platform/whatsapp/signature.ts";
import type { DeliveryStore } from "./inbox.service.ts";
import type { IngestGate } from "./ingest-gate.ts";

export type WebhookRouteDeps = {
  storeDelivery: DeliveryStore;
  bus: EventBus;
  appSecret: string;
  verifyToken: string;
  bodyLimitBytes: number;
  requests: Counter;
  latency: Histogram;
  gate?: IngestGate;
  /** Addresses that keep failing the signature or the verify token are refused for a while (default 30/min, 5 min). */
  guard?: FailureGuard;
};

const PATH = "/webhooks/whatsapp";

/**
 * The WhatsApp webhook. GET: Meta's verification handshake. POST: signature over the raw bytes, then the
 * payload is committed, then 200. Processing happens after the answer (inbox worker).
 */
export const webhookRoutes = (deps: WebhookRouteDeps) => async (app: FastifyInstance) => {
  // Keep the exact bytes: the signature covers them, and re-serialised JSON would not match.
  app.addContentTypeParser(
    "application/json",
    { parseAs: "buffer", bodyLimit: deps.bodyLimitBytes },
    (_req, body, done) => done(null, body),
  );
  // A refused address loses nothing real: Meta retries a webhook for days, and a guesser learns nothing more.
  const guard = deps.guard ?? createFailureGuard({ failuresPerMinute: 30, blockMs: 5 * 60_000 });
  app.addHook("onRequest", async (request, reply) => {
    if (guard.blocked(request.ip)) {
      return reply
        .code(429)
        .type("text/plain")
        .send("Too many failed attempts from this address; try later.");
    }
  });
  app.addHook("onResponse", async (request, reply) => {
    if (reply.statusCode === 401 || reply.statusCode === 403) guard.failed(request.ip);
  });
  app.get(PATH, async (request, reply) => handshake(deps, request, reply));
  app.post(PATH, { bodyLimit: deps.bodyLimitBytes }, async (request, reply) => {
    const started = performance.now();
    deps.gate?.enter();
    const status = await receive(deps, request, reply).finally(() => deps.gate?.leave());
    deps.requests.inc({ status });
    deps.latency.observe((performance.now() - started) / 1000);
    return reply;
  });
};

const handshake = (deps: WebhookRouteDeps, request: FastifyRequest, reply: FastifyReply) => {
  const q = request.query as Record<string, string | undefined>;
  if (q["hub.mode"] === "subscribe" && q["hub.verify_token"] === deps.verifyToken && q["hub.challenge"]) {
    return reply.code(200).type("text/plain").send(q["hub.challenge"]);
  }
  return reply
    .code(403)
    .type("text/plain")
    .send("Verification failed: hub.verify_token does not match WHATSAPP_VERIFY_TOKEN.");
};

const receive = async (
  deps: WebhookRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<number> => {
  const raw = request.body;
  if (!Buffer.isBuffer(raw)) {
    reply.code(415).send({ error: "Send the webhook as application/json." });
    return 415;
  }
  if (!isValidSignature(raw, request.headers["x-hub-signature-256"] as string | undefined, deps.appSecret)) {
    reply
      .code(401)
      .send({ error: "Invalid X-Hub-Signature-256: the payload was not signed with this app's secret." });
    return 401;
  }
  const text = raw.toString("utf8");
  try {
    JSON.parse(text);
  } catch {
    reply.code(400).send({ error: "The body is not valid JSON." });
    return 400;
  }
  try {
    await deps.storeDelivery(text);
  } catch (error) {
    request.log.error({ err: safeError(error) }, "webhook delivery could not be stored; Meta will retry");
    reply.code(503).send({ error: "Temporarily unable to store the payload; retry later." });
    return 503;
  }
  deps.bus.publish("inbox");
  reply.code(200).send("OK");
  return 200;
};
