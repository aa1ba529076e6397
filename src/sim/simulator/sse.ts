/**
 * Live updates for one citizen's chat as Server-Sent Events: every new or changed message (a tick
 * going blue) is sent whole, and the page upserts it by id. No replay: on (re)connect the page
 * fetches the history, so nothing is lost across a reconnect.
 */
import type { FastifyInstance } from "fastify";
import { sseStreams } from "../../platform/http/sse.ts";
import type { ChatStore } from "./store.ts";
import { checkPhone } from "./validate.ts";

export const registerEvents = (app: FastifyInstance, store: ChatStore) => {
  // Open streams never end by themselves; closing the server must end them or close() would wait.
  const stream = sseStreams(app);
  app.get<{ Querystring: { phone?: string } }>("/sim/api/events", (req, reply) => {
    const phone = checkPhone(req.query.phone);
    if (!phone.ok) return reply.code(400).send({ error: phone.error });
    // JSON.stringify escapes newlines, so each event is exactly one `data:` line.
    stream(reply, (write) => store.subscribe(phone.value, (m) => write(`data: ${JSON.stringify(m)}\n\n`)));
  });
};
