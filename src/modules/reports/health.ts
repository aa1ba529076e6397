/**
 * Lontar's own health record, the source of the "system availability" figure: every minute each instance
 * writes one row with how its webhook answered in that minute. A minute with no row (the instance or the
 * database was down) or with a failed webhook answer (5xx) counts as unavailable.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Database, rows, type Tx } from "../../platform/db/client.ts";

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

export const HOUR_MS = 3_600_000;

/**
 * How long after an hour ends before it is summarised. flush() stamps its row with the minute it was called
 * in (the timer fires once a minute), so the last row of an hour is stamped 59 minutes past at the latest
 * and normally commits within milliseconds of the hour's end. It can commit later only when the INSERT waits:
 * behind PGlite's single connection (a year's report, the retention purge: seconds), for a free pool
 * connection, or through a blocked event loop; and instances' clocks may differ by NTP's skew (well under a
 * second). Five minutes covers all of these with a wide margin, and costs the report only five more minutes
 * of raw samples. A row that still arrived after its hour was summarised would be left out of that hour's
 * figure (the report reads the summary, not the row).
 */
export const SUMMARY_MARGIN_MS = 5 * 60_000;

/**
 * Hours summarised per call: a first run over a year of old samples (8,760 hours) is spread over 53 calls, a
 * minute apart, each reading a week of samples (about 20,000 rows for two instances): 20–50 ms a call in
 * bench/health-hours.ts, so it never holds PGlite's only connection for long.
 */
export const SUMMARY_BATCH_HOURS = 24 * 7;

/** Hours are cut in UTC whatever the session's time zone (date_trunc would follow it: +05:30 exists). */
const HOUR_ORIGIN = "2000-01-01T00:00:00Z";

export const floorHour = (at: number) => Math.floor(at / HOUR_MS) * HOUR_MS;
export const ceilHour = (at: number) => Math.ceil(at / HOUR_MS) * HOUR_MS;

/**
 * Sums healthy minutes into health_hours for the closed hours after the last summarised one (from the first
 * sample's hour on the first run), oldest first, at most `maxHours` of them. Hours without a sample get a row
 * of 0 too, so the summarised hours stay one unbroken run and the next call knows where to start. Two
 * instances may run it at once: a closed hour's samples no longer change, so both compute the same rows and
 * ON CONFLICT DO NOTHING keeps one. Returns how many hours this call covered (fewer than `maxHours`: caught up).
 */
export const summariseClosedHours = async (
  db: Tx,
  now: Date,
  maxHours = SUMMARY_BATCH_HOURS,
): Promise<number> => {
  const [next] = await rows<{ start: Date | string | null }>(
    db,
    sql`SELECT coalesce((SELECT max(hour) + interval '1 hour' FROM health_hours),
                        (SELECT date_bin('1 hour', min(minute), ${HOUR_ORIGIN}::timestamptz) FROM health_samples)) AS start`,
  );
  if (!next?.start) return 0;
  const start = new Date(next.start).getTime();
  const stop = Math.min(start + maxHours * HOUR_MS, floorHour(now.getTime() - SUMMARY_MARGIN_MS));
  if (stop <= start) return 0;
  const [from, to] = [new Date(start), new Date(stop)];
  await db.execute(sql`
    INSERT INTO health_hours (hour, healthy_minutes)
    SELECT g.hour, coalesce(h.healthy, 0)
      FROM generate_series(${from}::timestamptz, ${to}::timestamptz - interval '1 hour', interval '1 hour') AS g(hour)
      LEFT JOIN (SELECT date_bin('1 hour', minute, ${HOUR_ORIGIN}::timestamptz) AS hour, count(*)::int AS healthy
                   FROM (${healthyMinutesIn(sql`minute >= ${from} AND minute < ${to}`)}) m
                  GROUP BY 1) h ON h.hour = g.hour
    ON CONFLICT (hour) DO NOTHING`);
  return (stop - start) / HOUR_MS;
};

/**
 * The minutes (among samples matching `where`) in which some instance had its database and no webhook got a
 * failure answer. The one definition of a healthy minute, shared by the summary and the report.
 */
export const healthyMinutesIn = (where: SQL) =>
  sql`SELECT minute FROM health_samples WHERE ${where}
       GROUP BY minute HAVING bool_or(database_ok) AND sum(webhook_failed) = 0`;

export type TimeRange = { start: number; end: number };

/**
 * The parts of [start, end) not covered by the given runs of summarised hours (sorted, inside the span):
 * the edges that are not on hour boundaries, and any hours not summarised yet.
 */
export const uncoveredRanges = (span: TimeRange, covered: TimeRange[]): TimeRange[] => {
  const gaps: TimeRange[] = [];
  let at = span.start;
  for (const run of covered) {
    if (run.start > at) gaps.push({ start: at, end: run.start });
    at = Math.max(at, run.end);
  }
  if (span.end > at) gaps.push({ start: at, end: span.end });
  return gaps;
};
