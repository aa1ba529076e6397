import assert from "node:assert/strict";
import { test } from "node:test";
import { createThrottle } from "./throttle.ts";

test("a burst passes, the next is refused, and time refills the bucket per key", () => {
  let t = 0;
  const throttle = createThrottle({ perMinute: 6, burst: 3, now: () => t });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => throttle.allow("a")),
    [true, true, true, false],
  );
  assert.equal(throttle.allow("b"), true, "another address has its own bucket");
  t += 10_000; // 6 per minute: one token every 10 s
  assert.equal(throttle.allow("a"), true);
  assert.equal(throttle.allow("a"), false);
});
