import { loadCatalogue } from "../catalogue/load.ts";
import type { Catalogue, Field } from "../catalogue/schema.ts";
import { parseTrackingNumber } from "../shared/tracking-number.ts";
import { nextStep } from "./apply.ts";
import { step } from "./step.ts";
import type { ApplicationSummary, BotInput, BotState, Effect, Reply } from "./types.ts";

let cached: Promise<Catalogue> | undefined;
export const shippedCatalogue = () => {
  cached ??= loadCatalogue();
  return cached;
};

/** The real parser, as the conversation service passes it to the bot. */
export const findTrackingNumberForTests = (text: string) => parseTrackingNumber(text)?.text;

export const text = (t: string): BotInput => ({ kind: "text", text: t });
export const tap = (id: string, title = id): BotInput => ({ kind: "choice", id, title });
let fileCounter = 0;
export const photo = (): BotInput => ({
  kind: "file",
  fileKind: "image",
  mimeType: "image/jpeg",
  messageId: `wamid.photo${++fileCounter}`,
});
export const pdf = (): BotInput => ({
  kind: "file",
  fileKind: "document",
  mimeType: "application/pdf",
  filename: "dok.pdf",
  messageId: `wamid.pdf${++fileCounter}`,
});

/** Renders a reply as the citizen would read it, with its buttons or rows. */
export const render = (r: Reply): string => {
  if (r.kind === "text") return r.body;
  const options = r.kind === "buttons" ? r.buttons : r.rows;
  return `${r.body}\n${options.map((o, i) => `  [${i + 1}] ${o.title} (${o.id})`).join("\n")}`;
};

/** Runs a conversation; returns the final state and, per turn, the effects. */
export const converse = async (
  inputs: BotInput[],
  o: { state?: BotState; applications?: ApplicationSummary[]; now?: Date } = {},
) => {
  const catalogue = await shippedCatalogue();
  let state = o.state;
  const turns: Effect[][] = [];
  for (const input of inputs) {
    const result = step(state, input, {
      catalogue,
      now: o.now ?? new Date("2026-11-27T02:00:00Z"),
      applications: o.applications ?? [],
      findTrackingNumber: findTrackingNumberForTests,
    });
    state = result.state;
    turns.push(result.effects);
  }
  return { state: state!, turns };
};

export const repliesOf = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === "reply" ? [render(e.reply)] : []));

/** A citizen who answers every question correctly: valid data for each field, the right file for each document. */
export const autoAnswer = async (state: BotState): Promise<BotInput> => {
  const catalogue = await shippedCatalogue();
  const flow = state.flow;
  if (flow.name === "field") {
    const next = nextStep(catalogue, flow.draft);
    if (next.kind !== "field") return text("?");
    return answerFor(next.field);
  }
  if (flow.name === "document") {
    const next = nextStep(catalogue, flow.draft);
    if (next.kind !== "document") return text("?");
    const sent = flow.draft.documents[next.requirement.id]?.length ?? 0;
    if (sent > 0) return text("selesai");
    return next.requirement.kind === "pdf" ? pdf() : photo();
  }
  if (flow.name === "confirm_application") return text("ya");
  return text("menu");
};

const answerFor = (field: Field): BotInput => {
  switch (field.type) {
    case "nik":
      return text("5371 0141 0190 0042");
    case "kk":
      return text("5371-0101-1020-0007");
    case "date":
      return text("14-01-2020");
    case "phone":
      return text("0812 3456 7890");
    case "choice": {
      const i = field.options.findIndex((o) => !field.stop_if?.in.includes(o.value));
      return text(String(i + 1));
    }
    case "yes_no":
      return text(field.stop_if?.in.includes("no") ? "ya" : "tidak");
    default:
      return text("Maria Goreti Seran");
  }
};
