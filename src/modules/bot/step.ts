import { matchService } from "../catalogue/match.ts";
import { ask, onDocument, onField } from "./apply.ts";
import { onComplaint, startComplaint } from "./complaint.ts";
import { onComplaintReply, onComplaintReplyTap } from "./complaint-reply.ts";
import { onEsqual, onStaleEsqualTap } from "./esqual.ts";
import { chooseApplyService, chooseInfoService, onServicePicked } from "./info.ts";
import { commandOf, isGreeting, normalise, optionFromText } from "./keywords.ts";
import { choose, say, showMenu, visibleOptions } from "./menu.ts";
import {
  broadcastQuestion,
  isConsentQuestion,
  isPrivacyPurpose,
  onPrivacyChoice,
  onPrivacyOption,
  privacyCommand,
  privacyMenu,
  surveyQuestion,
  withNoticeUpdate,
} from "./privacy.ts";
import { onRevision } from "./revision.ts";
import { onSurvey, onSurveyInvitation } from "./survey.ts";
import { t } from "./text.ts";
import {
  type BotContext,
  type BotInput,
  type BotState,
  type Effect,
  initialState,
  type StepResult,
} from "./types.ts";

/**
 * One turn of the bot: pure, `(state, input, context) → (state, effects)`. The conversation service applies
 * the effects (messages, applications, complaints, hand-over) in one transaction with the new state.
 */
export const step = (state: BotState | undefined, input: BotInput, ctx: BotContext): StepResult => {
  const current = state?.v === 1 ? state : initialState();
  try {
    const result = current.greeted
      ? withNoticeUpdate(current, ctx, turn(current, input, ctx))
      : firstContact(current, input, ctx);
    return withReplyGuaranteed(current, input, result);
  } catch (error) {
    const recovered = showMenu({ ...initialState(current.locale), greeted: true }, [
      say(t(current.locale, "notUnderstood")),
    ]);
    return {
      state: recovered.state,
      effects: [
        { type: "bot_error", message: String((error as Error)?.stack ?? error) },
        ...recovered.effects,
      ],
    };
  }
};

/** Greeting, privacy notice and the scam warning first; a first message that already asks something is then answered. */
const firstContact = (state: BotState, input: BotInput, ctx: BotContext): StepResult => {
  const l = state.locale;
  const c = ctx.catalogue;
  const greeted = { ...state, greeted: true };
  // A first message can already be a command (PETUGAS, a tracking number) or a question.
  const asked =
    input.kind === "text"
      ? (globalCommand(greeted, input.text, ctx) ?? understand(greeted, input.text, ctx))
      : undefined;
  const rest = asked ?? showMenu(greeted);
  // A brochure ends with the scam warning itself: say it once.
  const warned = rest.effects.some(
    (e) => e.type === "reply" && e.reply.kind === "text" && e.reply.body.includes(c.anti_scam[l]),
  );
  const lines = [
    t(l, "greeting", { office: c.office.name[l] }),
    c.privacy_notice[l],
    ...(warned ? [] : [`_${c.anti_scam[l]}_`]),
  ];
  const shown: Effect = { type: "record_notice_view", version: c.privacy_notice.version };
  return { state: rest.state, effects: [say(lines.join("\n\n")), shown, ...rest.effects] };
};

const TIMER_INPUTS = new Set(["reminder", "expire", "operator_closed"]);

/** Every message from a citizen gets an answer, except while an officer has the conversation. */
const withReplyGuaranteed = (before: BotState, input: BotInput, result: StepResult): StepResult => {
  if (TIMER_INPUTS.has(input.kind) || result.state.flow.name === "waiting_operator") return result;
  if (
    result.effects.some(
      (e) =>
        e.type === "reply" ||
        e.type === "check_status" ||
        e.type === "open_complaint" ||
        e.type === "submit_application" ||
        e.type === "revision_uploaded" ||
        e.type === "data_request" ||
        e.type === "complaint_reply",
    )
  )
    return result;
  const fallback = showMenu({ ...result.state, flow: { name: "idle" } }, [
    say(t(before.locale, "notUnderstood")),
  ]);
  return { state: fallback.state, effects: [...result.effects, ...fallback.effects] };
};

const DRAFT_FLOWS = new Set(["field", "document", "confirm_application", "revision"]);

