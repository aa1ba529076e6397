/**
 * Per-key request throttling (login attempts per address, public pages per address): a token bucket per
 * key that refuses instead of queueing. Memory stays bounded: full buckets are forgotten.
 */
export type Throttle = { allow(key: string): boolean };

export const createThrottle = (o: {
  perMinute: number;
  burst: number;
  now?: () => number;
  maxKeys?: number;
}): Throttle => {
  const now = o.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, t: number) => {
    b.tokens = Math.min(o.burst, b.tokens + ((t - b.at) * o.perMinute) / 60_000);
    b.at = t;
  };
  const sweep = (t: number) => {
    for (const [key, b] of buckets) {
      refill(b, t);
      if (b.tokens >= o.burst) buckets.delete(key);
    }
  };
  return {
    allow(key) {
      const t = now();
      if (buckets.size >= (o.maxKeys ?? 10_000)) sweep(t);
      const b = buckets.get(key) ?? { tokens: o.burst, at: t };
      refill(b, t);
      buckets.set(key, b);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
};
