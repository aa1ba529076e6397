import assert from "node:assert/strict";
import { test } from "node:test";
import { applicationScopes, resolve } from "../catalogue/resolve.ts";
import { step } from "./step.ts";
import {
  autoAnswer,
  findTrackingNumberForTests,
  pdf,
  photo,
  repliesOf,
  shippedCatalogue,
  tap,
  text,
} from "./testing.ts";
import type { BotInput, BotState, Effect } from "./types.ts";

const NOW = new Date("2026-11-27T02:00:00Z");

const run = async (inputs: BotInput[], state?: BotState) => {
  const catalogue = await shippedCatalogue();
  const ctx = { catalogue, now: NOW, applications: [], findTrackingNumber: findTrackingNumberForTests };
  let current = state;
  const effects: Effect[][] = [];
  for (const input of inputs) {
    const r = step(current, input, ctx);
    current = r.state;
    effects.push(r.effects);
  }
  return { state: current!, effects, ctx };
};

/** Applies for a service through the menu, answering every question, until the bot submits. */
const applyFor = async (serviceCode: string, variantCode?: string) => {
  const catalogue = await shippedCatalogue();
  let { state } = await run([text("halo"), tap("menu.apply")]);
  ({ state } = await run([tap(`svc.${serviceCode}`)], state));
  if (variantCode) ({ state } = await run([tap(`var.${variantCode}`)], state));
  const transcript: string[] = [];
  for (let turn = 0; turn < 60; turn++) {
    const input = await autoAnswer(state);
    const result = step(state, input, {
      catalogue,
      now: NOW,
      applications: [],
      findTrackingNumber: findTrackingNumberForTests,
    });
    transcript.push(`> ${input.kind === "text" ? input.text : input.kind}`, ...repliesOf(result.effects));
    state = result.state;
    const submitted = result.effects.find((e) => e.type === "submit_application");
    if (submitted) return { submitted, state, transcript };
    assert.ok(!result.effects.some((e) => e.type === "bot_error"), transcript.join("\n"));
  }
  assert.fail(
    `no submission after 60 turns for ${serviceCode}/${variantCode}:\n${transcript.slice(-12).join("\n")}`,
  );
};

test("every application service and variant can be applied for end to end, with every required document", async () => {
  const catalogue = await shippedCatalogue();
  const applicable = catalogue.services.filter((s) => s.kind === "application");
  assert.ok(applicable.length >= 10);
  for (const service of applicable) {
    for (const variant of applicationScopes(service)) {
      const result = await applyFor(service.code, variant);
      if (!result) continue;
      const { submitted } = result;
      assert.ok(submitted?.type === "submit_application");
      const x = resolve(catalogue, service, variant);
      for (const r of x.requirements.filter(
        (r) =>
          r.presence === "required" &&
          (!r.when || r.when.in.includes(submitted.draft.values[r.when.field] ?? "")),
      )) {
        assert.ok(
          (submitted.draft.documents[r.id]?.length ?? 0) > 0,
          `${service.code}/${variant}: ${r.id} missing`,
        );
      }
      for (const f of x.fields.filter((f) => f.required && !f.when)) {
        const optional = x.alternatives.some((g) => g.one_of.some((o) => o.fields.includes(f.id)));
        if (!optional)
          assert.ok(f.id in submitted.draft.values, `${service.code}/${variant}: field ${f.id} missing`);
      }
    }
  }
});

test("a birth certificate without a birth letter goes the SPTJM way with two witnesses", async () => {
  const catalogue = await shippedCatalogue();
  const ctx = { catalogue, now: NOW, applications: [], findTrackingNumber: findTrackingNumberForTests };
  let { state } = await run([text("halo"), tap("menu.apply"), tap("svc.akta_kelahiran")]);
  let said = "";
  for (let i = 0; i < 40 && !/Surat keterangan kelahiran/.test(said); i++) {
    const r = step(state, await autoAnswer(state), ctx);
    state = r.state;
    said = repliesOf(r.effects).join("\n");
  }
  assert.match(said, /Surat keterangan kelahiran/);
  const r = step(state, text("tidak ada"), ctx);
  const reply = repliesOf(r.effects).join("\n");
  assert.match(reply, /SPTJM/);
  assert.match(reply, /saksi/i);
  assert.equal(r.state.flow.name, "field", "the witnesses' names and NIKs are asked next");
});

test("a photo where a PDF is asked, or a Word file, gets a clear re-prompt and nothing is accepted", async () => {
  const catalogue = await shippedCatalogue();
  const ctx = { catalogue, now: NOW, applications: [], findTrackingNumber: findTrackingNumberForTests };
  let { state } = await run([text("halo"), tap("menu.apply"), tap("svc.akta_kematian")]);
  for (let i = 0; i < 30 && state.flow.name !== "document"; i++)
    state = step(state, await autoAnswer(state), ctx).state;
  const word = step(
    state,
    {
      kind: "file",
      fileKind: "document",
      mimeType: "application/msword",
      filename: "surat.doc",
      messageId: "wamid.doc",
    },
    ctx,
  );
  assert.match(repliesOf(word.effects).join(), /bukan foto atau PDF/);
  assert.deepEqual(word.state, state);
  const ok = step(state, pdf(), ctx);
  assert.notDeepEqual(ok.state, state);
  void photo;
});
