import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

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

test("the admin commands work on the embedded database and refuse bad input clearly", {
  timeout: 300_000,
}, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-cli-"));
  assert.match(lontar(dataDir, "migrate").out, /Applied: 0000_init\.sql/);
  assert.match(lontar(dataDir, "migrate").out, /Up to date\./);

  const seeded = lontar(dataDir, "seed-demo");
  assert.equal(seeded.code, 0);
  assert.match(seeded.out, /First admin: admin \/ \S{4}-\S{4}-\S{4}-\S{4} \(shown once\)/);
  assert.doesNotMatch(lontar(dataDir, "seed-demo").out, /First admin/);

  const created = lontar(dataDir, "create-admin", "yohana", "--role", "supervisor", "--name", "Yohana Bria");
  assert.equal(created.code, 0);
  assert.match(created.out, /Created supervisor "yohana"\. One-time password \(shown once\): \S+/);
  assert.match(lontar(dataDir, "create-admin", "yohana").out, /already exists/);
  assert.equal(lontar(dataDir, "create-admin", "x", "--role", "boss").code, 64);

  assert.match(
    lontar(dataDir, "add-number", "100000000000009", "--label", "Layanan KIA", "--services", "KIA").out,
    /Added number/,
  );
  const duplicate = lontar(dataDir, "add-number", "100000000000009", "--label", "lagi");
  assert.equal(duplicate.code, 65);
  assert.match(duplicate.out, /already the channel "Layanan KIA"/);

  assert.match(lontar(dataDir, "webhook-problems").out, /No problems recorded\./);
  assert.match(lontar(dataDir, "rebuild-rollups").out, /kota-kupang: \d+ rollup rows rebuilt\./);
  assert.equal(lontar(dataDir, "replay-webhooks", "--since", "kemarin").code, 64);
  const unknown = lontar(dataDir, "frobnicate");
  assert.equal(unknown.code, 64);
  assert.match(unknown.out, /Unknown command "frobnicate"\.\n\nUsage:/);
});
