import { commandOf } from "./keywords.ts";
import { say } from "./menu.ts";
import { t } from "./text.ts";
import type { BotInput, BotState, Effect, StepResult } from "./types.ts";

type RevisionItem = { requirementId: string; label: string; reason: string };

/** An officer asked for corrections: the bot asks for each rejected document in turn. */
export const startRevision = (
  state: BotState,
  o: { applicationId: string; trackingNumber: string; items: RevisionItem[] },
): StepResult => {
  const flow = { name: "revision" as const, ...o, index: 0, documents: {} };
  return { state: { ...state, flow }, effects: [promptFor(state, o.trackingNumber, o.items[0]!)] };
};

const promptFor = (state: BotState, trackingNumber: string, item: RevisionItem): Effect =>
  say(
    t(state.locale, "revisionPrompt", { tracking: trackingNumber, label: item.label, reason: item.reason }),
  );

export const onRevision = (state: BotState, input: BotInput): StepResult => {
  if (state.flow.name !== "revision") return { state, effects: [] };
  const flow = state.flow;
  const item = flow.items[flow.index]!;
  if (input.kind !== "file") {
    const done =
      input.kind === "text" &&
      commandOf(input.text) === "done" &&
      (flow.documents[item.requirementId]?.length ?? 0) > 0;
    if (!done) return { state, effects: [promptFor(state, flow.trackingNumber, item)] };
    return advance(state, flow.documents);
  }
  const documents = {
    ...flow.documents,
    [item.requirementId]: [...(flow.documents[item.requirementId] ?? []), input.messageId],
  };
  return advance(state, documents);
};

const advance = (state: BotState, documents: Record<string, string[]>): StepResult => {
  if (state.flow.name !== "revision") return { state, effects: [] };
  const flow = state.flow;
  const index = flow.index + 1;
  if (index < flow.items.length) {
    return {
      state: { ...state, flow: { ...flow, index, documents } },
      effects: [promptFor(state, flow.trackingNumber, flow.items[index]!)],
    };
  }
  return {
    state: { ...state, flow: { name: "idle" } },
    effects: [
      { type: "revision_uploaded", applicationId: flow.applicationId, documents },
      say(t(state.locale, "revisionDone", { tracking: flow.trackingNumber })),
    ],
  };
};