const turn = (state: BotState, input: BotInput, ctx: BotContext): StepResult => {
  const l = state.locale;
  if (input.kind === "operator_closed")
    return showMenu({ ...state, flow: { name: "idle" } }, [say(t(l, "operatorClosed"))]);
  if (input.kind === "reminder") return remind(state, ctx);
  if (input.kind === "expire") return expire(state, ctx);
  if (state.flow.name === "waiting_operator") return whileWaiting(state, input, ctx);
  const global = input.kind === "text" ? globalCommand(state, input.text, ctx) : undefined;
  if (global) return global;
  const survey =
    onSurveyInvitation(state, input, ctx) ??
    onStaleEsqualTap(state, input) ??
    onComplaintReplyTap(state, input, ctx);
  if (survey) return survey;
  // A tap on an older main-menu message still does what it says, whatever the citizen was doing.
  if (input.kind === "choice" && input.id.startsWith("menu.") && state.flow.name !== "choose") {
    return onMenu({ ...state, flow: { name: "idle" } }, input.id, ctx);
  }
  if (input.kind === "other")
    return { state, effects: [say(t(l, "unsupportedMedia", { what: describeOther(input.what, l) }))] };
  const flow = state.flow;
  switch (flow.name) {
    case "choose":
      return onChoose(state, input, ctx);
    case "field":
      return onField(state, ctx.catalogue, flow.draft, input, ctx.now);
    case "document":
      return onDocument(state, ctx.catalogue, flow.draft, input);
    case "confirm_application":
      return onConfirm(state, input, ctx);
    case "complaint":
      return onComplaint(state, input);
    case "revision":
      return onRevision(state, input);
    case "survey":
      return onSurvey(state, flow, input, ctx);
    case "complaint_reply":
      // Once the complaint no longer waits for the citizen, the message is handled as at the menu.
      return (
        onComplaintReply(state, flow, input, ctx) ?? onIdle({ ...state, flow: { name: "idle" } }, input, ctx)
      );
    case "esqual":
      // Not an answer to the offer: handled as at the menu, where the citizen was before the offer existed.
      return onEsqual(state, flow, input) ?? onIdle({ ...state, flow: { name: "idle" } }, input, ctx);
    default:
      return onIdle(state, input, ctx);
  }
};

/** Keywords that work anywhere: MENU, BATAL, BANTUAN, PETUGAS, the language, and a tracking number. */
const globalCommand = (state: BotState, text: string, ctx: BotContext): StepResult | undefined => {
  const l = state.locale;
  const command = commandOf(text);
  const busy = DRAFT_FLOWS.has(state.flow.name) || state.flow.name === "complaint";
  const privacy = privacyCommand(state, text, { busy, now: ctx.now });
  if (privacy) return privacy;
  if (command === "menu") return showMenu({ ...state, flow: { name: "idle" } });
  if (command === "cancel")
    return showMenu({ ...state, flow: { name: "idle" } }, [
      say(t(l, busy ? "cancelled" : "nothingToCancel")),
    ]);
  if (command === "help") return { state, effects: [say(t(l, "help"))] };
  if (command === "officer") return handover(state, ctx);
  if (command === "english" || command === "indonesian") {
    const locale = command === "english" ? "en" : "id";
    return showMenu({ ...state, locale, flow: { name: "idle" } }, [say(t(locale, "languageSet"))]);
  }
  const tracking = ctx.findTrackingNumber(text);
  if (tracking && !busy)
    return {
      state: { ...state, flow: { name: "idle" } },
      effects: [{ type: "check_status", trackingNumber: tracking }],
    };
  return undefined;
};

const handover = (state: BotState, ctx: BotContext): StepResult => {
  const flow = state.flow;
  const serviceCode =
    "draft" in flow && "serviceCode" in flow.draft
      ? flow.draft.serviceCode
      : flow.name === "choose"
        ? flow.serviceCode
        : undefined;
  const effects: Effect[] = [
    {
      type: "handover",
      serviceCode,
      ...(flow.name === "choose" && flow.purpose === "after_brochure" ? { afterInfo: true } : {}),
    },
    say(t(state.locale, "handover", { hours: ctx.catalogue.office.hours[state.locale] })),
  ];
  return { state: { ...state, flow: { name: "waiting_operator", serviceCode } }, effects };
};

