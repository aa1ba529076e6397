import path from "node:path";
import type { Config } from "../../config.ts";
import { type Database, openPglite, openPostgres } from "./client.ts";
import { acquirePidLock, type PidLock } from "./pid-lock.ts";

/** PostgreSQL when DATABASE_URL is set; otherwise the embedded PGlite in the data folder, guarded by a pid lock. */
export const openConfiguredDatabase = async (
  config: Config,
): Promise<{ database: Database; lock?: PidLock }> => {
  if (config.databaseUrl) return { database: await openPostgres(config.databaseUrl) };
  const lock = await acquirePidLock(config.dataDir);
  try {
    return { database: await openPglite(path.join(config.dataDir, "pglite")), lock };
  } catch (error) {
    await lock.release();
    throw error;
  }
};
