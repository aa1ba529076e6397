/**
 * The citizen's privacy rights in the bot (UU 27/2022): the versioned notice, consent to optional processing
 * (survey, broadcast) with STOP / MULAI anywhere, and data-subject requests (DATA SAYA, HAPUS DATA) confirmed
 * with a button. Pure, like the rest of the bot: the conversation service records what the effects say.
 */
import { commandOf } from "./keywords.ts";
import { choose, say } from "./menu.ts";
import { pt } from "./privacy-text.ts";
import type {
  BotContext,
  BotInput,
  BotState,
  ChoosePurpose,
  DataRequestKind,
  Effect,
  StepResult,
} from "./types.ts";

const PRIVACY_PURPOSES = new Set<ChoosePurpose>([
  "consent_survey",
  "consent_broadcast",
  "privacy_menu",
  "data_request",
]);
export const isPrivacyPurpose = (purpose: ChoosePurpose) => PRIVACY_PURPOSES.has(purpose);

/** A consent question the citizen may simply ignore: anything else they write is handled as usual. */
export const isConsentQuestion = (purpose: ChoosePurpose) =>
  purpose === "consent_survey" || purpose === "consent_broadcast";

const ALL_OPTIONAL = ["survey", "broadcast"] as const;

/**
 * STOP / BERHENTI and START / MULAI work anywhere, mid-application too, and leave what the citizen was doing
 * as it was; DATA SAYA / HAPUS DATA start a request when nothing is in progress.
 */
export const privacyCommand = (
  state: BotState,
  text: string,
  o: { busy: boolean; now: Date },
): StepResult | undefined => {
  const l = state.locale;
  const command = commandOf(text);
  const hint = o.busy ? `\n\n${pt(l, "busyHint")}` : "";
  if (command === "stop")
    return {
      state,
      effects: [
        { type: "record_consent", purposes: [...ALL_OPTIONAL], granted: false, source: "keyword" },
        say(pt(l, "stopDone") + hint),
      ],
    };
  if (command === "start")
    return {
      state,
      effects: [
        { type: "record_consent", purposes: ["broadcast"], granted: true, source: "keyword" },
        say(pt(l, "startDone") + hint),
      ],
    };
  if (command === "my_data" || command === "delete_data") {
    if (o.busy) return { state, effects: [say(pt(l, "finishFirst"))] };
    return askToConfirm(state, command === "my_data" ? "copy" : "delete_optional", o.now);
  }
  return undefined;
};

/** After a submission: ask once for the survey, unless the citizen already decided either way. */
export const surveyQuestion = (state: BotState, ctx: BotContext): StepResult | undefined => {
  if (!ctx.privacy || ctx.privacy.consents.survey !== undefined) return undefined;
  return yesNo(state, "consent_survey", pt(state.locale, "surveyAsk"));
};

export const broadcastQuestion = (state: BotState): StepResult =>
  yesNo(state, "consent_broadcast", pt(state.locale, "broadcastAsk"));

export const privacyMenu = (state: BotState): StepResult => {
  const l = state.locale;
  return choose(state, {
    purpose: "privacy_menu",
    body: pt(l, "privacyMenu"),
    options: [
      { id: "dsr.ask.copy", title: pt(l, "askCopy") },
      { id: "dsr.ask.delete_optional", title: pt(l, "askDelete") },
      { id: "next.menu", title: pt(l, "backToMenu") },
    ],
  });
};

const yesNo = (state: BotState, purpose: ChoosePurpose, body: string) => {
  const l = state.locale;
  const prefix = purpose === "consent_survey" ? "consent.survey" : "consent.broadcast";
  return choose(state, {
    purpose,
    body,
    options: [
      { id: `${prefix}.yes`, title: pt(l, "yesPlease") },
      { id: `${prefix}.no`, title: pt(l, "no") },
    ],
  });
};

