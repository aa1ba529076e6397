/** The survey in the bot, pure: where it starts, what it accepts, what it records. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ELEMENT_CODES } from "../surveys/ikm.ts";
import { step } from "./step.ts";
import { findTrackingNumberForTests, repliesOf, shippedCatalogue, tap, text } from "./testing.ts";
import { type BotState, type Effect, initialState } from "./types.ts";

const greeted: BotState = { ...initialState(), greeted: true };
const run = async (
  state: BotState,
  input: Parameters<typeof step>[1],
  survey?: { responseId: string; answered: string[] },
) =>
  step(state, input, {
    catalogue: await shippedCatalogue(),
    now: new Date("2026-11-27T02:00:00Z"),
    applications: [],
    findTrackingNumber: findTrackingNumberForTests,
    ...(survey ? { survey } : {}),
  });
const answers = (effects: Effect[]) => effects.filter((e) => e.type === "survey_answer");

test("a tap on the invitation without an open survey says so and shows the menu", async () => {
  const r = await run(greeted, tap("survey.start"));
  assert.notEqual(r.state.flow.name, "survey");
  assert.match(repliesOf(r.effects).join("\n"), /tidak ada survei yang menunggu/);
});

test("it resumes at the first unanswered element, or at the profile when all nine are in", async () => {
  const half = await run(greeted, tap("survey.start"), { responseId: "r1", answered: ["U1", "U2", "U3"] });
  assert.match(repliesOf(half.effects).join("\n"), /Pertanyaan 4 dari 9/);
  const all = await run(greeted, tap("survey.start"), { responseId: "r1", answered: [...ELEMENT_CODES] });
  assert.match(repliesOf(all.effects).join("\n"), /Jenis kelamin/);
});

test("only 1–4 or a row of the current question counts; anything else asks again and records nothing", async () => {
  const started = await run(greeted, tap("survey.start"), { responseId: "r1", answered: [] });
  for (const wrong of [text("5"), text("bagus"), tap("skm:U2:4")]) {
    const r = await run(started.state, wrong);
    assert.deepEqual(answers(r.effects), [], JSON.stringify(wrong));
    assert.match(repliesOf(r.effects).join("\n"), /Mohon pilih salah satu jawaban[\s\S]*Pertanyaan 1 dari 9/);
  }
  const typed = await run(started.state, text("2"));
  assert.deepEqual(answers(typed.effects), [
    { type: "survey_answer", responseId: "r1", key: "U1", value: 2 },
  ]);
  const tapped = await run(typed.state, tap("skm:U2:4"));
  assert.deepEqual(answers(tapped.effects), [
    { type: "survey_answer", responseId: "r1", key: "U2", value: 4 },
  ]);
});

test("a skipped suggestion completes without one; a typed one is kept; decline is recorded", async () => {
  const suggestion: BotState = {
    ...greeted,
    flow: { name: "survey", responseId: "r1", stage: "suggestion", index: 0 },
  };
  const skipped = await run(suggestion, tap("survey.skip"));
  assert.deepEqual(skipped.effects[0], { type: "survey_complete", responseId: "r1" });
  const written = await run(suggestion, text("  Antrean terlalu lama  "));
  assert.deepEqual(written.effects[0], {
    type: "survey_complete",
    responseId: "r1",
    suggestion: "Antrean terlalu lama",
  });
  const declined = await run(greeted, tap("survey.decline"), { responseId: "r2", answered: [] });
  assert.deepEqual(declined.effects[0], { type: "survey_decline", responseId: "r2" });
});
