import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe } from "node:test";
import pg from "pg";
import { type Database, openPglite, openPostgres } from "./client.ts";
import { listMigrations, MIGRATIONS_DIR, migrate } from "./migrate.ts";

/**
 * Test databases. Every database-touching test runs on PGlite, and on PostgreSQL too when
 * TEST_DATABASE_URL is set (CI always sets it). Each test file gets its own migrated database:
 * PostgreSQL clones a template database; PGlite loads a dumped data directory made once by scripts/test.ts.
 */
export type BackendName = "pglite" | "postgres";

export const testBackends = (): BackendName[] =>
  process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export type TestDatabase = Database & { name: BackendName; url?: string; drop(): Promise<void> };

export const openTestDatabase = async (backend: BackendName): Promise<TestDatabase> =>
  backend === "pglite" ? openTestPglite() : openTestPostgres();

/**
 * Runs `body` once per backend inside a describe block, with a fresh migrated database for each. The body is
 * told which backend it registers tests for, so a test that needs two connections at once (PostgreSQL only:
 * PGlite has one) is registered there and not elsewhere, instead of being reported as skipped.
 */
export const describeEachDatabase = (
  title: string,
  body: (get: () => TestDatabase, backend: BackendName) => void,
) => {
  for (const backend of testBackends()) {
    describe(`${title} [${backend}]`, () => {
      let database: TestDatabase | undefined;
      before(async () => {
        database = await openTestDatabase(backend);
      });
      body(() => {
        if (!database) throw new Error("test database not open yet");
        return database;
      }, backend);
      // Registered after the body's hooks so it runs after them: the body stops its servers first.
      after(async () => {
        await database?.drop();
      });
    });
  }
};

/** Empties every table (keeps the schema) so a test starts from nothing. */
export const truncateAll = async (database: Database) =>
  database.withSession(async (s) => {
    const tables = await s.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
    );
    if (tables.length === 0) return;
    await s.query(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(", ")} CASCADE`);
  });

const openTestPglite = async (): Promise<TestDatabase> => {
  const dump = process.env.LONTAR_TEST_PGLITE_DUMP;
  if (dump) {
    const blob = new Blob([await readFile(dump)]);
    const database = await openPglite(undefined, blob);
    await migrate(database); // no-op unless a migration was added after the dump
    return { ...database, name: "pglite", drop: () => database.close() };
  }
  const database = await openPglite();
  await migrate(database);
  return { ...database, name: "pglite", drop: () => database.close() };
};

let cloneCounter = 0;

const openTestPostgres = async (): Promise<TestDatabase> => {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const template = await ensureTemplate(adminUrl);
  const name = `lontar_t_${process.pid}_${++cloneCounter}_${Date.now().toString(36)}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = withDatabaseName(adminUrl, name);
  const database = await openPostgres(url);
  return {
    ...database,
    name: "postgres",
    url,
    drop: async () => {
      await database.close();
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
};

/** A migrated template named after the migration files' hash; made once, under a lock, by whoever comes first. */
const ensureTemplate = async (adminUrl: string): Promise<string> => {
  const hash = createHash("sha256");
  for (const file of await listMigrations()) hash.update(await readFile(path.join(MIGRATIONS_DIR, file)));
  const name = `lontar_template_${hash.digest("hex").slice(0, 12)}`;
  await withAdmin(adminUrl, async (c) => {
    await c.query("SELECT pg_advisory_lock(7340221002)");
    try {
      const found = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (found.rowCount) return;
      const building = `${name}_building`;
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${building}"`);
      const database = await openPostgres(withDatabaseName(adminUrl, building), 1);
      await migrate(database);
      await database.close();
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await c.query("SELECT pg_advisory_unlock(7340221002)");
    }
  });
  return name;
};

const withAdmin = async <T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

const withDatabaseName = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
