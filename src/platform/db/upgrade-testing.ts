/**
 * For upgrade tests of a migration: an empty database (the test helpers' ones are migrated to the end already,
 * so they cannot be upgraded) and a folder of the shipped migrations before a given one.
 */
import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openPglite, openPostgres } from "./client.ts";
import { listMigrations, MIGRATIONS_DIR } from "./migrate.ts";
import type { BackendName } from "./testing.ts";

export type FreshDatabase = Database & { drop(): Promise<void> };

/** An empty database: in-memory PGlite, or a new PostgreSQL database next to TEST_DATABASE_URL's. */
export const openEmptyDatabase = async (backend: BackendName): Promise<FreshDatabase> => {
  if (backend === "pglite") {
    const database = await openPglite();
    return { ...database, drop: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `lontar_upgrade_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(text).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString());
  return {
    ...database,
    drop: async () => {
      await database.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
};

/** A folder with the shipped migrations before `first`: the installation as it was before the upgrade. */
export const migrationsBefore = async (first: string): Promise<string> => {
  const dir = await mkdtemp(path.join(tmpdir(), "lontar-upgrade-"));
  for (const name of await listMigrations())
    if (name < first) await copyFile(path.join(MIGRATIONS_DIR, name), path.join(dir, name));
  return dir;
};
