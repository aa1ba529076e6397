import { readFileSync } from "node:fs";
import { mkdir, open, readFile, unlink } from "node:fs/promises";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Lontar process (pid ${pid}) is already using the data folder ${dataDir}. ` +
        "Stop it first, or set LONTAR_DATA_DIR to another folder. " +
        "Two processes on one embedded database would corrupt it.",
    );
  }
}

export type PidLock = { path: string; release(): Promise<void> };

/**
 * PGlite lets only one process open a data directory; a second one corrupts it.
 * We hold `lontar.pid` (created with O_EXCL) beside it; a lock whose process is gone is taken over.
 */
export const acquirePidLock = async (dataDir: string): Promise<PidLock> => {
  await mkdir(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "lontar.pid");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { path: lockPath, release: () => releaseIfOurs(lockPath) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readHolder(lockPath);
      if (holder !== undefined && holder !== process.pid && isLontarAlive(holder)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      // Stale: the holder was killed without cleaning up. Remove and race for it again.
      await unlink(lockPath).catch(() => {});
    }
  }
  throw new Error(`Could not take the lock file ${lockPath}; another process keeps replacing it.`);
};

const readHolder = async (lockPath: string): Promise<number | undefined> => {
  const text = await readFile(lockPath, "utf8").catch(() => "");
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

/** Alive, and a Node process: a recycled pid belonging to something else does not hold our lock. */
const isLontarAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("node");
  } catch {
    return true; // no /proc (not Linux): trust the signal check
  }
};

const releaseIfOurs = async (lockPath: string) => {
  if ((await readHolder(lockPath)) === process.pid) await unlink(lockPath).catch(() => {});
};
