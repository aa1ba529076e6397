import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./client.ts";

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
/** Arbitrary constant shared by every Lontar instance: only one migrates at a time. */
const MIGRATION_LOCK_KEY = 7_340_221_001;

/**
 * Applies every migration file not yet recorded, in name order, one transaction per file,
 * under a session-level advisory lock. Unlike drizzle's migrator there is no high-water mark,
 * so a file merged late from a branch is still applied.
 */
export const migrate = (database: Database, dir = MIGRATIONS_DIR): Promise<string[]> => {
  // PGlite's single connection makes the advisory lock re-entrant, so serialise callers in-process too.
  const previous = inProcess.get(database) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => migrateLocked(database, dir));
  inProcess.set(database, run);
  return run;
};

const inProcess = new WeakMap<Database, Promise<unknown>>();

const migrateLocked = async (database: Database, dir: string): Promise<string[]> =>
  database.withSession(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await session.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const applied = new Set(
        (await session.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name),
      );
      const pending = (await listMigrations(dir)).filter((name) => !applied.has(name));
      for (const name of pending) {
        const text = await readFile(path.join(dir, name), "utf8");
        await session
          .inTransaction(async (run) => {
            for (const statement of splitStatements(text)) await run(statement);
            await run(`INSERT INTO schema_migrations (name) VALUES ('${name.replace(/'/g, "''")}')`);
          })
          .catch((error: Error) => {
            throw new Error(`Migration ${name} failed and was rolled back: ${error.message}`);
          });
      }
      return pending;
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  });

export const listMigrations = async (dir = MIGRATIONS_DIR): Promise<string[]> =>
  (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();

/** Names of migration files this build has that the database has not applied. */
export const pendingMigrations = async (database: Database, dir = MIGRATIONS_DIR): Promise<string[]> =>
  database.withSession(async (session) => {
    const exists = await session.query<{ t: string | null }>(
      "SELECT to_regclass('schema_migrations')::text AS t",
    );
    const applied = exists[0]?.t
      ? new Set(
          (await session.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name),
        )
      : new Set<string>();
    return (await listMigrations(dir)).filter((n) => !applied.has(n));
  });

const splitStatements = (text: string): string[] =>
  text
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
