import assert from "node:assert/strict";
import { test } from "node:test";
import { createIngestGate } from "./ingest-gate.ts";

test("the worker waits while a webhook is in flight and goes on once it has left", async () => {
  const gate = createIngestGate();
  gate.enter();
  let through = false;
  const waiting = gate.idle(60_000).then(() => {
    through = true;
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(through, false, "held while the webhook is in flight");
  gate.leave();
  await waiting;
  assert.equal(through, true);
});

test("the wait is bounded: a steady stream of webhooks never starves the worker", async () => {
  let now = 0;
  const gate = createIngestGate(1, () => now);
  gate.enter();
  const waiting = gate.idle(250);
  now = 251;
  await waiting; // resolves although the webhook is still in flight
});

test("a webhook that arrives while the worker holds the thread is seen before the worker goes on", async () => {
  const gate = createIngestGate();
  let through = false;
  const waiting = gate.idle(60_000).then(() => {
    through = true;
  });
  // As a request read in the next poll phase would: it enters before the gate has judged.
  setImmediate(() => gate.enter());
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(through, false);
  gate.leave();
  await waiting;
});
