/**
 * Webhooks first. Meta wants a fast 200 and retries slow endpoints; applying a payload can wait a moment.
 * The route marks requests in and out; before each payload the inbox worker waits until no webhook is in
 * flight, or at most `maxWaitMs`, so that under a burst the 200s stay fast, the backlog is applied in the
 * gaps and drains after, and nothing starves. On PGlite this decides everything: one connection on the
 * main thread serves both the webhook INSERT and the ten-odd statements that apply a message.
 */
export type IngestGate = { enter(): void; leave(): void; idle(maxWaitMs: number): Promise<void> };

export const createIngestGate = (pollMs = 1, now: () => number = () => performance.now()): IngestGate => {
  let inFlight = 0;
  return {
    enter: () => {
      inFlight++;
    },
    leave: () => {
      inFlight = Math.max(0, inFlight - 1);
    },
    idle: async (maxWaitMs) => {
      const deadline = now() + maxWaitMs;
      // Requests that arrived while the worker held the thread still sit unread in their sockets: let the
      // event loop poll them (a whole turn: check phase, then poll) before judging that none is in flight.
      await nextTurn();
      await nextTurn();
      while (inFlight > 0 && now() < deadline) await new Promise((r) => setTimeout(r, pollMs));
    },
  };
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
