/**
 * The desk's live channel (Server-Sent Events): a bare "change" event whenever the signed-in person's
 * office changed, on this instance or another. The page then re-fetches what it shows, so nothing is
 * lost across a reconnect and no personal data travels in the stream.
 */
import type { FastifyInstance } from "fastify";
import type { ChangeSignal } from "../../platform/events/changes.ts";
import { ALL_OFFICES } from "../../platform/events/changes.ts";
import { sseStreams } from "../../platform/http/sse.ts";
import { userOf } from "./session.ts";

export const eventRoutes = (changes: ChangeSignal) => async (app: FastifyInstance) => {
  const stream = sseStreams(app);
  app.get("/desk/events", (req, reply) => {
    const user = userOf(req);
    stream(reply, (write) =>
      changes.subscribe((officeId) => {
        if (officeId === user.officeId || officeId === ALL_OFFICES) write("event: change\ndata: 1\n\n");
      }),
    );
  });
};
