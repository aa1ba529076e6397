import assert from "node:assert/strict";
import { test } from "node:test";
import {
  advanceStatus,
  isWindowOpen,
  type OutboundStatus,
  toOutboundStatus,
  windowClosesAt,
} from "./delivery-status.ts";

const ALL: OutboundStatus[] = ["queued", "accepted", "sent", "delivered", "read", "failed"];

test("statuses only move forward, and failed is terminal", () => {
  assert.equal(advanceStatus("sent", "delivered"), "delivered");
  assert.equal(advanceStatus("sent", "read"), "read"); // delivered may be skipped
  assert.equal(advanceStatus("read", "delivered"), undefined);
  assert.equal(advanceStatus("delivered", "delivered"), undefined);
  assert.equal(advanceStatus("accepted", "failed"), "failed");
  for (const s of ALL) assert.equal(advanceStatus("failed", s), undefined);
});

test("any order of the same updates ends in the same status", () => {
  const updates: OutboundStatus[] = ["sent", "delivered", "read"];
  const permutations = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ];
  for (const order of permutations) {
    let status: OutboundStatus = "accepted";
    for (const i of order) status = advanceStatus(status, updates[i]!) ?? status;
    assert.equal(status, "read", `order ${order.join(",")}`);
  }
});

test("played counts as read; unknown webhook statuses are not statuses", () => {
  assert.equal(toOutboundStatus("played"), "read");
  assert.equal(toOutboundStatus("deleted"), undefined);
});

test("the customer-service window lasts 24 hours from the last inbound message", () => {
  const last = new Date("2026-11-27T01:00:00Z");
  assert.equal(isWindowOpen(last, new Date("2026-11-28T00:59:59Z")), true);
  assert.equal(isWindowOpen(last, new Date("2026-11-28T01:00:00Z")), false);
  assert.equal(isWindowOpen(null, new Date()), false);
  assert.deepEqual(windowClosesAt(last), new Date("2026-11-28T01:00:00Z"));
});
