import { and, asc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { blobs } from "../db/schema/index.ts";
import { BlobNotFoundError, type BlobStore, createBlobStore } from "./blob-store.ts";
import type { Keyring } from "./crypto.ts";
import { loadKeyring } from "./keys.ts";
import type { StorageConfig } from "./storage-config.ts";

export type RotationReport = {
  /** Objects whose data key was re-wrapped by the current key. */
  rewrapped: number;
  /** Objects already wrapped by it (a run that crashed between the object and its row): only the row changed. */
  rowsFixed: number;
  missing: string[];
  failed: Array<{ blobId: string; error: string }>;
  /** Rows on the other backend, which this configuration cannot reach. */
  otherBackend: number;
  /** True when `stopAfter` ended the run early. */
  stopped: boolean;
};

/**
 * Re-wraps every stored file whose blobs.key_id is not the current key's id (rows from before key ids,
 * NULL, too), then records the new id. One object at a time, each committed on its own: a run that stops
 * anywhere is finished by running it again, and a finished run does nothing when repeated.
 */
export const rotateKeys = async (
  database: Database,
  store: BlobStore,
  keys: Keyring,
  o: { batch?: number; stopAfter?: number; progress?: (done: number) => void } = {},
): Promise<RotationReport> => {
  const report: RotationReport = {
    rewrapped: 0,
    rowsFixed: 0,
    missing: [],
    failed: [],
    otherBackend: 0,
    stopped: false,
  };
  const stale = and(isNull(blobs.purgedAt), or(isNull(blobs.keyId), ne(blobs.keyId, keys.current.id)));
  report.otherBackend = await countOtherBackend(database, store.backend, stale);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await database.db
      .select({ id: blobs.id, storageKey: blobs.storageKey })
      .from(blobs)
      .where(and(stale, eq(blobs.backend, store.backend), gt(blobs.id, after)))
      .orderBy(asc(blobs.id))
      .limit(o.batch ?? 100);
    if (page.length === 0) return report;
    for (const blob of page) {
      if (o.stopAfter !== undefined && report.rewrapped + report.rowsFixed >= o.stopAfter) {
        report.stopped = true;
        return report;
      }
      await rotateOne(database, store, keys, blob, report);
      o.progress?.(report.rewrapped + report.rowsFixed);
    }
    after = page.at(-1)!.id;
  }
};

const rotateOne = async (
  database: Database,
  store: BlobStore,
  keys: Keyring,
  blob: { id: string; storageKey: string },
  report: RotationReport,
) => {
  try {
    const { changed } = await store.rewrap(blob.storageKey, keys);
    await database.db.update(blobs).set({ keyId: keys.current.id }).where(eq(blobs.id, blob.id));
    if (changed) report.rewrapped++;
    else report.rowsFixed++;
  } catch (error) {
    if (error instanceof BlobNotFoundError) report.missing.push(blob.id);
    else
      report.failed.push({ blobId: blob.id, error: error instanceof Error ? error.message : String(error) });
  }
};

const countOtherBackend = async (database: Database, backend: string, stale: ReturnType<typeof and>) => {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(blobs)
    .where(and(stale, ne(blobs.backend, backend)));
  return row?.n ?? 0;
};

/** `npm run lontar -- rotate-keys`: the configured store and keyring; exits 1 when a file could not be done. */
export const rotateKeysCommand = async (
  config: { dataDir: string; storage: StorageConfig },
  database: Database,
  print: (line: string) => void = console.log,
) => {
  const { keys } = await loadKeyring(config.storage.keys, config.dataDir);
  const store = await createBlobStore(config, keys);
  const report = await rotateKeys(database, store, keys, {
    progress: (done) => done % 1000 === 0 && print(`  ${done} files…`),
  });
  print(
    `Master key ${keys.current.id}: re-wrapped ${report.rewrapped} files` +
      (report.rowsFixed ? `, recorded ${report.rowsFixed} already re-wrapped` : "") +
      ` on ${store.backend}.`,
  );
  if (report.otherBackend)
    print(`${report.otherBackend} files are on the other backend: run again with that LONTAR_STORAGE.`);
  if (report.missing.length)
    print(`${report.missing.length} files are missing from storage (blob ids): ${report.missing.join(", ")}`);
  for (const f of report.failed) print(`Could not re-wrap blob ${f.blobId}: ${f.error}`);
  if (report.failed.length || report.missing.length || report.otherBackend) process.exitCode = 1;
  else
    print(
      "Every stored file is wrapped by the current key; old keys can be removed from LONTAR_OLD_MASTER_KEYS.",
    );
  return report;
};
