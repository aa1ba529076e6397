/** The Fastify plugin: bearer check, Graph-shaped errors, and the endpoint modules. */
import multipart from "@fastify/multipart";
import type { FastifyError, FastifyPluginAsync } from "fastify";
import type { FakeContext } from "./context.ts";
import { graphError } from "./graph-errors.ts";
import { registerMediaRoutes } from "./media-route.ts";
import { registerMessagesRoute, sendGraphError } from "./messages-route.ts";

const VERSION = /^v\d+\.\d+$/;

export const createRoutes =
  (ctx: FakeContext): FastifyPluginAsync =>
  async (app) => {
    // The host app (Lontar) may already parse multipart for its own routes; a second
    // registration in this child scope would throw FST_ERR_CTP_ALREADY_PRESENT.
    if (!app.hasContentTypeParser("multipart/form-data")) {
      await app.register(multipart, { limits: { fileSize: 100 * 1024 * 1024 } });
    }

    // Graph ignores an empty body sent with a JSON content type (e.g. on DELETE); Fastify's
    // default parser would 400. Replaced only inside this plugin's scope.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
      const text = String(body);
      if (text.trim() === "") return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(Object.assign(new Error("Malformed JSON body"), { statusCode: 400 }), undefined);
      }
    });

    app.addHook("onRequest", async (req, reply) => {
      if (!ctx.publicBaseUrl && !ctx.baseUrl) ctx.baseUrl = `${req.protocol}://${req.host}${app.prefix}`;
      if (req.headers.authorization !== `Bearer ${ctx.accessToken}`) {
        return sendGraphError(ctx, reply, graphError(190));
      }
      const version = (req.params as { version?: string } | undefined)?.version;
      if (version !== undefined && !VERSION.test(version)) {
        return sendGraphError(
          ctx,
          reply,
          graphError(2500, { message: `Unknown path components: /${version}`, details: "Unknown version" }),
        );
      }
    });

    app.setErrorHandler((err: FastifyError, _req, reply) => {
      const status = err.statusCode && err.statusCode < 500 ? 400 : 500;
      const code = status === 400 ? 100 : 1;
      return sendGraphError(ctx, reply, graphError(code, { httpStatus: status, details: err.message }));
    });

    app.setNotFoundHandler((req, reply) =>
      sendGraphError(ctx, reply, graphError(2500, { message: `Unknown path components: ${req.url}` })),
    );

    registerMessagesRoute(app, ctx);
    registerMediaRoutes(app, ctx);
  };
