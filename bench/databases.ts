import pg from "pg";
import { type Database, openPglite, openPostgres } from "../src/platform/db/client.ts";
import { migrate } from "../src/platform/db/migrate.ts";

/** Where to create the bench databases; BENCH_DATABASE_URL overrides (an admin connection). */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PREFIX = "lontar_bench_";

const withAdmin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

/** Undefined when PostgreSQL answers; otherwise why not (printed, and the PostgreSQL parts are skipped). */
export const postgresUnavailable = async (): Promise<string | undefined> => {
  try {
    await withAdmin((c) => c.query("SELECT 1"));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

/** Server settings that change what the numbers mean; recorded with the results. */
export const postgresSettings = async (): Promise<Record<string, string>> =>
  withAdmin(async (c) => {
    const found = await c.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'autovacuum', 'fsync', 'synchronous_commit', 'shared_buffers', 'max_connections')",
    );
    return Object.fromEntries(found.rows.map((r) => [r.name, r.setting]));
  });

const created = new Set<string>();
let counter = 0;

/** A fresh empty database; dropped by dropBenchDatabases() at the end of the run. */
export const createBenchDatabase = async (tag: string): Promise<string> => {
  const name = `${PREFIX}${process.pid}_${tag}_${++counter}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  created.add(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * A database with a fixed name, reused when it already exists (the quality bench's year takes long to
 * generate). Dropped by dropBenchDatabases() like the others unless `keep`; stale-database cleanup never
 * touches it (no pid in the name).
 */
export const namedBenchDatabase = async (tag: string, keep: boolean) => {
  const name = `${PREFIX}${tag}`;
  const existed = await withAdmin(
    async (c) => ((await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount ?? 0) > 0,
  );
  if (!existed) await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  if (!keep) created.add(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), existed };
};

export const dropBenchDatabases = async () => {
  if (created.size === 0) return;
  await withAdmin(async (c) => {
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  created.clear();
};

/** Databases left by a bench run that was killed (its pid is gone): ours by name, so safe to drop. */
export const dropStaleBenchDatabases = async (): Promise<string[]> =>
  withAdmin(async (c) => {
    const found = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'lontar\\_bench\\_%'",
    );
    const stale = found.rows
      .map((r) => r.datname)
      .filter((name) => {
        const pid = Number(name.slice(PREFIX.length).split("_")[0]);
        return Number.isInteger(pid) && pid !== process.pid && !alive(pid);
      });
    for (const name of stale) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return stale;
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

export type Backend = "postgres" | "pglite";

/** A migrated database for Lontar: in-memory PGlite unless a data folder is given. */
export const openLontarDatabase = async (backend: Backend, pgliteDir?: string): Promise<Database> => {
  const database =
    backend === "postgres"
      ? await openPostgres(await createBenchDatabase("lontar"))
      : await openPglite(pgliteDir);
  await migrate(database);
  return database;
};
