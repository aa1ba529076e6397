/**
 * The reporter's reply to the office's answer to a complaint (SP4N-LAPOR!: satisfied closes it, not satisfied
 * sends it back to follow-up, anything else is more information). The answer comes with two buttons inside
 * the 24-hour window ("Puas, selesai" / "Belum puas"), or as the template outside it, after which the
 * citizen's next message opens the window and the bot asks the same question with the buttons.
 *
 * The buttons carry the tracking number, so a tap works whatever the citizen was doing and however old the
 * message. Free text counts as a reply only inside the exchange (flow complaint_reply, set by the answer's
 * notification when the citizen was not in the middle of something else); MENU and the other keywords leave it.
 */
import { commandOf, isGreeting, normalise, optionFromText } from "./keywords.ts";
import { reply, say } from "./menu.ts";
import type { BotContext, BotInput, BotState, Effect, Flow, Locale, Option, StepResult } from "./types.ts";

export type ComplaintReplyFlow = {
  name: "complaint_reply";
  trackingNumber: string;
  /** pending: told by the template (no buttons yet); asked: the buttons were shown; explain: after "Belum puas". */
  stage: "pending" | "asked" | "explain";
  /** The whole answer, when the template could not carry all of it: sent at the citizen's next message. */
  answer?: string;
};

const words = {
  id: {
    question: (n: string) =>
      `Apakah tanggapan kami untuk pengaduan *${n}* sudah menjawab? Ketuk salah satu tombol, atau tulis tanggapan Anda. Ketik *MENU* untuk layanan lain.`,
    satisfied: "Puas, selesai",
    unsatisfied: "Belum puas",
    answer: (n: string, a: string) => `Tanggapan kami untuk pengaduan *${n}*:\n${a}`,
    noted: (n: string) =>
      `Terima kasih, tanggapan Anda untuk pengaduan *${n}* sudah kami catat dan teruskan ke petugas.`,
    explain:
      "Mohon tuliskan apa yang belum terjawab, agar petugas bisa menindaklanjutinya. Ketik *MENU* bila tidak ada tambahan.",
    explained: (n: string) =>
      `Terima kasih, keterangan Anda sudah kami teruskan ke petugas untuk pengaduan *${n}*.`,
    stale: (n: string) => `Pengaduan *${n}* sudah tidak menunggu jawaban Anda. Terima kasih.`,
  },
  en: {
    question: (n: string) =>
      `Did our answer to complaint *${n}* settle it? Tap a button, or write your reply. Type *MENU* for other services.`,
    satisfied: "Satisfied, close",
    unsatisfied: "Not satisfied",
    answer: (n: string, a: string) => `Our answer to complaint *${n}*:\n${a}`,
    noted: (n: string) => `Thank you, your reply to complaint *${n}* is recorded and passed to the officer.`,
    explain:
      "Please write what is still not settled, so the officer can follow it up. Type *MENU* if nothing.",
    explained: (n: string) =>
      `Thank you, your information on complaint *${n}* has been passed to the officer.`,
    stale: (n: string) => `Complaint *${n}* is no longer waiting for your reply. Thank you.`,
  },
} as const;

const SATISFIED = "complaint.satisfied.";
const UNSATISFIED = "complaint.unsatisfied.";

export const complaintReplyButtons = (l: Locale, trackingNumber: string): Option[] => [
  { id: `${SATISFIED}${trackingNumber}`, title: words[l].satisfied },
  { id: `${UNSATISFIED}${trackingNumber}`, title: words[l].unsatisfied },
];

export const complaintReplyQuestion = (l: Locale, trackingNumber: string) =>
  words[l].question(trackingNumber);

/** Said to a reply that came after the complaint moved on (closed, or already settled). */
export const complaintNoLongerWaiting = (l: Locale, trackingNumber: string) => words[l].stale(trackingNumber);

const ask = (l: Locale, n: string): Effect =>
  reply({ kind: "buttons", body: complaintReplyQuestion(l, n), buttons: complaintReplyButtons(l, n) });

const CHOICES = new Set([
  "menu",
  "info_service",
  "info_variant",
  "apply_service",
  "apply_variant",
  "after_brochure",
  "status_application",
]);

/**
 * Whether the answer's notification may put the conversation into the reply exchange: only when the citizen
 * is not in the middle of anything (a draft, a complaint, a survey, a privacy question, waiting for a person).
 */
