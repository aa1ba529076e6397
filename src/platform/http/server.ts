import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import { safeError } from "./log-safe.ts";

/** Paths only: query strings can carry tokens, and nothing personal goes to the log. */
const requestSerializer = (req: { method: string; url: string }) => ({
  method: req.method,
  path: req.url.split("?")[0],
});

export const createHttpServer = async (o: {
  logLevel: string;
  logger?: boolean;
}): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: o.logger === false ? false : { level: o.logLevel, serializers: { req: requestSerializer } },
    trustProxy: true,
    // Tokens and phone numbers never appear in generated request ids.
    genReqId: () => Math.random().toString(36).slice(2, 10),
  });
  await app.register(formbody);
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: safeError(error) }, "request failed");
    const message =
      status === 413
        ? "The request body is too large."
        : status < 500
          ? error.message
          : "Something went wrong on our side; the request was not completed. Please try again.";
    return reply.code(status).send({ error: message, code: error.code });
  });
  return app;
};
