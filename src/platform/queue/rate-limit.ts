/**
 * Token bucket: `ratePerSecond` tokens per second, bursts up to `burst`. Pure apart from the clock,
 * which tests replace. `take()` answers how long to wait before the send may go (0 = now).
 */
export type Clock = () => number;

export type TokenBucket = { take(): number; readonly ratePerSecond: number };

export const createTokenBucket = (
  ratePerSecond: number,
  burst = ratePerSecond,
  now: Clock = Date.now,
): TokenBucket => {
  let tokens = burst;
  let updatedAt = now();
  return {
    ratePerSecond,
    take() {
      if (ratePerSecond <= 0) return 0; // 0 turns the limit off (benchmarks)
      const t = now();
      tokens = Math.min(burst, tokens + ((t - updatedAt) * ratePerSecond) / 1000);
      updatedAt = t;
      tokens -= 1;
      // A negative balance is a reservation: the caller waits until it is paid back.
      return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / ratePerSecond);
    },
  };
};

/**
 * Per-recipient pacing: Meta limits one business to about one message per 6 s per user on average
 * (bursts allowed). We space consecutive sends to one citizen by at least `intervalMs`.
 */
export type RecipientPacer = { reserve(recipient: string): number };

export const createRecipientPacer = (
  intervalMs: number,
  now: Clock = Date.now,
  maxTracked = 50_000,
): RecipientPacer => {
  const nextFree = new Map<string, number>();
  return {
    reserve(recipient) {
      if (intervalMs <= 0) return 0;
      const t = now();
      const at = Math.max(t, nextFree.get(recipient) ?? 0);
      nextFree.delete(recipient); // re-insert keeps the map in recency order for eviction
      nextFree.set(recipient, at + intervalMs);
      if (nextFree.size > maxTracked) nextFree.delete(nextFree.keys().next().value!);
      return at - t;
    },
  };
};
