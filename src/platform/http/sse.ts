/**
 * Server-Sent Events streams: headers that keep proxies from buffering, a heartbeat comment so idle
 * connections are not timed out, and every open stream ended when the server closes (or close() would wait).
 */
import type { FastifyInstance, FastifyReply } from "fastify";

const HEARTBEAT_MS = 15_000;

/** Returns `open(reply, subscribe)`: `subscribe(write)` starts the feed and returns its unsubscribe. */
export const sseStreams = (app: FastifyInstance) => {
  const streams = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of streams) end();
  });
  return (reply: FastifyReply, subscribe: (write: (chunk: string) => void) => () => void) => {
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
    const unsubscribe = subscribe((chunk) => res.write(chunk));
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(end);
    };
    const end = () => {
      cleanup();
      res.end();
    };
    streams.add(end);
    res.on("close", cleanup);
  };
};
