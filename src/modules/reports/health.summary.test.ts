/**
 * Healthy minutes summarised per closed hour (health_hours) give the report the same figure as counting the
 * raw per-minute samples, for any period, however far the summary has got.
 */
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { SUMMARY_MARGIN_MS, summariseClosedHours } from "./health.ts";
import { healthMinutes, type Span } from "./report.repo.ts";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 1);
const DAYS = 4;

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** The computation before health_hours existed, kept as the reference. */
const rawHealthMinutes = async (tx: Tx, s: Span, now: Date) => {
  const [row] = await rows<{ first: Date | string | null; healthy: number }>(
    tx,
    sql`SELECT (SELECT min(minute) FROM health_samples) AS first,
               (SELECT count(*)::int FROM (
                  SELECT minute FROM health_samples
                   WHERE minute >= ${s.start} AND minute < ${s.end}
                   GROUP BY minute HAVING bool_or(database_ok) AND sum(webhook_failed) = 0) h) AS healthy`,
  );
  if (!row?.first) return { observed: 0, healthy: 0 };
  const start = Math.max(s.start.getTime(), new Date(row.first).getTime());
  const end = Math.min(s.end.getTime(), now.getTime());
  return { observed: Math.max(0, Math.floor((end - start) / 60_000)), healthy: row.healthy };
};

type Sample = { minute: string; instance: string; database_ok: boolean; webhook_failed: number };

const insertSamples = (tx: Tx, samples: Sample[]) =>
  tx.execute(sql`
    INSERT INTO health_samples (minute, instance, database_ok, webhook_ok, webhook_failed)
    SELECT minute, instance, database_ok, 1, webhook_failed
      FROM json_to_recordset(${JSON.stringify(samples)}::json)
           AS x(minute timestamptz, instance text, database_ok boolean, webhook_failed int)`);

/**
 * Two instances over DAYS days: each misses minutes on its own, some hours neither wrote anything (both
 * down), some minutes had no database or a failed webhook answer.
 */
const randomSamples = (seed: number): Sample[] => {
  const next = random(seed);
  const samples: Sample[] = [];
  for (let hour = 0; hour < DAYS * 24; hour++) {
    if (next() < 0.08) continue;
    for (let m = 0; m < 60; m++) {
      const minute = new Date(T0 + hour * HOUR + m * 60_000).toISOString();
      for (const [instance, up] of [
        ["a", 0.85],
        ["b", 0.7],
      ] as const) {
        if (next() > up) continue;
        samples.push({
          minute,
          instance,
          database_ok: next() > 0.05,
          webhook_failed: next() < 0.05 ? 1 + Math.floor(next() * 3) : 0,
        });
      }
    }
  }
  return samples;
};

/** An instant near the data, on an hour, a minute or anywhere (milliseconds included). */
const randomInstant = (next: () => number) => {
  const at = T0 - 3 * HOUR + Math.floor(next() * (DAYS * 24 + 6) * HOUR);
  const kind = next();
  if (kind < 0.25) return Math.floor(at / HOUR) * HOUR;
  if (kind < 0.6) return Math.floor(at / 60_000) * 60_000;
  return at;
};

const summariseAll = async (tx: Tx, now: Date) => {
  while ((await summariseClosedHours(tx, now)) > 0);
};

