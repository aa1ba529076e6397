import assert from "node:assert/strict";
import { test } from "node:test";
import { createFailureGuard } from "./failure-guard.ts";

test("an address is refused after too many failures, for a while, and others are not", () => {
  let t = 0;
  const guard = createFailureGuard({ failuresPerMinute: 3, blockMs: 60_000, now: () => t });
  for (let i = 0; i < 3; i++) guard.failed("a");
  assert.equal(guard.blocked("a"), false, "within the allowance");
  guard.failed("a");
  assert.equal(guard.blocked("a"), true);
  assert.equal(guard.blocked("b"), false);
  t += 60_001;
  assert.equal(guard.blocked("a"), false, "the block ends");
});
