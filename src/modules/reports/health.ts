/**
 * Lontar's own health record, the source of the "system availability" figure: every minute each instance
 * writes one row with how its webhook answered in that minute. A minute with no row (the instance or the
 * database was down) or with a failed webhook answer (5xx) counts as unavailable.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../../platform/db/client.ts";

export type HealthRecorder = {
  /** A webhook POST was answered with this HTTP status. */
  noteWebhook(status: number): void;
  /** Writes the current minute's row (called every minute, and at shutdown). */
  flush(now?: Date): Promise<void>;
};

const minuteOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

export const createHealthRecorder = (database: Database, instance: string): HealthRecorder => {
  let ok = 0;
  let failed = 0;
  return {
    noteWebhook(status) {
      // A 4xx is the sender's fault (bad signature, malformed body): the service itself was up.
      if (status >= 500) failed++;
      else ok++;
    },
    async flush(now = new Date()) {
      const [okNow, failedNow] = [ok, failed];
      ok = 0;
      failed = 0;
      await database.db.execute(sql`
        INSERT INTO health_samples (minute, instance, database_ok, webhook_ok, webhook_failed)
        VALUES (${minuteOf(now)}, ${instance}, true, ${okNow}, ${failedNow})
        ON CONFLICT (minute, instance) DO UPDATE
          SET webhook_ok = health_samples.webhook_ok + EXCLUDED.webhook_ok,
              webhook_failed = health_samples.webhook_failed + EXCLUDED.webhook_failed`);
    },
  };
};
