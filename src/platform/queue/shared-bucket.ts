import { sql } from "drizzle-orm";
import { type Database, rows } from "../db/client.ts";
import type { Clock } from "./rate-limit.ts";

/**
 * A number's token bucket shared by every instance on one PostgreSQL (Meta's limit is per number, not per
 * process): the balance lives in `send_buckets`. An instance takes tokens a block at a time (a tenth of the
 * rate), so the database sees one statement per block, not per message; tokens an instance holds and does not
 * use are lost, so the instances together may send less than the rate, never more.
 *
 * As in the in-process bucket (rate-limit.ts), a negative balance is a reservation: the block may be used
 * once it is paid back, and `take()` answers how long to wait before the send may go (0 = now).
 */
export type SharedBucket = { take(): Promise<number>; readonly ratePerSecond: number };

export const createSharedBucket = (
  database: Database,
  channelId: string,
  o: { ratePerSecond: number; burst?: number; block?: number; now?: Clock },
): SharedBucket => {
  const rate = o.ratePerSecond;
  const burst = o.burst ?? rate;
  const block = Math.max(1, Math.min(burst, o.block ?? Math.floor(rate / 10)));
  const now = o.now ?? Date.now;
  let held = 0;
  let usableAt = 0;
  return {
    ratePerSecond: rate,
    async take() {
      if (rate <= 0) return 0; // 0 turns the limit off (benchmarks)
      if (held === 0) {
        const balance = await takeFromBucket(database, channelId, {
          rate,
          burst,
          take: block,
          at: o.now && now(),
        });
        held = block;
        usableAt = now() + (balance >= 0 ? 0 : Math.ceil((-balance * 1000) / rate));
      }
      held--;
      return Math.max(0, usableAt - now());
    },
  };
};

/**
 * Refills the bucket for the time since its last refill, takes `take` tokens and returns the balance after.
 * The database's clock keeps instances in step; tests pass their fake clock as `at`.
 */
const takeFromBucket = async (
  database: Database,
  channelId: string,
  o: { rate: number; burst: number; take: number; at?: number },
): Promise<number> => {
  const at = o.at === undefined ? sql`clock_timestamp()` : sql`${new Date(o.at).toISOString()}::timestamptz`;
  const [row] = await rows<{ tokens: number }>(
    database.db,
    sql`INSERT INTO send_buckets AS b (channel_id, tokens, refilled_at)
        VALUES (${channelId}, ${o.burst - o.take}::float8, ${at})
        ON CONFLICT (channel_id) DO UPDATE SET
          tokens = least(${o.burst}::float8,
            b.tokens + greatest(0, extract(epoch FROM ${at} - b.refilled_at)::float8) * ${o.rate}::float8) - ${o.take}::float8,
          refilled_at = greatest(b.refilled_at, ${at})
        RETURNING tokens`,
  );
  return Number(row!.tokens);
};
