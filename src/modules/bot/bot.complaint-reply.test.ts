/**
 * The reporter's reply to a complaint's answer, in the pure bot: the two buttons work from anywhere and carry
 * the tracking number; inside the exchange typed words count, other text is more information; a complaint
 * that no longer waits for the reporter makes the exchange fall back to the menu.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type ComplaintReplyFlow, mayAskAboutComplaint } from "./complaint-reply.ts";
import { step } from "./step.ts";
import { converse, findTrackingNumberForTests, repliesOf, shippedCatalogue, tap, text } from "./testing.ts";
import type { BotContext, BotInput, BotState, Effect } from "./types.ts";

const N = "KPG-P-2611-00007";
const SATISFIED = `complaint.satisfied.${N}`;
const UNSATISFIED = `complaint.unsatisfied.${N}`;

const ctx = async (status?: string): Promise<BotContext> => ({
  catalogue: await shippedCatalogue(),
  now: new Date("2026-11-27T02:00:00Z"),
  applications: [],
  findTrackingNumber: findTrackingNumberForTests,
  openComplaints: status ? [{ trackingNumber: N, status }] : [],
});

const inExchange = (stage: ComplaintReplyFlow["stage"], answer?: string): BotState => ({
  v: 1,
  locale: "id",
  greeted: true,
  flow: { name: "complaint_reply", trackingNumber: N, stage, ...(answer ? { answer } : {}) },
});

const run = async (state: BotState, input: BotInput, status?: string) =>
  step(state, input, await ctx(status));

const replyEffects = (effects: Effect[]) => effects.filter((e) => e.type === "complaint_reply");

test("'Puas, selesai' settles the complaint and leaves the exchange; the complaint's own message answers", async () => {
  const r = await run(inExchange("asked"), tap(SATISFIED, "Puas, selesai"), "answered");
  assert.deepEqual(replyEffects(r.effects), [
    { type: "complaint_reply", trackingNumber: N, text: "Puas, selesai", satisfied: true },
  ]);
  assert.deepEqual(repliesOf(r.effects), []);
  assert.equal(r.state.flow.name, "idle");
});

test("'Belum puas' reopens, then asks what is missing; the next text goes to the complaint", async () => {
  const r = await run(inExchange("asked"), tap(UNSATISFIED, "Belum puas"), "answered");
  assert.deepEqual(replyEffects(r.effects), [
    { type: "complaint_reply", trackingNumber: N, text: "Belum puas", satisfied: false },
  ]);
  assert.match(repliesOf(r.effects)[0]!, /apa yang belum terjawab/);
  assert.deepEqual(r.state.flow, { name: "complaint_reply", trackingNumber: N, stage: "explain" });

  // Reopened: the complaint is back in follow-up, still open, so the explanation is recorded.
  const explained = await run(r.state, text("KK saya masih belum dicetak"), "verified");
  assert.deepEqual(replyEffects(explained.effects), [
    { type: "complaint_reply", trackingNumber: N, text: "KK saya masih belum dicetak" },
  ]);
  assert.match(repliesOf(explained.effects)[0]!, /sudah kami teruskan ke petugas/);
  assert.equal(explained.state.flow.name, "idle");
});

test("typed answers: the buttons' words and numbers, ya/tidak; anything else is more information", async () => {
  for (const [typed, satisfied] of [
    ["puas", true],
    ["1", true],
    ["ya", true],
    ["sudah", true],
    ["belum", false],
    ["2", false],
    ["tidak puas", false],
    ["tidak", false],
  ] as const) {
    const r = await run(inExchange("asked"), text(typed), "answered");
    assert.deepEqual(
      replyEffects(r.effects).map((e) => (e.type === "complaint_reply" ? e.satisfied : "none")),
      [satisfied],
      typed,
    );
  }
  const info = await run(inExchange("asked"), text("Loket 3 tutup hari Sabtu?"), "answered");
  assert.deepEqual(replyEffects(info.effects), [
    { type: "complaint_reply", trackingNumber: N, text: "Loket 3 tutup hari Sabtu?" },
  ]);
  const [noted, asked] = info.effects.filter((e) => e.type === "reply");
  assert.match(JSON.stringify(noted), /sudah kami catat/);
  assert.ok(asked?.type === "reply" && asked.reply.kind === "buttons");
  assert.deepEqual(asked.reply.kind === "buttons" ? asked.reply.buttons.map((b) => [b.id, b.title]) : [], [
    [SATISFIED, "Puas, selesai"],
    [UNSATISFIED, "Belum puas"],
  ]);
  assert.equal(info.state.flow.name, "complaint_reply", "still waiting for a verdict");
});

test("after the template: a greeting only opens the window and gets the whole answer and the question", async () => {
  const answer = "A".repeat(300);
  const r = await run(inExchange("pending", answer), text("selamat siang"), "answered");
  assert.deepEqual(replyEffects(r.effects), [], "a greeting is not a reply");
  const replies = repliesOf(r.effects);
  assert.equal(replies.length, 2);
  assert.ok(replies[0]!.includes(answer), "the answer the template had to cut, in full");
  assert.match(replies[1]!, /sudah menjawab\?/);
  assert.deepEqual(r.state.flow, { name: "complaint_reply", trackingNumber: N, stage: "asked" });

  const written = await run(inExchange("pending"), text("Baik, saya ambil besok"), "answered");
  assert.deepEqual(replyEffects(written.effects), [
    { type: "complaint_reply", trackingNumber: N, text: "Baik, saya ambil besok" },
  ]);
});

test("a tap works in the middle of an application without touching the draft", async () => {
  const { state } = await converse([text("halo"), tap("menu.apply"), tap("svc.kia"), tap("var.usia_5_17")]);
  assert.equal(state.flow.name, "field");
  assert.equal(mayAskAboutComplaint(state.flow), false, "the answer's notification leaves the draft alone");
  const r = await run(state, tap(UNSATISFIED, "Belum puas"), "answered");
  assert.equal(replyEffects(r.effects).length, 1);
  assert.deepEqual(r.state, state, "the citizen carries on where they were");
});

test("a complaint that no longer waits: taps say so, the exchange falls back to the menu, MENU leaves it", async () => {
  const late = await run(inExchange("asked"), tap(SATISFIED, "Puas, selesai"), "verified");
  assert.deepEqual(replyEffects(late.effects), []);
  assert.match(repliesOf(late.effects)[0]!, /sudah tidak menunggu jawaban Anda/);
  assert.equal(late.state.flow.name, "idle");

  const closed = await run(inExchange("asked"), text("halo"));
  assert.deepEqual(replyEffects(closed.effects), []);
  assert.equal(closed.state.flow.name, "choose", "the greeting gets the menu, as at the menu");

  const menu = await run(inExchange("asked"), text("MENU"), "answered");
  assert.deepEqual(replyEffects(menu.effects), []);
  assert.equal(menu.state.flow.name, "choose");
});
