/**
 * A fake WhatsApp Cloud API (Graph endpoints + signed webhooks) that tests, benchmarks and the
 * demo use instead of graph.facebook.com. See shared/domain/whatsapp-cloud-api.md.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type { WebhookPayload } from "../../platform/whatsapp/types.ts";
import { createContext } from "./context.ts";
import { newMediaId } from "./ids.ts";
import { buildInboundPayload } from "./payloads.ts";
import { createRoutes } from "./routes.ts";
import { emitStatus, statusPayload } from "./statuses.ts";
import type { DeliveryOptions, FakeCloudApi, FakeCloudApiOptions, InboundInput } from "./types.ts";

export { type BatchShape, batchPayload } from "./payloads.ts";
export type * from "./types.ts";

export const createFakeCloudApi = (options: FakeCloudApiOptions): FakeCloudApi => {
  const ctx = createContext(options);
  const routes = createRoutes(ctx);
  let server: FastifyInstance | undefined;

  const emitWebhook = (payload: WebhookPayload, opts?: DeliveryOptions) =>
    ctx.webhooks.deliver(payload, opts);

  const buildInbound = (input: InboundInput) => {
    const built = buildInboundPayload(ctx.payloads, input);
    // Remember the wa_id ⇄ BSUID pair so later statuses to this citizen carry the same BSUID.
    if (built.waId) {
      ctx.users.set(built.waId, built.userId);
      ctx.users.set(built.userId, built.waId);
    }
    return built;
  };

  return {
    routes,
    apiVersion: options.apiVersion ?? "v25.0",
    async listen() {
      if (server) return ctx.baseUrl!;
      server = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
      await server.register(routes);
      const address = await server.listen({ host: "127.0.0.1", port: 0 });
      ctx.baseUrl = address;
      return address;
    },
    async close() {
      for (const t of ctx.timers) clearTimeout(t);
      ctx.timers.clear();
      for (const resolve of ctx.sleepers) resolve();
      ctx.sleepers.clear();
      ctx.webhooks.close();
      await server?.close();
      server = undefined;
    },
    received: ctx.received,
    media: ctx.media,
    injectFault: (f) => ctx.faults.inject(f),
    clearFaults: () => ctx.faults.clear(),
    async sendInbound(input, opts) {
      const { payload, wamid } = buildInbound(input);
      ctx.events.emit("inbound", { wamid, input, payload });
      await emitWebhook(payload, opts);
      return wamid;
    },
    uploadInboundMedia(bytes, mimeType, filename) {
      const id = newMediaId();
      ctx.media.set(id, {
        bytes,
        mimeType,
        ...(filename ? { filename } : {}),
        uploadedAt: new Date(ctx.now()),
      });
      return id;
    },
    emitWebhook,
    buildInbound: (input) => {
      const { payload, wamid } = buildInbound(input);
      return { payload, wamid };
    },
    buildStatus: (wamid, status, error) => statusPayload(ctx, wamid, status, error).payload,
    emitStatus: (wamid, status, opts) => emitStatus(ctx, wamid, status, opts),
    events: ctx.events,
    stats: () => ({ ...ctx.counters }),
  };
};