export const mayAskAboutComplaint = (flow: Flow) =>
  flow.name === "idle" ||
  flow.name === "complaint_reply" ||
  (flow.name === "choose" && CHOICES.has(flow.purpose));

const complaintOf = (ctx: BotContext, n: string) => ctx.openComplaints?.find((c) => c.trackingNumber === n);
const awaitsReply = (ctx: BotContext, n: string) => complaintOf(ctx, n)?.status === "answered";

/** Out of the exchange; a citizen who was doing something else carries on with it. */
const leave = (state: BotState): BotState =>
  state.flow.name === "complaint_reply" ? { ...state, flow: { name: "idle" } } : state;

const settle = (
  state: BotState,
  n: string,
  satisfied: boolean,
  text: string,
  ctx: BotContext,
): StepResult => {
  const l = state.locale;
  if (!awaitsReply(ctx, n)) return { state: leave(state), effects: [say(words[l].stale(n))] };
  const effect: Effect = { type: "complaint_reply", trackingNumber: n, text, satisfied };
  // The complaint's own notification (closed / reopened) answers the citizen.
  if (satisfied || !mayAskAboutComplaint(state.flow)) return { state: leave(state), effects: [effect] };
  return {
    state: { ...state, flow: { name: "complaint_reply", trackingNumber: n, stage: "explain" } },
    effects: [effect, say(words[l].explain)],
  };
};

/** A tap on "Puas, selesai" / "Belum puas", on this or any earlier answer's message. */
export const onComplaintReplyTap = (
  state: BotState,
  input: BotInput,
  ctx: BotContext,
): StepResult | undefined => {
  if (input.kind !== "choice") return undefined;
  const satisfied = input.id.startsWith(SATISFIED);
  if (!satisfied && !input.id.startsWith(UNSATISFIED)) return undefined;
  const n = input.id.slice((satisfied ? SATISFIED : UNSATISFIED).length);
  return settle(state, n, satisfied, input.title, ctx);
};

const UNSATISFIED_WORDS = new Set(["belum", "belum puas", "tidak puas", "kurang puas", "not satisfied"]);
const SATISFIED_WORDS = new Set(["puas", "sudah puas", "satisfied"]);

/** A typed yes or no to the question, as the buttons' words, numbers or the usual yes/no words. */
const typedVerdict = (l: Locale, n: string, text: string): boolean | undefined => {
  const option = optionFromText(complaintReplyButtons(l, n), text);
  if (option) return option.id.startsWith(SATISFIED);
  const typed = normalise(text);
  const command = commandOf(text);
  if (UNSATISFIED_WORDS.has(typed) || command === "no") return false;
  if (SATISFIED_WORDS.has(typed) || command === "yes" || command === "done") return true;
  return undefined;
};

/**
 * A message inside the exchange. Undefined when the exchange no longer applies (the complaint moved on, or the
 * input is not for it): the step then handles the input as it would at the menu.
 */
export const onComplaintReply = (
  state: BotState,
  flow: ComplaintReplyFlow,
  input: BotInput,
  ctx: BotContext,
): StepResult | undefined => {
  const l = state.locale;
  const n = flow.trackingNumber;
  if (flow.stage === "explain") {
    const open = complaintOf(ctx, n);
    if (!open || input.kind !== "text") return undefined;
    return {
      state: { ...state, flow: { name: "idle" } },
      effects: [{ type: "complaint_reply", trackingNumber: n, text: input.text }, say(words[l].explained(n))],
    };
  }
  if (!awaitsReply(ctx, n) || input.kind === "choice") return undefined;
  const verdict = input.kind === "text" ? typedVerdict(l, n, input.text) : undefined;
  if (verdict !== undefined && input.kind === "text") return settle(state, n, verdict, input.text, ctx);
  const effects: Effect[] = flow.answer ? [say(words[l].answer(n, flow.answer))] : [];
  // What the citizen wrote back is their reply (a greeting only opens the window, a file is not a reply).
  if (input.kind === "text" && !isGreeting(input.text))
    effects.push({ type: "complaint_reply", trackingNumber: n, text: input.text }, say(words[l].noted(n)));
  effects.push(ask(l, n));
  return {
    state: { ...state, flow: { name: "complaint_reply", trackingNumber: n, stage: "asked" } },
    effects,
  };
};
