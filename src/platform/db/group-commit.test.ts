import assert from "node:assert/strict";
import { test } from "node:test";
import { createGroupCommit } from "./group-commit.ts";

/** A write whose statements the test finishes by hand, recording every batch and how many ran at once. */
const controlledWrite = () => {
  const batches: string[][] = [];
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  let inFlight = 0;
  let maxSeen = 0;
  const write = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      inFlight++;
      maxSeen = Math.max(maxSeen, inFlight);
      pending.push({
        resolve: () => {
          inFlight--;
          resolve();
        },
        reject: (e) => {
          inFlight--;
          reject(e);
        },
      });
    });
  return { write, batches, pending, maxSeen: () => maxSeen };
};

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test("items submitted in the same turn leave together in one write, and each caller hears when it committed", async () => {
  const w = controlledWrite();
  const group = createGroupCommit(w.write, { maxInFlight: 1, maxItems: 100 });
  const settled: string[] = [];
  const submits = ["a", "b", "c"].map((x) => group.submit(x).then(() => settled.push(x)));
  await turn();
  assert.deepEqual(w.batches, [["a", "b", "c"]]);
  assert.deepEqual(settled, [], "nobody hears success before the statement commits");
  w.pending[0]!.resolve();
  await Promise.all(submits);
  assert.deepEqual(settled, ["a", "b", "c"]);
});

test("while every slot is busy, later items wait and go together in the next write", async () => {
  const w = controlledWrite();
  const group = createGroupCommit(w.write, { maxInFlight: 2, maxItems: 100 });
  const all = [group.submit("1")];
  await turn();
  all.push(group.submit("2"));
  await turn();
  for (const x of ["3", "4", "5"]) all.push(group.submit(x));
  await turn();
  assert.deepEqual(w.batches, [["1"], ["2"]], "two slots, both taken");
  w.pending[0]!.resolve();
  await turn();
  assert.deepEqual(w.batches[2], ["3", "4", "5"]);
  w.pending[1]!.resolve();
  w.pending[2]!.resolve();
  await Promise.all(all);
  assert.equal(w.maxSeen(), 2);
});

test("a batch is cut at maxItems and at maxWeight; an item heavier than maxWeight still goes, alone", async () => {
  const w = controlledWrite();
  const group = createGroupCommit(w.write, {
    maxInFlight: 10,
    maxItems: 3,
    weigh: (x) => x.length,
    maxWeight: 4,
  });
  const all = ["a", "b", "c", "d", "ee", "fff", "gggggg", "h"].map((x) => group.submit(x));
  await turn();
  for (const p of w.pending) p.resolve();
  await Promise.all(all);
  assert.deepEqual(w.batches, [["a", "b", "c"], ["d", "ee"], ["fff"], ["gggggg"], ["h"]]);
});

test("a failed write fails exactly the callers in its batch; the next batch goes on", async () => {
  const w = controlledWrite();
  const group = createGroupCommit(w.write, { maxInFlight: 1, maxItems: 2 });
  const outcomes = ["a", "b", "c"].map((x) =>
    group.submit(x).then(
      () => `${x} stored`,
      (e: Error) => `${x} failed: ${e.message}`,
    ),
  );
  await turn();
  w.pending[0]!.reject(new Error("database restarting"));
  await turn();
  w.pending[1]!.resolve();
  assert.deepEqual(await Promise.all(outcomes), [
    "a failed: database restarting",
    "b failed: database restarting",
    "c stored",
  ]);
});

test("a write that throws before returning a promise fails its batch instead of escaping", async () => {
  const group = createGroupCommit<string>(
    () => {
      throw new Error("bad statement");
    },
    { maxInFlight: 1, maxItems: 10 },
  );
  await assert.rejects(group.submit("x"), /bad statement/);
  await assert.rejects(group.submit("y"), /bad statement/, "the slot was released");
});
