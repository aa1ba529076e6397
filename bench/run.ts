/**
 * `npm run bench [-- --quick] [-- --only=ingest|sends|memory|storage|quality] [-- --keep]`: webhook ingest,
 * outbox sends, memory and blob store streaming, each against a baseline measured in the same run, and (only
 * when asked: it generates a year of a large office) quality reports at volume (see bench/README.md).
 * Results: bench/results/*.json.
 */
import os from "node:os";
import { loadConfig } from "../src/config.ts";
import {
  dropBenchDatabases,
  dropStaleBenchDatabases,
  postgresSettings,
  postgresUnavailable,
} from "./databases.ts";
import { benchIngest, type IngestResult, type IngestSettings } from "./ingest.ts";
import { benchMemory, type MemoryResult, type MemorySettings } from "./memory.ts";
import { benchQuality, type QualityResult, type QualitySettings } from "./quality.ts";
import { qualityTables } from "./quality-table.ts";
import { ingestTable, memoryTable, sendsTable, writeResults } from "./report.ts";
import { benchSends, type SendsResult, type SendsSettings } from "./sends.ts";
import { benchStorage, type StorageResult, type StorageSettings, storageTable } from "./storage.ts";

const PARTS = ["ingest", "sends", "memory", "storage", "quality"] as const;
type Part = (typeof PARTS)[number];
/** quality generates 20,000,000 messages: run it on purpose (--only=quality), not with every run. */
const DEFAULT_PARTS: readonly Part[] = ["ingest", "sends", "memory", "storage"];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const keep = args.includes("--keep");
const unknown = args.filter((a) => a !== "--quick" && a !== "--keep" && !a.startsWith("--only="));
if (unknown.length > 0 || (onlyArg && !PARTS.includes(onlyArg as Part))) {
  console.error(`Usage: npm run bench -- [--quick] [--only=${PARTS.join("|")}] [--keep]`);
  process.exit(2);
}
const parts: readonly Part[] = onlyArg ? [onlyArg as Part] : DEFAULT_PARTS;

const settings = {
  ingest: {
    durationS: quick ? 3 : 10,
    warmupS: quick ? 1 : 2,
    connections: 50,
    rounds: quick ? 1 : 3,
    rate: 500,
    rateConnections: 10,
    drainTimeoutS: quick ? 120 : 600,
    vacuum: false,
  } satisfies IngestSettings,
  sends: {
    messages: quick ? 1000 : 10_000,
    citizens: 1000,
    txSize: 500,
    timeoutS: quick ? 120 : 600,
    vacuum: false,
  } satisfies SendsSettings,
  memory: {
    messages: quick ? 10_000 : 100_000,
    warmup: quick ? 1000 : 2000,
    connections: 16,
    drainTimeoutS: quick ? 300 : 1200,
  } satisfies MemorySettings,
  // One 100 MB file in both runs: the size a citizen's PDF may reach; a few seconds.
  storage: { megabytes: 100, rounds: quick ? 2 : 3 } satisfies StorageSettings,
  // Full: the issue's year (1,000,000 applications, 20,000,000 messages) on PostgreSQL, 1/20 of it on PGlite.
  quality: {
    quick,
    scale: quick ? 0.002 : 1,
    healthDays: quick ? 31 : 366,
    batch: quick ? 50_000 : 250_000,
    runs: quick ? 3 : 7,
    checkScale: quick ? 0.0002 : 0.001,
    writes: { perRound: quick ? 20 : 200, rounds: quick ? 1 : 3 },
    pglite: {
      scale: quick ? 0.001 : 0.05,
      healthDays: quick ? 31 : 366,
      batch: 50_000,
      runs: quick ? 3 : 5,
      writeEveryMs: 5,
      idleS: quick ? 1 : 3,
    },
    keep,
  } satisfies QualitySettings,
};