/** Waiting for an officer: messages go to the queue, not the bot; MENU or BATAL withdraw the request. */
const whileWaiting = (state: BotState, input: BotInput, ctx: BotContext): StepResult => {
  const command = input.kind === "text" ? commandOf(input.text) : undefined;
  if (command === "stop" || command === "start")
    return privacyCommand(state, (input as { text: string }).text, { busy: true, now: ctx.now })!;
  if (command === "menu" || command === "cancel")
    return showMenu({ ...state, flow: { name: "idle" } }, [{ type: "cancel_handover" }]);
  return { state, effects: [] };
};

const onChoose = (state: BotState, input: BotInput, ctx: BotContext): StepResult => {
  if (state.flow.name !== "choose") return onIdle(state, input, ctx);
  const flow = state.flow;
  if (isPrivacyPurpose(flow.purpose)) {
    const answered = onPrivacyChoice(state, input, ctx.now);
    if (answered) return answered;
    // An unanswered consent question is simply dropped: the citizen moved on.
    if (isConsentQuestion(flow.purpose)) return turn({ ...state, flow: { name: "idle" } }, input, ctx);
  }
  const visible = visibleOptions(state.locale, flow.options, flow.page);
  const option =
    input.kind === "choice"
      ? [...visible, ...flow.options].find((o) => o.id === input.id)
      : input.kind === "text"
        ? (optionFromText(visible, input.text) ?? optionFromText(flow.options, input.text))
        : undefined;
  if (!option) {
    if (input.kind === "text" && flow.purpose === "menu") return onIdle(state, input, ctx);
    const understood = input.kind === "text" ? understand(state, input.text, ctx) : undefined;
    if (understood) return understood;
    // Show the same choice again, so the citizen can tap instead of guessing what to type.
    const again = choose(state, { ...flow, page: flow.page });
    return { state: again.state, effects: [say(t(state.locale, "invalidChoice")), ...again.effects] };
  }
  if (option.id === "page.next") {
    return choose(state, {
      purpose: flow.purpose,
      body: t(state.locale, "chooseService"),
      options: flow.options,
      page: (flow.page ?? 0) + 1,
    });
  }
  return onOption(state, option.id, ctx);
};

const onOption = (state: BotState, id: string, ctx: BotContext): StepResult => {
  if (state.flow.name !== "choose") return showMenu(state);
  const { purpose, serviceCode, variantCode } = state.flow;
  const c = ctx.catalogue;
  const value = id.slice(id.indexOf(".") + 1);
  if (isPrivacyPurpose(purpose)) {
    if (id === "next.menu") return showMenu({ ...state, flow: { name: "idle" } });
    return onPrivacyOption(state, id, ctx.now) ?? showMenu({ ...state, flow: { name: "idle" } });
  }
  switch (purpose) {
    case "menu":
      return onMenu(state, id, ctx);
    case "info_service":
      return onServicePicked(state, c, value, "info");
    case "apply_service":
      return onServicePicked(state, c, value, "apply");
    case "info_variant":
      return onServicePicked(state, c, serviceCode!, "info", value);
    case "apply_variant":
      return onServicePicked(state, c, serviceCode!, "apply", value);
    case "status_application":
      return {
        state: { ...state, flow: { name: "idle" } },
        effects: [{ type: "check_status", trackingNumber: value }],
      };
    case "after_brochure":
      if (id === "next.apply") return onServicePicked(state, c, serviceCode!, "apply", variantCode);
      if (id === "next.officer") return handover(state, ctx);
      return showMenu({ ...state, flow: { name: "idle" } });
    default:
      return showMenu(state);
  }
};

const onMenu = (state: BotState, id: string, ctx: BotContext): StepResult => {
  const l = state.locale;
  if (id === "menu.info") return chooseInfoService(state, ctx.catalogue);
  if (id === "menu.apply") return chooseApplyService(state, ctx.catalogue);
  if (id === "menu.status") return statusMenu(state, ctx);
  if (id === "menu.complaint") return startComplaint(state);
  if (id === "menu.officer") return handover(state, ctx);
  if (id === "menu.broadcast") return broadcastQuestion(state);
  if (id === "menu.privacy") return privacyMenu(state);
  const locale = l === "id" ? "en" : "id";
  return showMenu({ ...state, locale }, [say(t(locale, "languageSet"))]);
};

