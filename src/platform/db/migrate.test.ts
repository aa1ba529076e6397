import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { migrate, pendingMigrations } from "./migrate.ts";
import { describeEachDatabase } from "./testing.ts";

describeEachDatabase("migration runner", (database) => {
  test("the shipped migrations are all applied and a second run applies nothing", async () => {
    assert.deepEqual(await pendingMigrations(database()), []);
    assert.deepEqual(await migrate(database()), []);
  });

  test("applies every missing file in name order, even one older than an applied file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "lontar-mig-"));
    await writeFile(path.join(dir, "0002_b.sql"), "CREATE TABLE mig_b (id int);");
    assert.deepEqual(await migrate(database(), dir), ["0002_b.sql"]);
    // A file merged late from a branch sorts before one already applied: it must still run.
    await writeFile(
      path.join(dir, "0001_a.sql"),
      "CREATE TABLE mig_a (id int);\n--> statement-breakpoint\nINSERT INTO mig_a VALUES (1);",
    );
    assert.deepEqual(await migrate(database(), dir), ["0001_a.sql"]);
  });

  test("a failing file is rolled back whole and named in the error", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "lontar-mig-"));
    await writeFile(
      path.join(dir, "0003_bad.sql"),
      "CREATE TABLE mig_c (id int);\n--> statement-breakpoint\nSELECT nope FROM nowhere;",
    );
    await assert.rejects(migrate(database(), dir), /0003_bad\.sql failed/);
    const left = await database().withSession((s) => s.query("SELECT to_regclass('mig_c')::text AS t"));
    assert.equal((left[0] as { t: string | null }).t, null);
  });

  test("concurrent runners apply each file once", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "lontar-mig-"));
    await writeFile(path.join(dir, "0004_once.sql"), "CREATE TABLE mig_once (id int);");
    const results = await Promise.all([migrate(database(), dir), migrate(database(), dir)]);
    assert.equal(results.flat().filter((n) => n === "0004_once.sql").length, 1);
  });
});
