import { resolve } from "../catalogue/resolve.ts";
import type { AlternativeGroup, Catalogue, Field, Requirement, Resolved } from "../catalogue/schema.ts";
import { answerField, choiceOptions, displayValue } from "./fields.ts";
import { commandOf } from "./keywords.ts";
import { choose, say, showMenu } from "./menu.ts";
import { t } from "./text.ts";
import type { ApplicationDraft, BotInput, BotState, Effect, Locale, StepResult } from "./types.ts";

type Next =
  | { kind: "field"; field: Field }
  | { kind: "alternative"; group: AlternativeGroup }
  | { kind: "document"; requirement: Requirement; group?: AlternativeGroup }
  | { kind: "confirm" };

const resolvedOf = (catalogue: Catalogue, draft: ApplicationDraft): Resolved =>
  resolve(catalogue, catalogue.services.find((s) => s.code === draft.serviceCode)!, draft.variantCode);

const applies = (when: Field["when"], values: Record<string, string>) =>
  !when || when.in.includes(values[when.field] ?? "");

/**
 * What to ask next, recomputed from the draft every turn (so the state holds only answers):
 * the general fields, then each document in catalogue order; an either/or group asks its chosen option's
 * fields and documents, starting with the first option until the citizen says they don't have it.
 */
export const nextStep = (catalogue: Catalogue, draft: ApplicationDraft): Next => {
  const x = resolvedOf(catalogue, draft);
  const optionFields = new Set(x.alternatives.flatMap((g) => g.one_of.flatMap((o) => o.fields)));
  const field = x.fields.find(
    (f) => !optionFields.has(f.id) && applies(f.when, draft.values) && !(f.id in draft.values),
  );
  if (field) return { kind: "field", field };
  for (const requirement of x.requirements) {
    if (!applies(requirement.when, draft.values) || draft.closed.includes(requirement.id)) continue;
    if (requirement.presence !== "alternative") return { kind: "document", requirement };
    const group = x.alternatives.find((g) => g.one_of.some((o) => o.requirements.includes(requirement.id)));
    if (!group) continue;
    const chosen = group.one_of.find((o) => o.id === draft.alternatives[group.id]) ?? group.one_of[0]!;
    if (!chosen.requirements.includes(requirement.id)) continue;
    const pendingField = x.fields.find((f) => chosen.fields.includes(f.id) && !(f.id in draft.values));
    if (pendingField) return { kind: "field", field: pendingField };
    return { kind: "document", requirement, group };
  }
  return { kind: "confirm" };
};

export const startApplication = (
  state: BotState,
  ctx: { catalogue: Catalogue },
  serviceCode: string,
  variantCode?: string,
): StepResult => {
  const service = ctx.catalogue.services.find((s) => s.code === serviceCode)!;
  const draft: ApplicationDraft = {
    serviceCode,
    variantCode,
    values: {},
    documents: {},
    alternatives: {},
    closed: [],
  };
  const title =
    service.variants.find((v) => v.code === variantCode)?.names[state.locale] ?? service.names[state.locale];
  return ask({ ...state, remindedAt: undefined }, ctx.catalogue, draft, [
    say(t(state.locale, "fieldIntro", { service: title })),
  ]);
};

/** Moves the draft to its next question and asks it. */
export const ask = (
  state: BotState,
  catalogue: Catalogue,
  draft: ApplicationDraft,
  prefix: Effect[] = [],
): StepResult => {
  const next = nextStep(catalogue, draft);
  const l = state.locale;
  if (next.kind === "field") {
    const prompt = [next.field.prompt[l], next.field.hint?.[l]].filter(Boolean).join("\n");
    const options = choiceOptions(next.field, l);
    if (options.length > 0) {
      const shown = choose(state, { purpose: "alternative", body: prompt, options });
      return {
        state: { ...shown.state, flow: { name: "field", draft } },
        effects: [...prefix, ...shown.effects],
      };
    }
    return {
      state: { ...state, flow: { name: "field", draft } },
      effects: [...prefix, say(prompt)],
    };
  }
  if (next.kind === "document") {
    return {
      state: { ...state, flow: { name: "document", draft } },
      effects: [...prefix, say(documentPrompt(catalogue, next, l))],
    };
  }
  if (next.kind === "confirm") return confirmPrompt(state, catalogue, draft, prefix);
  return { state, effects: prefix };
};

const documentPrompt = (
  catalogue: Catalogue,
  next: Extract<Next, { kind: "document" }>,
  l: Locale,
): string => {
  const r = next.requirement;
  const kind = t(l, r.kind === "photo" ? "kindPhoto" : r.kind === "pdf" ? "kindPdf" : "kindEither");
  const lines = [t(l, "documentPrompt", { label: r.label[l], kind }), r.hint?.[l] ?? catalogue.photo_hint[l]];
  if (r.max_pages > 1) lines.push(t(l, "documentPages", { max: r.max_pages }));
  lines.push(t(l, r.presence === "optional" ? "documentOptionalHint" : "documentMissingHint"));
  return lines.filter(Boolean).join("\n");
};

