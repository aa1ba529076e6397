/**
 * Group commit: many small writes that arrive together go to the database as one statement. Writes leave
 * at the end of the event loop's current turn if a slot is free (no timer, so no added latency when traffic
 * is light); writes that arrive while every slot is busy wait and leave together in the next statement. Each caller's promise settles when the
 * statement holding its item has committed, or fails with it, so a caller never reports success for an item
 * that is not stored.
 */
export type GroupCommit<T> = { submit(item: T): Promise<void> };

export type GroupCommitOptions<T> = {
  /** Statements in flight at once (PGlite has one connection: 1; a pool can take a few). */
  maxInFlight: number;
  /** Items per statement. */
  maxItems: number;
  /** Size of an item (bytes of a payload, say), and the most one statement may carry. */
  weigh?: (item: T) => number;
  maxWeight?: number;
};

type Waiting<T> = { item: T; resolve: () => void; reject: (error: unknown) => void };

export const createGroupCommit = <T>(
  write: (items: T[]) => Promise<void>,
  o: GroupCommitOptions<T>,
): GroupCommit<T> => {
  const queue: Waiting<T>[] = [];
  let inFlight = 0;

  const takeBatch = (): Waiting<T>[] => {
    const weigh = o.weigh ?? (() => 0);
    const maxWeight = o.maxWeight ?? Number.POSITIVE_INFINITY;
    let weight = 0;
    let n = 0;
    while (n < queue.length && n < o.maxItems) {
      weight += weigh(queue[n]!.item);
      // The first item always goes, however large: it cannot be split.
      if (n > 0 && weight > maxWeight) break;
      n++;
    }
    return queue.splice(0, n);
  };

  const flush = () => {
    while (inFlight < o.maxInFlight && queue.length > 0) {
      const batch = takeBatch();
      inFlight++;
      // A write that throws before its first await fails its batch like one that rejects.
      new Promise<void>((resolve) => resolve(write(batch.map((w) => w.item)))).then(
        () => settle(batch, (w) => w.resolve()),
        (error) => settle(batch, (w) => w.reject(error)),
      );
    }
  };

  // Requests read in the same turn of the event loop are handled one after another before any I/O
  // completes (PGlite even runs the statement itself synchronously), so waiting for the end of this turn
  // (setImmediate runs right after the poll phase) is what lets them meet; it adds no timer delay.
  let scheduled = false;
  const scheduleFlush = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      flush();
    });
  };

  const settle = (batch: Waiting<T>[], outcome: (w: Waiting<T>) => void) => {
    inFlight--;
    for (const waiting of batch) outcome(waiting);
    flush();
  };

  return {
    submit: (item) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        scheduleFlush();
      }),
  };
};
