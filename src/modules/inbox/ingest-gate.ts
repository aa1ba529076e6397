/**
 * Webhooks first. Meta wants a fast 200 and retries slow endpoints; applying a payload can wait a moment.
 * The route marks requests in and out; the inbox worker waits until webhooks have been quiet for a few
 * milliseconds, or at most `maxWaitMs`, so that under a burst the 200s stay fast, the backlog is applied in
 * the gaps and drains after, and nothing starves. On PGlite this decides everything: one connection on the
 * main thread serves both the webhook INSERT and the ten-odd statements that apply a message.
 */
export type IngestGate = { enter(): void; leave(): void; idle(maxWaitMs: number): Promise<void> };

export const createIngestGate = (quietMs = 5, now: () => number = () => performance.now()): IngestGate => {
  let inFlight = 0;
  let lastActivity = Number.NEGATIVE_INFINITY;
  const quiet = () => inFlight === 0 && now() - lastActivity >= quietMs;
  return {
    enter: () => {
      inFlight++;
      lastActivity = now();
    },
    leave: () => {
      inFlight = Math.max(0, inFlight - 1);
      lastActivity = now();
    },
    idle: async (maxWaitMs) => {
      const deadline = now() + maxWaitMs;
      while (!quiet() && now() < deadline) await new Promise((r) => setTimeout(r, quietMs));
    },
  };
};
