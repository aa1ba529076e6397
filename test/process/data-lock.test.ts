import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { freePort, startLontarProcess, waitForOutput } from "./spawn.ts";

test("a second npm start on the same data folder refuses clearly; a stale lock is taken over", {
  timeout: 180_000,
}, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-lock-"));
  const first = startLontarProcess({ LONTAR_DATA_DIR: dataDir, PORT: String(await freePort()) });
  await waitForOutput(first, "Lontar is running.");
  assert.match(first.output(), /password: \S+/, "the first start prints the admin password once");

  const second = startLontarProcess({ LONTAR_DATA_DIR: dataDir, PORT: String(await freePort()) });
  assert.equal(await second.exited, 2);
  assert.match(
    second.output(),
    new RegExp(`Another Lontar process \\(pid ${first.child.pid}\\) is already using the data folder`),
  );

  // Killed without cleanup: the lock file stays behind with a dead pid.
  first.child.kill("SIGKILL");
  await first.exited;
  assert.equal((await readFile(path.join(dataDir, "lontar.pid"), "utf8")).trim(), String(first.child.pid));

  const third = startLontarProcess({ LONTAR_DATA_DIR: dataDir, PORT: String(await freePort()) });
  await waitForOutput(third, "Lontar is running.");
  assert.doesNotMatch(third.output(), /password:/, "the admin password is printed only on the first start");
  third.child.kill("SIGTERM");
  assert.equal(await third.exited, 0, "SIGTERM shuts down cleanly");
});

test("a lock file naming a pid that is not a Lontar is stale", { timeout: 120_000 }, async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "lontar-lock-"));
  const other = spawn("sleep", ["60"]); // alive, but not a Lontar: a recycled pid
  await writeFile(path.join(dataDir, "lontar.pid"), `${other.pid}\n`);
  const started = startLontarProcess({ LONTAR_DATA_DIR: dataDir, PORT: String(await freePort()) });
  await waitForOutput(started, "Lontar is running.");
  started.child.kill("SIGTERM");
  assert.equal(await started.exited, 0, `Lontar did not stop cleanly:\n${started.output().slice(-2000)}`);
  other.kill();
});
