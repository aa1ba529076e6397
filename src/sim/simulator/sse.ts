/**
 * Live updates for one citizen's chat as Server-Sent Events: every new or changed message (a tick
 * going blue) is sent whole, and the page upserts it by id. No replay: on (re)connect the page
 * fetches the history, so nothing is lost across a reconnect.
 */
import type { FastifyInstance } from "fastify";
import type { ChatStore } from "./store.ts";
import { checkPhone } from "./validate.ts";

const HEARTBEAT_MS = 15_000;

export const registerEvents = (app: FastifyInstance, store: ChatStore) => {
  // Open streams never end by themselves; closing the server must end them or close() would wait.
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get<{ Querystring: { phone?: string } }>("/sim/api/events", (req, reply) => {
    const phone = checkPhone(req.query.phone);
    if (!phone.ok) return reply.code(400).send({ error: phone.error });
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Proxies such as nginx buffer responses by default, which would hold events back.
      "x-accel-buffering": "no",
    });
    res.write("retry: 2000\n\n");
    // JSON.stringify escapes newlines, so each event is exactly one `data:` line.
    const unsubscribe = store.subscribe(phone.value, (m) => res.write(`data: ${JSON.stringify(m)}\n\n`));
    // A comment line keeps idle proxies and the browser from timing the stream out.
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
    };
    const end = () => {
      cleanup();
      res.end();
    };
    open.add(end);
    res.on("close", cleanup);
  });
};