// Whatever happens, the run ends: a hard deadline, and Ctrl-C still drops the bench databases.
const deadlineMs = (quick ? 20 : parts.includes("quality") ? 240 : 120) * 60_000;
const bail = (code: number, why: string) => {
  console.error(why);
  // Dropping the databases cuts Lontar's connections; their errors no longer matter.
  process.on("uncaughtException", () => {});
  void dropBenchDatabases()
    .catch(() => {})
    .finally(() => process.exit(code));
};
setTimeout(() => bail(3, `Benchmark exceeded ${deadlineMs / 60_000} min; aborted.`), deadlineMs).unref();
process.once("SIGINT", () => bail(130, "Interrupted; dropping bench databases."));

const notes: string[] = [];
const note = (text: string) => {
  notes.push(text);
  console.log(`note: ${text}`);
};

const main = async () => {
  console.log(
    `Lontar bench (${quick ? "quick" : "full"}; ${parts.join(", ")}) — Node ${process.version}, ${os.cpus().length} CPUs; ` +
      "server, load generator and PostgreSQL share them, so read ratios, not absolute numbers.\n",
  );
  const unreachable = await postgresUnavailable();
  let pgSettings: Record<string, string> | undefined;
  if (unreachable) note(`PostgreSQL not reachable (${unreachable}): PostgreSQL parts skipped.`);
  else {
    const stale = await dropStaleBenchDatabases();
    if (stale.length) note(`dropped ${stale.length} bench database(s) left by killed runs`);
    pgSettings = await postgresSettings();
    if (pgSettings.autovacuum === "off") {
      note("PostgreSQL has autovacuum off: the bench runs VACUUM ANALYZE between phases in its place");
    }
  }
  const vacuumFor = (backend: string) => backend === "postgres" && pgSettings?.autovacuum === "off";
  const backends = unreachable ? (["pglite"] as const) : (["postgres", "pglite"] as const);
  const appSecret = loadConfig({ LOG_LEVEL: "silent" }).whatsapp.appSecret;
  const ingest: IngestResult[] = [];
  const sends: SendsResult[] = [];
  let memory: MemoryResult | undefined;
  let storage: StorageResult | undefined;
  let quality: QualityResult | undefined;

  if (parts.includes("ingest"))
    for (const backend of backends) {
      const result = await benchIngest(
        backend,
        { ...settings.ingest, vacuum: vacuumFor(backend) },
        appSecret,
      );
      ingest.push(result);
      console.log(`${ingestTable(result)}\n`);
    }
  if (parts.includes("sends")) {
    for (const backend of backends)
      sends.push(await benchSends(backend, { ...settings.sends, vacuum: vacuumFor(backend) }));
    console.log(`${sendsTable(sends)}\n`);
  }
  if (parts.includes("memory")) {
    memory = await benchMemory(settings.memory);
    console.log(`${memoryTable(memory)}\n`);
  }
  if (parts.includes("storage")) {
    storage = await benchStorage(settings.storage);
    console.log(`${storageTable(storage)}\n`);
  }
  if (parts.includes("quality")) {
    quality = await benchQuality(settings.quality, !unreachable);
    console.log(`\n${qualityTables(quality)}\n`);
  }

  const errors = [
    ...ingest.flatMap((r) => r.runs.flatMap((p) => [...p.baseline.flags, ...p.lontar.flags])),
    ...sends.flatMap((r) => r.flags),
    ...(memory?.flags ?? []),
    ...(storage?.flags ?? []),
    ...(quality?.flags ?? []),
  ];
  const file = await writeResults({
    startedAt: new Date().toISOString(),
    quick,
    parts,
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model },
    postgres: pgSettings,
    settings,
    notes,
    ingest,
    sends,
    memory,
    storage,
    quality,
    errors,
  });
  console.log(`Results: ${file}`);
  if (errors.length > 0) {
    console.log(`FLAGGED: ${errors.length} problem(s):\n  ${errors.join("\n  ")}`);
    process.exitCode = 1;
  }
};

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await dropBenchDatabases().catch((error) => console.error("could not drop bench databases:", error));
}
// Pools and servers are closed above; exit anyway so a stray handle can never keep a run alive.
process.exit(process.exitCode ?? 0);
