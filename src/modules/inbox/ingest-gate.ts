/**
 * Webhooks first. Meta wants a fast 200 and retries slow endpoints; applying a payload can wait a moment.
 * The route counts requests in flight; the inbox worker waits (a bounded time, so it never starves) while
 * any are. On PGlite this matters most: one connection serves both, in turn.
 */
export type IngestGate = { enter(): void; leave(): void; idle(maxWaitMs: number): Promise<void> };

export const createIngestGate = (): IngestGate => {
  let inFlight = 0;
  let waiters: Array<() => void> = [];
  return {
    enter: () => {
      inFlight++;
    },
    leave: () => {
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight > 0) return;
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    },
    idle: (maxWaitMs) =>
      inFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              waiters = waiters.filter((w) => w !== done);
              resolve();
            }, maxWaitMs);
            const done = () => {
              clearTimeout(timer);
              resolve();
            };
            waiters.push(done);
          }),
  };
};