const askToConfirm = (state: BotState, kind: DataRequestKind, requestedAt: Date): StepResult => {
  const l = state.locale;
  const shown = choose(state, {
    purpose: "data_request",
    body: pt(l, kind === "copy" ? "confirmCopy" : "confirmDelete"),
    options: [
      { id: `dsr.${kind}`, title: pt(l, kind === "copy" ? "confirmYesCopy" : "confirmYesDelete") },
      { id: "dsr.cancel", title: pt(l, "cancel") },
    ],
  });
  const flow = shown.state.flow.name === "choose" ? shown.state.flow : undefined;
  return { ...shown, state: { ...shown.state, flow: { ...flow!, requestedAt: requestedAt.toISOString() } } };
};

/** Yes/no typed instead of tapped ("ya", "tidak") counts as the matching button. */
const answerOf = (state: BotState, input: BotInput): string | undefined => {
  if (state.flow.name !== "choose") return undefined;
  if (input.kind === "choice") return input.id;
  if (input.kind !== "text") return undefined;
  const command = commandOf(input.text);
  const [yes, no] = state.flow.options;
  return command === "yes" ? yes?.id : command === "no" ? no?.id : undefined;
};

/** An answer to one of the privacy choices; undefined when the input is not one (the caller goes on). */
export const onPrivacyChoice = (state: BotState, input: BotInput, now: Date): StepResult | undefined => {
  const id = answerOf(state, input);
  return id ? onPrivacyOption(state, id, now) : undefined;
};

export const onPrivacyOption = (state: BotState, id: string, now: Date): StepResult | undefined => {
  const l = state.locale;
  const idle: BotState = { ...state, flow: { name: "idle" } };
  const consent = (purpose: "survey" | "broadcast", granted: boolean, reply: string): StepResult => ({
    state: idle,
    effects: [{ type: "record_consent", purposes: [purpose], granted, source: "bot" }, say(reply)],
  });
  switch (id) {
    case "consent.survey.yes":
      return consent("survey", true, pt(l, "surveyYes"));
    case "consent.survey.no":
      return consent("survey", false, pt(l, "surveyNo"));
    case "consent.broadcast.yes":
      return consent("broadcast", true, pt(l, "startDone"));
    case "consent.broadcast.no":
      return consent("broadcast", false, pt(l, "broadcastNo"));
    case "dsr.ask.copy":
      return askToConfirm(state, "copy", now);
    case "dsr.ask.delete_optional":
      return askToConfirm(state, "delete_optional", now);
    case "dsr.copy":
    case "dsr.delete_optional":
      return confirmed(state, id === "dsr.copy" ? "copy" : "delete_optional", now);
    case "dsr.cancel":
      return { state: idle, effects: [say(pt(l, "requestCancelled"))] };
    default:
      return undefined;
  }
};

/** The clock starts at the confirmation (the service's now); when the citizen asked is kept for the record. */
const confirmed = (state: BotState, kind: DataRequestKind, now: Date): StepResult => {
  const requestedAt = state.flow.name === "choose" ? state.flow.requestedAt : undefined;
  const effect: Effect = { type: "data_request", kind, requestedAt: requestedAt ?? now.toISOString() };
  // The acknowledgement (request number, due time) is said by the service that records the request.
  return { state: { ...state, flow: { name: "idle" } }, effects: [effect] };
};

/**
 * The privacy notice again, once, for a citizen who saw an older version, at the start of a new exchange (not
 * in the middle of a task).
 */
export const withNoticeUpdate = (before: BotState, ctx: BotContext, result: StepResult): StepResult => {
  const notice = ctx.catalogue.privacy_notice;
  const seen = ctx.privacy?.noticeSeen;
  if (!ctx.privacy || seen === notice.version) return result;
  const atStart =
    before.flow.name === "idle" || (before.flow.name === "choose" && before.flow.purpose === "menu");
  if (!atStart || !result.effects.some((e) => e.type === "reply")) return result;
  const l = result.state.locale;
  return {
    state: result.state,
    effects: [
      say(`${pt(l, "noticeUpdated")}\n\n${notice[l]}`),
      { type: "record_notice_view", version: notice.version },
      ...result.effects,
    ],
  };
};
