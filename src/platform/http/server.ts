import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";

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
  return app;
};
