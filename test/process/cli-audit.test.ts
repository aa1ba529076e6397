/** `verify-audit` and `purge-documents` as an admin runs them, against the embedded database. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { sql } from "drizzle-orm";
import { loadConfig } from "../../src/config.ts";
import { recordAudit } from "../../src/modules/audit/audit.service.ts";
import { rows } from "../../src/platform/db/client.ts";
import { openConfiguredDatabase } from "../../src/platform/db/open.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

const lontar = (dataDir: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, LONTAR_DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
};

/** Opens the data folder in this process (the CLI is not running: the pid lock is free) and runs `fn`. */
const withDatabase = async (
  dataDir: string,
  fn: (db: Parameters<typeof recordAudit>[0]) => Promise<void>,
) => {
  const { database, lock } = await openConfiguredDatabase(
    loadConfig({ LONTAR_DATA_DIR: dataDir, LOG_LEVEL: "silent" }),
  );
  try {
    await fn(database.db);
  } finally {
    await database.close();
    await lock?.release();
  }
};

test("verify-audit passes an intact chain and names the first row after an edit or a deletion", {
  timeout: 300_000,
}, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-cli-audit-"));
  assert.equal(lontar(dataDir, "seed-demo").code, 0);
  const ids: number[] = [];
  await withDatabase(dataDir, async (db) => {
    const [office] = await rows<{ id: string }>(db, sql`SELECT id FROM offices`);
    for (const action of ["login", "file.view", "nik.reveal", "file.view", "session.revoke"])
      await db.transaction((tx) =>
        recordAudit(tx, { officeId: office!.id, actorId: null, action, subjectId: "x", ip: "10.0.0.7" }),
      );
    ids.push(
      ...(await rows<{ id: number }>(db, sql`SELECT id FROM audit_log ORDER BY id`)).map((r) => Number(r.id)),
    );
  });
  const intact = lontar(dataDir, "verify-audit");
  assert.equal(intact.code, 0, intact.out);
  assert.match(intact.out, /kota-kupang: audit chain intact\./);

  const edited = ids.at(-3)!;
  await withDatabase(dataDir, async (db) => {
    await db.execute(sql`UPDATE audit_log SET action = 'file.download' WHERE id = ${edited}`);
  });
  const afterEdit = lontar(dataDir, "verify-audit");
  assert.equal(afterEdit.code, 1);
  assert.match(afterEdit.out, new RegExp(`BROKEN at row ${edited}\\b`));

  // Put the edit back and delete a row instead: the row after the gap no longer chains.
  await withDatabase(dataDir, async (db) => {
    await db.execute(sql`UPDATE audit_log SET action = 'nik.reveal' WHERE id = ${edited}`);
  });
  assert.equal(lontar(dataDir, "verify-audit").code, 0, "restored");
  await withDatabase(dataDir, async (db) => {
    await db.execute(sql`DELETE FROM audit_log WHERE id = ${ids[1]!}`);
  });
  const afterDelete = lontar(dataDir, "verify-audit");
  assert.equal(afterDelete.code, 1);
  assert.match(afterDelete.out, new RegExp(`BROKEN at row ${ids[2]}\\b`));

  const dry = lontar(dataDir, "purge-documents", "--dry-run");
  assert.equal(dry.code, 0, dry.out);
  assert.match(dry.out, /^0 files \(0\.0 MB\) are past their retention and would be deleted\./m);
});
