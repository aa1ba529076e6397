/**
 * The optional adapted E-S-QUAL questions in the bot, pure: offered after the SKM, accepted or declined,
 * answered by tap or typed 1–5, stored per answer, left halfway, and old taps once it is over.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ESQUAL_ITEMS } from "../surveys/esqual.ts";
import { step } from "./step.ts";
import { findTrackingNumberForTests, repliesOf, shippedCatalogue, tap, text } from "./testing.ts";
import { type BotContext, type BotInput, type BotState, type Effect, initialState } from "./types.ts";

const greeted: BotState = { ...initialState(), greeted: true };
const run = async (state: BotState, input: BotInput, extra: Partial<BotContext> = {}) =>
  step(state, input, {
    catalogue: await shippedCatalogue(),
    now: new Date("2026-11-27T02:00:00Z"),
    applications: [],
    findTrackingNumber: findTrackingNumberForTests,
    ...extra,
  });
const esqualEffects = (effects: Effect[]) => effects.filter((e) => e.type.startsWith("esqual_"));
const buttonsOf = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === "reply" && e.reply.kind === "buttons" ? [e.reply] : []));
const listsOf = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === "reply" && e.reply.kind === "list" ? [e.reply] : []));

const atSuggestion = (locale: "id" | "en" = "id"): BotState => ({
  ...greeted,
  locale,
  flow: { name: "survey", responseId: "r1", stage: "suggestion", index: 0 },
});
const offered: BotState = {
  ...greeted,
  flow: { name: "esqual", skmResponseId: "r1", stage: "offer", index: 0 },
};
const atItem = (index: number): BotState => ({
  ...greeted,
  flow: { name: "esqual", skmResponseId: "r1", stage: "item", index },
});

test("after the SKM: its thanks, then the offer with two short buttons instead of the menu", async () => {
  const r = await run(atSuggestion(), tap("survey.skip"));
  assert.deepEqual(r.effects[0], { type: "survey_complete", responseId: "r1" });
  const said = repliesOf(r.effects).join("\n");
  assert.match(said, /Terima kasih atas penilaian Anda[\s\S]*Mau menjawab 10 pertanyaan tambahan/);
  assert.doesNotMatch(said, /Pilih layanan|ketik nomornya \(1–8\)/, "not the menu yet");
  const [offer] = buttonsOf(r.effects);
  assert.deepEqual(offer?.buttons, [
    { id: "esqual.yes", title: "Ya, lanjut" },
    { id: "esqual.no", title: "Tidak" },
  ]);
  assert.deepEqual(r.state.flow, { name: "esqual", skmResponseId: "r1", stage: "offer", index: 0 });

  const en = await run(atSuggestion("en"), text("The queue is long"));
  const [offerEn] = buttonsOf(en.effects);
  assert.match(offerEn!.body, /10 more questions about this WhatsApp service/);
  for (const b of [...offer!.buttons, ...offerEn!.buttons]) {
    assert.ok([...b.id].length <= 20 && [...b.title].length <= 20, b.title);
  }
});

test("after STOP during the SKM there is no offer: thanks and the menu, as before", async () => {
  const r = await run(atSuggestion(), tap("survey.skip"), {
    privacy: { consents: { survey: false } },
  });
  assert.equal(r.state.flow.name, "choose");
  assert.equal(buttonsOf(r.effects).length, 0);
  assert.equal(r.effects[0]?.type, "survey_complete");
});

test("accepting (tap, 'ya' or 1) asks the first statement as a 5-row list", async () => {
  for (const input of [tap("esqual.yes"), text("ya"), text("1"), text("Ya, lanjut")]) {
    const r = await run(offered, input);
    assert.deepEqual(r.state.flow, { name: "esqual", skmResponseId: "r1", stage: "item", index: 0 });
    assert.match(repliesOf(r.effects).join("\n"), /1 = sangat tidak setuju[\s\S]*Pernyataan 1 dari 10/);
    const [list] = listsOf(r.effects);
    assert.deepEqual(
      list?.rows.map((row) => row.id),
      [1, 2, 3, 4, 5].map((n) => `esq:EF1:${n}`),
    );
    assert.deepEqual(esqualEffects(r.effects), [], "nothing is stored by accepting");
  }
});

test("declining (tap, 'tidak', 2), MENU, or anything else returns to the menu and stores nothing", async () => {
  for (const input of [tap("esqual.no"), text("tidak"), text("2"), text("MENU"), text("xyz qwe")]) {
    const r = await run(offered, input);
    assert.equal(r.state.flow.name, "choose", JSON.stringify(input));
    assert.match(repliesOf(r.effects).join("\n"), /Silakan pilih layanan/);
    assert.deepEqual(esqualEffects(r.effects), []);
  }
  // A question instead of an answer is answered, as it would have been at the menu.
  const asked = await run(offered, text("syarat akta kelahiran"));
  assert.match(repliesOf(asked.effects).join("\n"), /Akta Kelahiran/i);
  assert.notEqual(asked.state.flow.name, "esqual");
});

test("every statement in turn, tapped or typed 1–5; each answer stored; the last completes", async () => {
  let state = (await run(offered, tap("esqual.yes"))).state;
  const stored: Effect[] = [];
  for (const [i, item] of ESQUAL_ITEMS.entries()) {
    const score = (i % 5) + 1;
    const r = await run(state, i % 2 ? text(String(score)) : tap(`esq:${item.code}:${score}`));
    stored.push(...esqualEffects(r.effects));
    state = r.state;
    if (i + 1 < ESQUAL_ITEMS.length)
      assert.match(repliesOf(r.effects).at(-1)!, new RegExp(`Pernyataan ${i + 2} dari 10`));
    else assert.match(repliesOf(r.effects).join("\n"), /Terima kasih! Jawaban tambahan[\s\S]*Silakan pilih/);
  }
  assert.deepEqual(stored, [
    ...ESQUAL_ITEMS.map((item, i) => ({
      type: "esqual_answer",
      skmResponseId: "r1",
      key: item.code,
      value: (i % 5) + 1,
    })),
    { type: "esqual_complete", skmResponseId: "r1" },
  ]);
  assert.equal(state.flow.name, "choose");
});

test("only 1–5 or a row of the current statement counts; anything else asks again and stores nothing", async () => {
  for (const wrong of [text("6"), text("0"), text("bagus"), tap("esq:EF2:4"), tap("skm:U1:4")]) {
    const r = await run(atItem(0), wrong);
    assert.deepEqual(esqualEffects(r.effects), [], JSON.stringify(wrong));
    assert.deepEqual(r.state.flow, atItem(0).flow);
    assert.match(
      repliesOf(r.effects).join("\n"),
      /Mohon pilih salah satu jawaban[\s\S]*Pernyataan 1 dari 10/,
    );
  }
  const typed = await run(atItem(0), text("Setuju"));
  assert.deepEqual(esqualEffects(typed.effects), [
    { type: "esqual_answer", skmResponseId: "r1", key: "EF1", value: 4 },
  ]);
});

test("leaving halfway keeps what was answered; old taps afterwards store nothing and show the menu", async () => {
  const first = await run(atItem(0), tap("esq:EF1:5"));
  const second = await run(first.state, text("4"));
  assert.deepEqual(
    [...esqualEffects(first.effects), ...esqualEffects(second.effects)].map((e) => e.type),
    ["esqual_answer", "esqual_answer"],
  );
  const left = await run(second.state, text("MENU"));
  assert.equal(left.state.flow.name, "choose");
  assert.deepEqual(esqualEffects(left.effects), [], "leaving does not complete");
  for (const stale of [tap("esq:SA1:4"), tap("esqual.yes")]) {
    const r = await run(left.state, stale);
    assert.deepEqual(esqualEffects(r.effects), []);
    assert.match(repliesOf(r.effects).join("\n"), /sudah ditutup[\s\S]*Silakan pilih layanan/);
  }
});

test("a survey resumed from the invitation still ends with the offer", async () => {
  const resumed = await run(greeted, tap("survey.start"), {
    survey: { responseId: "r7", answered: ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"] },
  });
  assert.match(repliesOf(resumed.effects).join("\n"), /Jenis kelamin/);
  const skipped = await run(resumed.state, tap("survey.skip"));
  const done = await run(skipped.state, text("lewati"));
  assert.deepEqual(done.state.flow, { name: "esqual", skmResponseId: "r7", stage: "offer", index: 0 });
  const accepted = await run(done.state, tap("esqual.yes"));
  const answered = await run(accepted.state, text("3"));
  assert.deepEqual(esqualEffects(answered.effects), [
    { type: "esqual_answer", skmResponseId: "r7", key: "EF1", value: 3 },
  ]);
});
