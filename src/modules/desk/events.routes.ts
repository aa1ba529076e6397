/**
 * The desk's live channel (Server-Sent Events): a bare "change" event whenever the signed-in person's
 * office changed, on this instance or another. The page then re-fetches what it shows, so nothing is
 * lost across a reconnect and no personal data travels in the stream.
 */
import type { FastifyInstance } from "fastify";
import type { ChangeSignal } from "../../platform/events/changes.ts";
import { ALL_OFFICES } from "../../platform/events/changes.ts";
import { userOf } from "./session.ts";

const HEARTBEAT_MS = 15_000;

export const eventRoutes = (changes: ChangeSignal) => async (app: FastifyInstance) => {
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get("/desk/events", (req, reply) => {
    const user = userOf(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 2000\n\n");
    const unsubscribe = changes.subscribe((officeId) => {
      if (officeId === user.officeId || officeId === ALL_OFFICES) res.write("event: change\ndata: 1\n\n");
    });
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