const statusMenu = (state: BotState, ctx: BotContext): StepResult => {
  const l = state.locale;
  if (ctx.applications.length === 0)
    return { state: { ...state, flow: { name: "idle" } }, effects: [say(t(l, "statusAsk"))] };
  const options = ctx.applications.slice(0, 10).map((a) => ({
    id: `app.${a.trackingNumber}`,
    title: a.trackingNumber,
    description: `${a.serviceTitle} — ${a.status}`.slice(0, 72),
  }));
  return choose(state, {
    purpose: "status_application",
    body: `${t(l, "statusChoose")}\n${t(l, "statusAsk")}`,
    options,
  });
};

const onConfirm = (state: BotState, input: BotInput, ctx: BotContext): StepResult => {
  if (state.flow.name !== "confirm_application") return showMenu(state);
  const draft = state.flow.draft;
  const answer =
    input.kind === "choice"
      ? input.id
      : input.kind === "text"
        ? (commandOf(input.text) ?? normalise(input.text))
        : "";
  if (answer === "confirm.submit" || answer === "yes" || answer === "1") {
    const submitted: BotState = { ...state, flow: { name: "idle" }, remindedAt: undefined };
    const survey = surveyQuestion(submitted, ctx);
    return {
      state: survey?.state ?? submitted,
      effects: [{ type: "submit_application", draft }, ...(survey?.effects ?? [])],
    };
  }
  if (answer === "confirm.cancel" || answer === "no" || answer === "2")
    return showMenu({ ...state, flow: { name: "idle" } }, [say(t(state.locale, "cancelled"))]);
  return ask(state, ctx.catalogue, draft, [say(t(state.locale, "invalidChoice"))]);
};

const STATUS_WORDS = /\b(status|cek|sudah jadi|udah jadi|sampai mana|progres|progress)\b/;
const COMPLAINT_WORDS = /\b(pengaduan|adu|mengadu|keluhan|komplain|complaint|lapor|pungli)\b/;

/** Free text outside a flow: a service by its (misspelt) name, a status or complaint wish, or a greeting. */
const understand = (state: BotState, text: string, ctx: BotContext): StepResult | undefined => {
  const words = normalise(text);
  const match = matchService(ctx.catalogue, text);
  if (match) return onServicePicked(state, ctx.catalogue, match.service, "info", match.variant);
  if (COMPLAINT_WORDS.test(words)) return startComplaint(state);
  if (STATUS_WORDS.test(words)) return statusMenu(state, ctx);
  if (isGreeting(text)) return showMenu(state);
  return undefined;
};

const onIdle = (state: BotState, input: BotInput, ctx: BotContext): StepResult => {
  const l = state.locale;
  const understood = input.kind === "text" ? understand(state, input.text, ctx) : undefined;
  if (understood) return understood;
  return showMenu({ ...state, flow: { name: "idle" } }, [say(t(l, "notUnderstood"))]);
};

const serviceTitle = (state: BotState, ctx: BotContext): string => {
  const flow = state.flow;
  const code = "draft" in flow && "serviceCode" in flow.draft ? flow.draft.serviceCode : undefined;
  const service = ctx.catalogue.services.find((s) => s.code === code);
  return service?.names[state.locale] ?? "";
};

const remind = (state: BotState, ctx: BotContext): StepResult => {
  if (!DRAFT_FLOWS.has(state.flow.name) || state.remindedAt || state.flow.name === "revision")
    return { state, effects: [] };
  return {
    state: { ...state, remindedAt: ctx.now.toISOString() },
    effects: [say(t(state.locale, "reminder", { service: serviceTitle(state, ctx) }))],
  };
};

const expire = (state: BotState, ctx: BotContext): StepResult => {
  if (!DRAFT_FLOWS.has(state.flow.name) || state.flow.name === "revision") return { state, effects: [] };
  return {
    state: { ...state, flow: { name: "idle" }, remindedAt: undefined },
    effects: [say(t(state.locale, "expired", { service: serviceTitle(state, ctx) }))],
  };
};

const describeOther = (what: string, l: "id" | "en"): string =>
  ({
    audio: { id: "pesan suara", en: "voice messages" },
    video: { id: "video", en: "videos" },
    sticker: { id: "stiker", en: "stickers" },
    location: { id: "lokasi", en: "locations" },
    contacts: { id: "kontak", en: "contact cards" },
    reaction: { id: "reaksi", en: "reactions" },
    unsupported: { id: "jenis pesan ini", en: "this kind of message" },
    system: { id: "pesan sistem", en: "system messages" },
  })[what]?.[l] ?? what;
