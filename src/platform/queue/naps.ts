/**
 * Polling loops sleep between rounds; a wake-up (a new row was committed) ends every current sleep at once,
 * and polling stays as the safety net for wake-ups that never arrive.
 */
export const createNaps = () => {
  const sleepers = new Set<() => void>();
  return {
    nap: (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          sleepers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        sleepers.add(done);
      }),
    wakeAll: () => {
      for (const wake of sleepers) wake();
    },
    /** One wake-up for one new row: waking every worker would send them all to claim the same row. */
    wakeOne: () => {
      const [first] = sleepers;
      first?.();
    },
  };
};
