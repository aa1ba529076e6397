import assert from "node:assert/strict";
import { test } from "node:test";
import { step } from "./step.ts";
import { autoAnswer, findTrackingNumberForTests, shippedCatalogue } from "./testing.ts";
import type { BotInput, BotState } from "./types.ts";

/** A small seeded PRNG (mulberry32) so a failing run can be replayed with BOT_FUZZ_SEED. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const WORDS = [
  "menu",
  "batal",
  "petugas",
  "help",
  "1",
  "2",
  "3",
  "7",
  "11",
  "ya",
  "tidak",
  "selesai",
  "tidak ada",
  "lewati",
  "akte",
  "ktp hilang",
  "kk",
  "cek KPG-A-2611-00042",
  "english",
  "indonesia",
  "halo",
  "😀🙏",
  "",
  "   ",
  "5371014101900042",
  "14-01-2020",
  "31-02-2020",
  "x".repeat(4096),
  "ｆｕｌｌ",
  "\u0000",
  "<script>",
  "KPG-P-2611-00001",
];

const randomInput = (rand: () => number): BotInput => {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const r = rand();
  if (r < 0.45) return { kind: "text", text: pick(WORDS) };
  if (r < 0.55)
    return {
      kind: "text",
      text: Array.from({ length: Math.floor(rand() * 40) }, () =>
        String.fromCodePoint(32 + Math.floor(rand() * 0x2fff)),
      ).join(""),
    };
  if (r < 0.65)
    return {
      kind: "choice",
      id: pick([
        "menu.info",
        "menu.apply",
        "menu.status",
        "menu.complaint",
        "menu.officer",
        "menu.language",
        "svc.kia",
        "var.usia_5_17",
        "next.apply",
        "page.next",
        "confirm.submit",
        "yes",
        "no",
        "bogus",
      ]),
      title: "x",
    };
  if (r < 0.75)
    return {
      kind: "file",
      fileKind: pick(["image", "document"] as const),
      mimeType: pick(["image/jpeg", "application/pdf", "application/zip", undefined]),
      messageId: `wamid.${Math.floor(rand() * 1e9)}`,
    };
  if (r < 0.85)
    return {
      kind: "other",
      what: pick([
        "audio",
        "video",
        "sticker",
        "location",
        "contacts",
        "reaction",
        "unsupported",
        "system",
      ] as const),
    };
  if (r < 0.9) return pick<BotInput>([{ kind: "reminder" }, { kind: "expire" }, { kind: "operator_closed" }]);
  return { kind: "text", text: "__auto__" };
};

const isValidState = (s: BotState) =>
  s.v === 1 &&
  (s.locale === "id" || s.locale === "en") &&
  typeof s.greeted === "boolean" &&
  typeof s.flow?.name === "string";

test("random inputs never crash the bot, never leave a citizen without an answer, and keep the state valid", async () => {
  const catalogue = await shippedCatalogue();
  const seed = Number(process.env.BOT_FUZZ_SEED ?? 20261127);
  const rand = prng(seed);
  const ctx = {
    catalogue,
    now: new Date("2026-11-27T02:00:00Z"),
    applications: [{ id: "a", trackingNumber: "KPG-A-2611-00042", serviceTitle: "KIA", status: "submitted" }],
    findTrackingNumber: findTrackingNumberForTests,
  };
  for (let conversation = 0; conversation < 150; conversation++) {
    let state: BotState | undefined;
    for (let turn = 0; turn < 40; turn++) {
      let input = randomInput(rand);
      if (input.kind === "text" && input.text === "__auto__" && state) input = await autoAnswer(state);
      const result = step(state, input, ctx);
      const where = `seed ${seed}, conversation ${conversation}, turn ${turn}, input ${JSON.stringify(input).slice(0, 120)}`;
      assert.ok(
        !result.effects.some((e) => e.type === "bot_error"),
        `bot error at ${where}: ${JSON.stringify(result.effects.find((e) => e.type === "bot_error"))}`,
      );
      assert.ok(isValidState(result.state), `invalid state at ${where}`);
      const citizenSpoke = ["text", "choice", "file", "other"].includes(input.kind);
      const answered =
        result.effects.some(
          (e) => e.type !== "bot_error" && e.type !== "cancel_handover" && e.type !== "handover",
        ) || result.effects.some((e) => e.type === "handover");
      if (citizenSpoke && result.state.flow.name !== "waiting_operator")
        assert.ok(answered, `no answer at ${where}`);
      for (const e of result.effects) {
        if (e.type !== "reply") continue;
        const r = e.reply;
        assert.ok(
          [...(r.kind === "text" ? r.body : r.body)].length <= (r.kind === "text" ? 4096 : 1024),
          `reply too long at ${where}`,
        );
        if (r.kind === "buttons")
          assert.ok(
            r.buttons.length <= 3 && r.buttons.every((b) => [...b.title].length <= 20),
            `bad buttons at ${where}`,
          );
        if (r.kind === "list")
          assert.ok(
            r.rows.length <= 10 && r.rows.every((row) => [...row.title].length <= 24),
            `bad list at ${where}`,
          );
      }
      // The next turn starts from the state as the database returns it (a JSON round trip).
      state = JSON.parse(JSON.stringify(result.state)) as BotState;
    }
  }
});