const confirmPrompt = (
  state: BotState,
  catalogue: Catalogue,
  draft: ApplicationDraft,
  prefix: Effect[],
): StepResult => {
  const l = state.locale;
  const x = resolvedOf(catalogue, draft);
  const lines = x.fields
    .filter((f) => draft.values[f.id])
    .map((f) => `• ${f.label[l]}: ${displayValue(f, draft.values[f.id]!, l)}`);
  const files = Object.values(draft.documents).reduce((n, ids) => n + ids.length, 0);
  const title = x.variant?.names[l] ?? x.service.names[l];
  const body = [t(l, "summaryTitle"), `*${title}*`, ...lines, t(l, "summaryDocs", { n: files })].join("\n");
  const shown = choose(state, {
    purpose: "alternative",
    body: body.slice(0, 1024),
    options: [
      { id: "confirm.submit", title: t(l, "submit") },
      { id: "confirm.cancel", title: t(l, "cancel") },
    ],
  });
  return {
    state: { ...shown.state, flow: { name: "confirm_application", draft } },
    effects: [...prefix, ...shown.effects],
  };
};

/** One answer to the current field. */
export const onField = (
  state: BotState,
  catalogue: Catalogue,
  draft: ApplicationDraft,
  input: BotInput,
  now: Date,
): StepResult => {
  const next = nextStep(catalogue, draft);
  if (next.kind !== "field") return ask(state, catalogue, draft);
  const field = next.field;
  if (!field.required && input.kind === "text" && commandOf(input.text) === "skip") {
    return ask(state, catalogue, { ...draft, values: { ...draft.values, [field.id]: "" } });
  }
  const answer = answerField(field, input, state.locale, now);
  if (!answer.ok) return { state, effects: [say(answer.message)] };
  const stop = "stop_if" in field ? field.stop_if : undefined;
  if (stop?.in.includes(answer.value))
    return showMenu({ ...state, flow: { name: "idle" } }, [say(stop.message[state.locale])]);
  return ask(state, catalogue, { ...draft, values: { ...draft.values, [field.id]: answer.value } });
};

/** A file, or SELESAI / TIDAK ADA / LEWATI, for the current document. */
export const onDocument = (
  state: BotState,
  catalogue: Catalogue,
  draft: ApplicationDraft,
  input: BotInput,
): StepResult => {
  const next = nextStep(catalogue, draft);
  if (next.kind !== "document") return ask(state, catalogue, draft);
  const l = state.locale;
  const r = next.requirement;
  const sent = draft.documents[r.id] ?? [];
  if (input.kind === "file") {
    const problem = kindProblem(r, input);
    if (problem) return { state, effects: [say(t(l, problem))] };
    const documents = { ...draft.documents, [r.id]: [...sent, input.messageId] };
    const full = documents[r.id]!.length >= r.max_pages;
    if (r.max_pages > 1 && !full) {
      return {
        state: { ...state, flow: { name: "document", draft: { ...draft, documents } } },
        effects: [say(t(l, "pageReceived", { n: documents[r.id]!.length }))],
      };
    }
    return ask(state, catalogue, { ...draft, documents, closed: [...draft.closed, r.id] });
  }
  const command = input.kind === "text" ? commandOf(input.text) : undefined;
  if (command === "done" && sent.length > 0)
    return ask(state, catalogue, { ...draft, closed: [...draft.closed, r.id] });
  if ((command === "skip" || command === "none") && r.presence === "optional") {
    return ask(state, catalogue, { ...draft, closed: [...draft.closed, r.id] });
  }
  if (command === "none" && next.group) return switchAlternative(state, catalogue, draft, next.group);
  if (command === "none") return { state, effects: [say(t(l, "noAlternativeLeft"))] };
  return { state, effects: [say(t(l, "documentNeeded", { label: r.label[l] }))] };
};

const kindProblem = (r: Requirement, input: Extract<BotInput, { kind: "file" }>) => {
  const isPdf =
    input.fileKind === "document" &&
    (input.mimeType === "application/pdf" || /\.pdf$/i.test(input.filename ?? ""));
  const isImage = input.fileKind === "image";
  if (r.kind === "pdf" && !isPdf) return isImage ? ("wrongKindPdf" as const) : ("wrongKindFile" as const);
  if (r.kind === "photo" && !isImage) return "wrongKindPhoto" as const;
  if (!isPdf && !isImage) return "wrongKindFile" as const;
  return undefined;
};

/** "Tidak ada": move to the group's next option (e.g. SPTJM F-2.03 with two witnesses instead of a birth letter). */
const switchAlternative = (
  state: BotState,
  catalogue: Catalogue,
  draft: ApplicationDraft,
  group: AlternativeGroup,
): StepResult => {
  const current = group.one_of.findIndex(
    (o) => o.id === (draft.alternatives[group.id] ?? group.one_of[0]!.id),
  );
  const option = group.one_of[current + 1];
  if (!option) return { state, effects: [say(t(state.locale, "noAlternativeLeft"))] };
  const dropped = group.one_of[current]!.requirements;
  const documents = Object.fromEntries(
    Object.entries(draft.documents).filter(([id]) => !dropped.includes(id)),
  );
  const explain = say(`${group.label[state.locale]}\n→ *${option.label[state.locale]}*`);
  return ask(
    state,
    catalogue,
    { ...draft, documents, alternatives: { ...draft.alternatives, [group.id]: option.id } },
    [explain],
  );
};
