/** Guessing the app secret or the verify token is slowed down per address; nothing real is lost. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";

describeEachDatabase("webhook failure guard", (database) => {
  let lontar: RunningLontar;
  before(async () => {
    lontar = await startLontar(database(), { workers: false });
  });
  after(() => lontar.stop());

  test("once an address has failed more than 30 times it gets 429, even for the handshake, before anything is checked", async () => {
    const post = () =>
      fetch(`${lontar.baseUrl}/webhooks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
        body: "{}",
      });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await post()).status);
    assert.deepEqual(statuses.slice(0, 31), Array(31).fill(401));
    assert.equal(statuses[31], 429);
    const handshake = await fetch(
      `${lontar.baseUrl}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${lontar.config.whatsapp.verifyToken}&hub.challenge=42`,
    );
    assert.equal(handshake.status, 429, "the block covers the whole webhook");
    assert.equal((await fetch(`${lontar.baseUrl}/healthz`)).status, 200, "other routes are not affected");
  });
});
