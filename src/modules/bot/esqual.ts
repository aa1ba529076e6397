/**
 * The optional adapted E-S-QUAL questions (surveys/esqual.ts) in the chat, offered right after the SKM is
 * done: two buttons, then the statements one by one as lists (tap or type 1–5). Every answer is stored as it
 * comes, by an effect that carries the SKM response's id: the service keeps the answers in a separate
 * 'esqual' row of the same application, so they never reach the IKM and the flow needs no id of its own.
 * Anything but an answer to the offer drops it, as an unanswered consent question is dropped.
 */
import { ESQUAL_ITEMS, ESQUAL_LIST_BUTTON, esqualAnswerRows, parseEsqualRowId } from "../surveys/esqual.ts";
import { commandOf, optionFromText } from "./keywords.ts";
import { reply, say, showMenu } from "./menu.ts";
import type { BotInput, BotState, Effect, Option, StepResult } from "./types.ts";

export type EsqualFlow = {
  name: "esqual";
  /** The completed SKM response the answers belong with (same application). */
  skmResponseId: string;
  stage: "offer" | "item";
  index: number;
};

const YES = "esqual.yes";
const NO = "esqual.no";
const COUNT = ESQUAL_ITEMS.length;

const words = {
  id: {
    offer: `Mau menjawab ${COUNT} pertanyaan tambahan tentang layanan WhatsApp ini? Opsional, skala 1–5.`,
    yes: "Ya, lanjut",
    no: "Tidak",
    intro:
      "Terima kasih! Seberapa setuju Anda dengan setiap pernyataan: 1 = sangat tidak setuju … 5 = sangat setuju. Ketuk jawaban, atau ketik angkanya (1–5). Ketik *MENU* untuk berhenti; jawaban yang sudah diberikan tetap tersimpan.",
    head: (n: number) => `Pernyataan ${n} dari ${COUNT}`,
    again: "Mohon pilih salah satu jawaban dari daftar, atau ketik angkanya (1–5).",
    declined: "Baik, terima kasih.",
    thanks: "🙏 Terima kasih! Jawaban tambahan Anda membantu kami memperbaiki layanan WhatsApp ini.",
    closed:
      "Pertanyaan tambahan ini sudah ditutup; jawaban yang sudah Anda berikan tetap tersimpan. Terima kasih!",
  },
  en: {
    offer: `Would you answer ${COUNT} more questions about this WhatsApp service? Optional, 1–5 scale.`,
    yes: "Yes, continue",
    no: "No",
    intro:
      "Thank you! How much do you agree with each statement: 1 = strongly disagree … 5 = strongly agree. Tap an answer or type its number (1–5). Type *MENU* to stop; the answers given are kept.",
    head: (n: number) => `Statement ${n} of ${COUNT}`,
    again: "Please choose one of the answers in the list, or type its number (1–5).",
    declined: "OK, thank you.",
    thanks: "🙏 Thank you! Your extra answers help us improve this WhatsApp service.",
    closed: "These extra questions are closed; the answers you gave are kept. Thank you!",
  },
} as const;

const offerOptions = (l: BotState["locale"]): Option[] => [
  { id: YES, title: words[l].yes },
  { id: NO, title: words[l].no },
];

/** After the SKM's thanks: the offer, and the state waiting for its answer. */
export const offerEsqual = (state: BotState, skmResponseId: string, prefix: Effect[]): StepResult => {
  const l = state.locale;
  return {
    state: { ...state, flow: { name: "esqual", skmResponseId, stage: "offer", index: 0 } },
    effects: [...prefix, reply({ kind: "buttons", body: words[l].offer, buttons: offerOptions(l) })],
  };
};

const askItem = (state: BotState, flow: EsqualFlow, prefix: Effect[] = []): StepResult => {
  const l = state.locale;
  const item = ESQUAL_ITEMS[flow.index]!;
  const list = reply({
    kind: "list",
    body: `${words[l].head(flow.index + 1)}\n\n${item.statement[l]}`,
    button: ESQUAL_LIST_BUTTON[l],
    rows: esqualAnswerRows(item.code, l),
  });
  return { state: { ...state, flow }, effects: [...prefix, list] };
};

const offerAnswer = (input: BotInput, l: BotState["locale"]) => {
  if (input.kind === "choice") return input.id === YES ? "yes" : input.id === NO ? "no" : undefined;
  if (input.kind !== "text") return undefined;
  const command = commandOf(input.text);
  if (command === "yes" || command === "no") return command;
  const option = optionFromText(offerOptions(l), input.text);
  return option ? (option.id === YES ? "yes" : "no") : undefined;
};

/**
 * One turn inside the flow. Undefined when the citizen did not answer the offer: the caller handles the
 * message as it would at the menu, which is where the citizen was before the offer existed.
 */
export const onEsqual = (state: BotState, flow: EsqualFlow, input: BotInput): StepResult | undefined => {
  const l = state.locale;
  if (flow.stage === "offer") {
    const answer = offerAnswer(input, l);
    if (answer === "yes") return askItem(state, { ...flow, stage: "item", index: 0 }, [say(words[l].intro)]);
    if (answer === "no") return showMenu({ ...state, flow: { name: "idle" } }, [say(words[l].declined)]);
    return undefined;
  }
  const item = ESQUAL_ITEMS[flow.index]!;
  const rows = esqualAnswerRows(item.code, l);
  const option =
    input.kind === "choice"
      ? rows.find((r) => r.id === input.id)
      : input.kind === "text"
        ? optionFromText(rows, input.text)
        : undefined;
  const answer = parseEsqualRowId(option?.id ?? "");
  if (!answer || answer.item !== item.code) return askItem(state, flow, [say(words[l].again)]);
  const stored: Effect = {
    type: "esqual_answer",
    skmResponseId: flow.skmResponseId,
    key: item.code,
    value: answer.score,
  };
  if (flow.index + 1 < COUNT) return askItem(state, { ...flow, index: flow.index + 1 }, [stored]);
  return showMenu({ ...state, flow: { name: "idle" } }, [
    stored,
    { type: "esqual_complete", skmResponseId: flow.skmResponseId },
    say(words[l].thanks),
  ]);
};

/**
 * A tap on an older offer or answer list once the flow is over (answered, left with MENU, or dropped): the
 * answers already given stay stored, nothing more is recorded, and the citizen gets the menu.
 */
export const onStaleEsqualTap = (state: BotState, input: BotInput): StepResult | undefined => {
  if (input.kind !== "choice" || state.flow.name === "esqual") return undefined;
  const idle: BotState = { ...state, flow: { name: "idle" } };
  if (input.id === NO) return showMenu(idle);
  if (input.id !== YES && !parseEsqualRowId(input.id)) return undefined;
  return showMenu(idle, [say(words[state.locale].closed)]);
};