describeEachDatabase("health summarised per hour", (database) => {
  const db = () => database().db;
  const hours = () =>
    rows<{ hour: Date | string; healthy_minutes: number }>(
      db(),
      sql`SELECT hour, healthy_minutes FROM health_hours ORDER BY hour`,
    ).then((r) => r.map((h) => ({ hour: new Date(h.hour).toISOString(), healthy: h.healthy_minutes })));

  beforeEach(async () => {
    await db().execute(sql`DELETE FROM health_hours`);
    await db().execute(sql`DELETE FROM health_samples`);
  });

  test("an hour is summarised once it is over and the margin for late samples has passed", async () => {
    const at = (minutes: number) => new Date(T0 + minutes * 60_000);
    await insertSamples(db(), [
      { minute: at(10).toISOString(), instance: "a", database_ok: true, webhook_failed: 0 },
      { minute: at(11).toISOString(), instance: "a", database_ok: true, webhook_failed: 2 },
      { minute: at(11).toISOString(), instance: "b", database_ok: true, webhook_failed: 0 },
      { minute: at(12).toISOString(), instance: "a", database_ok: false, webhook_failed: 0 },
      { minute: at(12).toISOString(), instance: "b", database_ok: true, webhook_failed: 0 },
    ]);
    const justBefore = new Date(T0 + HOUR + SUMMARY_MARGIN_MS - 1);
    assert.equal(await summariseClosedHours(db(), justBefore), 0);
    assert.deepEqual(await hours(), []);

    // A sample for 00:59 written late, inside the margin, still counts.
    await insertSamples(db(), [
      { minute: at(59).toISOString(), instance: "b", database_ok: true, webhook_failed: 0 },
    ]);
    assert.equal(await summariseClosedHours(db(), new Date(T0 + HOUR + SUMMARY_MARGIN_MS)), 1);
    assert.deepEqual(await hours(), [{ hour: new Date(T0).toISOString(), healthy: 3 }]);
  });

  test("hours without samples count as summarised with 0; oldest first, at most maxHours per call", async () => {
    const sample = (hour: number): Sample => ({
      minute: new Date(T0 + hour * HOUR + 5 * 60_000).toISOString(),
      instance: "a",
      database_ok: true,
      webhook_failed: 0,
    });
    await insertSamples(db(), [sample(0), sample(1), sample(5)]);
    const now = new Date(T0 + 8 * HOUR);
    assert.equal(await summariseClosedHours(db(), now, 3), 3);
    const iso = (hour: number) => new Date(T0 + hour * HOUR).toISOString();
    assert.deepEqual(await hours(), [
      { hour: iso(0), healthy: 1 },
      { hour: iso(1), healthy: 1 },
      { hour: iso(2), healthy: 0 },
    ]);
    // 08:00 minus the margin: hours up to 06:00–07:00 are closed; 07:00–08:00 is not.
    assert.equal(await summariseClosedHours(db(), now, 3), 3);
    assert.equal(await summariseClosedHours(db(), now, 3), 1);
    assert.equal(await summariseClosedHours(db(), now, 3), 0);
    assert.deepEqual(
      (await hours()).map((h) => h.healthy),
      [1, 1, 0, 0, 0, 1, 0],
    );
  });

  test("two instances summarising at once write every hour once, with the raw figures", async () => {
    const samples = randomSamples(7);
    await insertSamples(db(), samples);
    const now = new Date(T0 + DAYS * 24 * HOUR + HOUR);
    for (let round = 0; round < 4; round++)
      await Promise.all([summariseClosedHours(db(), now, 30), summariseClosedHours(db(), now, 30)]);
    await summariseAll(db(), now);
    const summary = await hours();
    // Every hour from the first sample's to the last closed one, each once.
    const first = Math.floor(Date.parse(samples[0]!.minute) / HOUR) * HOUR;
    assert.deepEqual(
      summary.map((h) => h.hour),
      Array.from({ length: (T0 + DAYS * 24 * HOUR - first) / HOUR }, (_, i) =>
        new Date(first + i * HOUR).toISOString(),
      ),
    );
    for (const h of summary) {
      const start = new Date(h.hour);
      const raw = await rawHealthMinutes(
        db(),
        { officeId: "", start, end: new Date(start.getTime() + HOUR) },
        now,
      );
      assert.equal(h.healthy, raw.healthy, h.hour);
    }
  });

  test("the report's figure equals the raw computation for random periods, at every stage of summarising", async () => {
    const seed = Number(process.env.HEALTH_SEED ?? 20260301);
    await insertSamples(db(), randomSamples(seed));
    const next = random(seed + 1);
    const fixed: Array<[number, number]> = [
      [T0 - 5 * HOUR, T0 + (DAYS * 24 + 5) * HOUR],
      [T0, T0 + DAYS * 24 * HOUR],
      [T0 + 3 * HOUR, T0 + 4 * HOUR],
      [T0 + 3 * HOUR + 60_000, T0 + 4 * HOUR - 60_000],
      [T0 + 3 * HOUR + 30_500, T0 + 5 * HOUR + 30_500],
      [T0 + 10 * HOUR, T0 + 10 * HOUR],
      [T0 + 12 * HOUR, T0 + 11 * HOUR],
    ];
    const compare = async (stage: string) => {
      const spans = [...fixed];
      for (let i = 0; i < 40; i++) {
        const [a, b] = [randomInstant(next), randomInstant(next)];
        spans.push([Math.min(a, b), Math.max(a, b)]);
      }
      for (const [start, end] of spans) {
        const s = { officeId: "", start: new Date(start), end: new Date(end) };
        const now = new Date(randomInstant(next));
        assert.deepEqual(
          await healthMinutes(db(), s, now),
          await rawHealthMinutes(db(), s, now),
          `${stage}: ${s.start.toISOString()} – ${s.end.toISOString()}, now ${now.toISOString()} (seed ${seed})`,
        );
      }
    };
    await compare("nothing summarised");
    const midway = new Date(T0 + 2 * DAYS * 12 * HOUR);
    await summariseClosedHours(db(), midway, 9);
    await summariseClosedHours(db(), midway, 9);
    await compare("18 hours summarised");
    await summariseAll(db(), midway);
    await compare("summarised up to midway");
    await summariseAll(db(), new Date(T0 + (DAYS * 24 + 3) * HOUR));
    await compare("all summarised");
    // Holes in the summary (rows deleted by hand): several runs of summarised hours, the holes read raw.
    await db().execute(sql`
      DELETE FROM health_hours
       WHERE hour IN (${new Date(T0 + 5 * HOUR)}, ${new Date(T0 + 6 * HOUR)}, ${new Date(T0 + 30 * HOUR)},
                      ${new Date(T0 + 71 * HOUR)})`);
    await compare("summary with holes");
    // Samples that came before the summary began (an import) are not in it: read raw, never lost.
    await insertSamples(db(), [
      {
        minute: new Date(T0 - 2 * HOUR).toISOString(),
        instance: "a",
        database_ok: true,
        webhook_failed: 0,
      },
    ]);
    await compare("samples before the first summarised hour");
  });
});
