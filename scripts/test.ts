/**
 * `npm test`: typecheck, lint, then every *.test.ts under src/ and test/ with node:test.
 * Database tests run on PGlite, and also on PostgreSQL when TEST_DATABASE_URL is set.
 * Usage: npm test [-- <file or folder filter>...]
 */
import { spawnSync } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { openPglite } from "../src/platform/db/client.ts";
import { migrate } from "../src/platform/db/migrate.ts";

const root = path.resolve(import.meta.dirname, "..");
const filters = process.argv.slice(2);

const step = (title: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
  console.log(`\n# ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`# ${title} failed`);
    process.exit(result.status ?? 1);
  }
};

const findTests = async (dir: string): Promise<string[]> => {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" ? [] : findTests(rel);
      return e.name.endsWith(".test.ts") ? [rel] : [];
    }),
  );
  return nested.flat();
};

/** One migrated PGlite, dumped once, loaded by every test file: initdb per file would cost 4–5 s each. */
const preparePgliteDump = async (): Promise<string> => {
  const database = await openPglite();
  await migrate(database);
  const client = (database as unknown as { db: { $client: { dumpDataDir(c: string): Promise<Blob> } } }).db
    .$client;
  const dump = await client.dumpDataDir("gzip");
  await database.close();
  const file = path.join(root, ".tmp", "pglite-migrated.tar.gz");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  return file;
};

if (filters.length === 0) {
  step("typecheck", "npx", ["tsc", "--noEmit"]);
  step("lint", "npx", ["biome", "check", "."]);
}
const all = [...(await findTests("src")), ...(await findTests("test"))].sort();
const files = filters.length ? all.filter((f) => filters.some((x) => f.includes(x))) : all;
if (files.length === 0) {
  console.error(`No test files match ${filters.join(" ")}`);
  process.exit(1);
}
const dump = await preparePgliteDump();
console.log(
  `\n# ${files.length} test files; databases: PGlite${process.env.TEST_DATABASE_URL ? " + PostgreSQL (TEST_DATABASE_URL)" : " only (set TEST_DATABASE_URL to add PostgreSQL)"}`,
);
step(
  "tests",
  "node",
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-timeout=300000", ...files],
  {
    ...process.env,
    LONTAR_TEST_PGLITE_DUMP: dump,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
  },
);
