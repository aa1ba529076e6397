import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { safeError } from "./log-safe.ts";

/** Paths only: query strings can carry tokens, and nothing personal goes to the log. */
const requestSerializer = (req: { method: string; url: string }) => ({
  method: req.method,
  path: req.url.split("?")[0],
});

export const createHttpServer = async (o: {
  logLevel: string;
  logger?: boolean;
  /** Where the JSON log lines go (stdout by default; tests read them). */
  logStream?: NodeJS.WritableStream;
}): Promise<FastifyInstance> => {
  const app = Fastify({
    logger:
      o.logger === false
        ? false
        : {
            level: o.logLevel,
            serializers: { req: requestSerializer },
            ...(o.logStream ? { stream: o.logStream } : {}),
          },
    trustProxy: true,
    // Tokens and phone numbers never appear in generated request ids.
    genReqId: () => Math.random().toString(36).slice(2, 10),
  });
  await app.register(formbody);
  app.addHook("onSend", async (_req, reply, payload) => {
    setSecurityHeaders(reply);
    return payload;
  });
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

/**
 * Defaults for every response; routes that know better set their own first (the desk's and the simulator's
 * page CSP, a PDF the desk shows in a frame). API answers and HTML get a CSP that allows nothing, and no page
 * may be framed by another site.
 */
const setSecurityHeaders = (reply: FastifyReply) => {
  const type = String(reply.getHeader("content-type") ?? "");
  if (!reply.hasHeader("x-content-type-options")) reply.header("x-content-type-options", "nosniff");
  if (!reply.hasHeader("referrer-policy")) reply.header("referrer-policy", "same-origin");
  const restrictable = /^(application\/json|text\/plain|text\/html)/.test(type) || type === "";
  if (restrictable && !reply.hasHeader("content-security-policy")) {
    reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  }
  if (type.startsWith("text/html") && !reply.hasHeader("x-frame-options"))
    reply.header("x-frame-options", "DENY");
};
