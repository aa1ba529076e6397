import assert from "node:assert/strict";
import { test } from "node:test";
import { createRecipientPacer, createTokenBucket } from "./rate-limit.ts";

/** A sender that sends as fast as the bucket lets it for `seconds` of fake time; returns how many went out. */
const simulate = (ratePerSecond: number, seconds: number) => {
  let now = 0;
  const bucket = createTokenBucket(ratePerSecond, ratePerSecond, () => now);
  let sent = 0;
  while (true) {
    const wait = bucket.take(); // a positive wait reserves the token: it goes out once the wait is over
    now += wait;
    if (now > seconds * 1000) return sent;
    sent++;
  }
};

test("the token bucket holds the configured rate over time, after the initial burst", () => {
  for (const rate of [1, 20, 80, 1000]) {
    const sent = simulate(rate, 60);
    // burst (rate) + rate per second for 60 s, give or take one token
    assert.ok(Math.abs(sent - (rate + rate * 60)) <= 1, `rate ${rate}: sent ${sent}`);
  }
});

test("an empty bucket says how long to wait, and refills at the rate", () => {
  let now = 1_000;
  const bucket = createTokenBucket(80, 80, () => now);
  for (let i = 0; i < 80; i++) assert.equal(bucket.take(), 0);
  assert.equal(bucket.take(), 13); // 1/80 s, rounded up
  now += 1_000;
  let free = 0;
  while (bucket.take() === 0) free++;
  assert.equal(free, 79); // one second refills 80 tokens, one of which paid the earlier reservation
});

test("a rate of 0 turns the limit off", () => {
  const bucket = createTokenBucket(0, 0, () => 0);
  for (let i = 0; i < 10_000; i++) assert.equal(bucket.take(), 0);
});

test("messages to one citizen are spaced by the interval; other citizens are not held up", () => {
  let now = 0;
  const pacer = createRecipientPacer(1_000, () => now);
  assert.equal(pacer.reserve("6281"), 0);
  assert.equal(pacer.reserve("6281"), 1_000);
  assert.equal(pacer.reserve("6281"), 2_000);
  assert.equal(pacer.reserve("6282"), 0);
  now = 5_000;
  assert.equal(pacer.reserve("6281"), 0);
});

test("the pacer forgets the oldest citizens beyond its bound", () => {
  const now = 0;
  const pacer = createRecipientPacer(1_000, () => now, 3);
  for (const r of ["a", "b", "c", "d"]) pacer.reserve(r);
  assert.equal(pacer.reserve("a"), 0); // "a" was evicted, so it is free again
  assert.equal(pacer.reserve("d"), 1_000);
});
