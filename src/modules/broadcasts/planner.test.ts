import assert from "node:assert/strict";
import { test } from "node:test";
import {
  budgetOf,
  type Candidate,
  estimateCost,
  MAX_BATCH,
  perWindow,
  pickRecipients,
  RATE_WINDOW_MS,
  tierFreesAt,
} from "./planner.ts";

const idle = { uniqueInDay: 0, queuedInRateWindow: 0, backlog: 0 };
const candidate = (contactId: string, o: Partial<Candidate> = {}): Candidate => ({
  contactId,
  optedIn: true,
  reachable: true,
  countedToday: false,
  ...o,
});

test("a number at 80 msg/s takes 160 campaign messages per 2-second window, fewer what it already has", () => {
  assert.equal(RATE_WINDOW_MS, 2000);
  assert.equal(perWindow(80), 160);
  assert.deepEqual(budgetOf({ tier: "unlimited", ratePerSecond: 80 }, idle), {
    messages: 160,
    newUsers: 160,
  });
  assert.deepEqual(budgetOf({ tier: "unlimited", ratePerSecond: 80 }, { ...idle, queuedInRateWindow: 150 }), {
    messages: 10,
    newUsers: 10,
  });
  assert.deepEqual(budgetOf({ tier: "unlimited", ratePerSecond: 80 }, { ...idle, queuedInRateWindow: 160 }), {
    messages: 0,
    newUsers: 0,
    limitedBy: "rate",
  });
});

test("an outbox already holding a window's worth for the number holds the campaign back", () => {
  const b = budgetOf({ tier: "unlimited", ratePerSecond: 80 }, { ...idle, backlog: 200 });
  assert.deepEqual(b, { messages: 0, newUsers: 0, limitedBy: "backlog" });
  assert.equal(budgetOf({ tier: "unlimited", ratePerSecond: 80 }, { ...idle, backlog: 100 }).messages, 60);
});

test("the tier caps new unique users in the 24-hour window, not messages to users already counted", () => {
  const b = budgetOf({ tier: 250, ratePerSecond: 80 }, { ...idle, uniqueInDay: 240 });
  assert.deepEqual(b, { messages: 160, newUsers: 10 });
  const full = budgetOf({ tier: 250, ratePerSecond: 80 }, { ...idle, uniqueInDay: 250 });
  assert.deepEqual(full, { messages: 160, newUsers: 0, limitedBy: "tier" });
  const picked = pickRecipients(
    [candidate("a"), candidate("b", { countedToday: true }), candidate("c"), candidate("d")],
    { messages: 160, newUsers: 1 },
  );
  assert.deepEqual(picked, { queue: ["a", "b"], skip: [], wait: ["c", "d"] });
});

test("rate 0 (limit off) still bounds one step by the batch size; a huge rate too", () => {
  assert.equal(budgetOf({ tier: "unlimited", ratePerSecond: 0 }, idle).messages, MAX_BATCH);
  assert.equal(budgetOf({ tier: "unlimited", ratePerSecond: 1000 }, idle).messages, MAX_BATCH);
  assert.equal(budgetOf({ tier: "unlimited", ratePerSecond: 1000 }, idle, 50).messages, 50);
  assert.equal(perWindow(1), 2);
});

test("opted-out and unreachable candidates are skipped for good and cost no budget", () => {
  const picked = pickRecipients(
    [
      candidate("a", { optedIn: false }),
      candidate("b"),
      candidate("c", { reachable: false }),
      candidate("d"),
      candidate("e"),
    ],
    { messages: 2, newUsers: 2 },
  );
  assert.deepEqual(picked.queue, ["b", "d"]);
  assert.deepEqual(picked.skip, [
    { contactId: "a", reason: "opted_out" },
    { contactId: "c", reason: "unreachable" },
  ]);
  assert.deepEqual(picked.wait, ["e"]);
});

test("an opted-out candidate is skipped even when the budget is spent", () => {
  const picked = pickRecipients([candidate("a", { optedIn: false }), candidate("b")], {
    messages: 0,
    newUsers: 0,
  });
  assert.deepEqual(picked, { queue: [], skip: [{ contactId: "a", reason: "opted_out" }], wait: ["b"] });
});

test("the tier frees its next slot 24 hours after the oldest send in the window", () => {
  const oldest = new Date("2026-03-01T01:00:00Z");
  assert.equal(tierFreesAt(oldest)?.toISOString(), "2026-03-02T01:00:00.000Z");
  assert.equal(tierFreesAt(undefined), undefined);
});

test("cost estimate is recipients × the category's price, in the configured currency; none without a price", () => {
  const o = { rates: { marketing: 0.0411, utility: 0.02 }, currency: "USD" };
  assert.deepEqual(estimateCost("marketing", 20_000, o), { amount: "822.0000", currency: "USD" });
  assert.deepEqual(estimateCost("utility", 3, o), { amount: "0.0600", currency: "USD" });
  assert.equal(estimateCost("authentication", 3, o), undefined);
  assert.deepEqual(estimateCost("marketing", 7, { rates: { marketing: 650 }, currency: "IDR" }), {
    amount: "4550.0000",
    currency: "IDR",
  });
});
