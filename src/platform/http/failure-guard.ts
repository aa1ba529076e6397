/**
 * Slows down guessing: an address that fails a check too often (a bad webhook signature, a wrong verify
 * token) is refused for a while before the check even runs. Good traffic is never counted, so Meta's bursts
 * of correctly signed webhooks are untouched.
 */
import { createThrottle } from "./throttle.ts";

export type FailureGuard = {
  /** True while the address is refused. */
  blocked(address: string): boolean;
  /** Counts one failure; past the allowance the address is refused for `blockMs`. */
  failed(address: string): void;
};

export const createFailureGuard = (o: {
  failuresPerMinute: number;
  blockMs: number;
  now?: () => number;
}): FailureGuard => {
  const now = o.now ?? Date.now;
  const allowance = createThrottle({ perMinute: o.failuresPerMinute, burst: o.failuresPerMinute, now });
  const until = new Map<string, number>();
  return {
    blocked(address) {
      const t = until.get(address);
      if (t === undefined) return false;
      if (t > now()) return true;
      until.delete(address);
      return false;
    },
    failed(address) {
      if (allowance.allow(address)) return;
      if (until.size > 10_000) until.clear(); // bounded memory under a spray of addresses
      until.set(address, now() + o.blockMs);
    },
  };
};
