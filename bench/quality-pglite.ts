/**
 * The embedded database at a reduced volume: the same generator and SQL rollups into an on-disk PGlite, the
 * report timed there (never ANALYZEd, as an embedded install runs; then once after ANALYZE for contrast), and
 * whether a report holds up other work (quality-blocking.ts).
 */
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Catalogue } from "../src/modules/catalogue/schema.ts";
import type { RetentionPolicy } from "../src/modules/retention/retention.repo.ts";
import { openPglite } from "../src/platform/db/client.ts";
import { migrate } from "../src/platform/db/migrate.ts";
import { type Blocking, measureBlocking } from "./quality-blocking.ts";
import { generateYear } from "./quality-generate.ts";
import { type CaseResult, measureCase, reportCases } from "./quality-report.ts";
import { fillRollups, type RollupFill } from "./quality-rollups.ts";
import type { Step } from "./quality-sql.ts";
import { createBenchOffice, type Volume, volumeAt } from "./quality-volume.ts";

export type PgliteSettings = {
  scale: number;
  healthDays: number;
  batch: number;
  runs: number;
  writeEveryMs: number;
  idleS: number;
};
export type PgliteResult = {
  scale: number;
  writeEveryMs: number;
  volume: Volume;
  steps: Step[];
  rollups: RollupFill;
  databaseMB: number;
  cases: CaseResult[];
  analyzed: CaseResult[];
  blocking: Blocking;
};

const sizeOf = async (dir: string): Promise<number> => {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await sizeOf(full) : (await stat(full)).size;
  }
  return total;
};

export const benchPglite = async (
  catalogue: Catalogue,
  policy: RetentionPolicy,
  s: PgliteSettings,
  log: (line: string) => void,
): Promise<PgliteResult> => {
  const dir = await mkdtemp(path.join(tmpdir(), "lontar-bench-quality-"));
  const database = await openPglite(path.join(dir, "pgdata"));
  try {
    await migrate(database);
    const office = await createBenchOffice(database.db, "BP");
    const volume = { ...volumeAt(s.scale), healthDays: s.healthDays };
    log(`PGlite (on disk): generating 1/${Math.round(1 / s.scale)} of the year …`);
    const steps = await generateYear(
      database,
      { office, volume, catalogue, policy, batch: s.batch },
      log,
      true,
    );
    const rollups = await fillRollups(database, office.officeId);
    log(
      `  daily_rollups filled: ${rollups.rows.toLocaleString("en-US")} rows in ${rollups.seconds.toFixed(1)} s`,
    );
    await database.db.execute(sql`CHECKPOINT`);
    const databaseMB = (await sizeOf(path.join(dir, "pgdata"))) / 1024 / 1024;
    const cases: CaseResult[] = [];
    for (const c of reportCases(office, "kk")) {
      const { slowest: _, ...result } = await measureCase(database, c, s.runs, policy);
      cases.push(result);
      log(`  ${c.name.padEnd(28)} median ${result.medianMs.toFixed(0)} ms`);
    }
    const year = { officeId: office.officeId, from: "2026-01-01", to: "2026-12-31" };
    const blocked = await measureBlocking(database, year, { ...s, reports: 3 });
    await database.db.execute(sql`ANALYZE`);
    const analyzed: CaseResult[] = [];
    for (const c of reportCases(office, "kk").filter((c) => c.name === "year" || c.name === "month")) {
      const { slowest: _, ...result } = await measureCase(database, c, s.runs, policy);
      analyzed.push(result);
    }
    return {
      scale: s.scale,
      writeEveryMs: s.writeEveryMs,
      volume,
      steps,
      rollups,
      databaseMB,
      cases,
      analyzed,
      blocking: blocked,
    };
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
};
