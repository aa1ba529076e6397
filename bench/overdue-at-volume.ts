/**
 * countOverdueBlobs on the kept year (`npm run bench -- --only=quality --keep` leaves lontar_bench_quality):
 * at the bench's NOW the last day's files are unpurged (the purge down for a day); Lontar purges hourly
 * (main.ts), so an hour after a purge only an hour's files are overdue. Median of 7 at several instants.
 * Run: npx tsx bench/overdue-at-volume.ts
 */
import { sql } from "drizzle-orm";
import { loadCatalogue } from "../src/modules/catalogue/load.ts";
import { countOverdueBlobs } from "../src/modules/retention/retention.repo.ts";
import { retentionPolicy } from "../src/modules/retention/retention.service.ts";
import { openPostgres, rows } from "../src/platform/db/client.ts";
import { NOW } from "./quality-volume.ts";

const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const database = await openPostgres(url.replace(/\/[^/]*$/, "/lontar_bench_quality"));
const policy = retentionPolicy(await loadCatalogue(), 30);
const [office] = await rows<{ id: string }>(database.db, sql`SELECT id FROM offices WHERE code = 'BQ'`);
for (const hoursBack of [0, 12, 23]) {
  const now = new Date(NOW.getTime() - hoursBack * 3_600_000);
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < 8; i++) {
    const started = performance.now();
    n = await countOverdueBlobs(database.db, { policy, now, officeId: office!.id });
    if (i > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `now − ${hoursBack} h: ${n} overdue, median ${times[3]!.toFixed(1)} ms (7 runs after a warm-up)`,
  );
}
await database.close();
