/**
 * The satisfaction survey (SKM, PermenPAN-RB 14/2017) in the chat, for a citizen who agreed to surveys and
 * tapped "Isi survei" on the invitation: the 9 questions as lists (tap or type 1–4), an optional profile
 * (each with "Lewati"), an optional suggestion, then the offer of the optional adapted E-S-QUAL questions
 * (bot/esqual.ts). Every answer is stored as it comes (effects), so leaving halfway keeps what was answered
 * and the survey resumes at the first unanswered question.
 */
import {
  ELEMENT_CODES,
  type ElementCode,
  parseSkmRowId,
  SKM_LIST_BUTTON,
  skmAnswerRows,
  skmQuestionBody,
} from "../surveys/ikm.ts";
import { PROFILE_FIELDS, parseProfileRowId, profileRows, SKM_PROFILE } from "../surveys/skm-profile.ts";
import { offerEsqual } from "./esqual.ts";
import { normalise, optionFromText } from "./keywords.ts";
import { reply, say, showMenu } from "./menu.ts";
import type { BotContext, BotInput, BotState, Effect, Option, StepResult } from "./types.ts";

export type SurveyFlow = {
  name: "survey";
  responseId: string;
  stage: "element" | "profile" | "suggestion";
  index: number;
};

const SKIP = "survey.skip";
const words = {
  id: {
    none: "Saat ini tidak ada survei yang menunggu jawaban Anda. Terima kasih!",
    declined: "Baik, terima kasih. Survei tidak akan kami tanyakan lagi untuk permohonan ini.",
    intro:
      "Terima kasih! Ada 9 pertanyaan singkat. Ketuk jawaban, atau ketik angkanya (1–4). Ketik *MENU* untuk berhenti; jawaban yang sudah diberikan tetap tersimpan.",
    again: "Mohon pilih salah satu jawaban dari daftar, atau ketik angkanya (1–4).",
    profileIntro: "Terakhir, beberapa pertanyaan tentang Anda (boleh dilewati).",
    skip: "Lewati",
    suggestion: "Ada saran untuk layanan kami? Ketik saran Anda, atau ketuk *Lewati*.",
    thanks: "🙏 Terima kasih atas penilaian Anda. Hasil survei membantu kami memperbaiki layanan.",
  },
  en: {
    none: "There is no survey waiting for your answers right now. Thank you!",
    declined: "OK, thank you. We will not ask about the survey for this application again.",
    intro:
      "Thank you! There are 9 short questions. Tap an answer or type its number (1–4). Type *MENU* to stop; the answers given are kept.",
    again: "Please choose one of the answers in the list, or type its number (1–4).",
    profileIntro: "Finally, a few questions about you (you may skip them).",
    skip: "Skip",
    suggestion: "Any suggestion for our service? Type it, or tap *Skip*.",
    thanks: "🙏 Thank you for your feedback. The survey helps us improve the service.",
  },
} as const;

/** The invitation's buttons ("Isi survei", "Tidak, terima kasih") work whatever the citizen was doing. */
export const onSurveyInvitation = (
  state: BotState,
  input: BotInput,
  ctx: BotContext,
): StepResult | undefined => {
  if (input.kind !== "choice" || (input.id !== "survey.start" && input.id !== "survey.decline"))
    return undefined;
  const l = state.locale;
  const open = ctx.survey;
  if (!open) return showMenu({ ...state, flow: { name: "idle" } }, [say(words[l].none)]);
  if (input.id === "survey.decline")
    return {
      state: { ...state, flow: { name: "idle" } },
      effects: [{ type: "survey_decline", responseId: open.responseId }, say(words[l].declined)],
    };
  const next = ELEMENT_CODES.findIndex((c) => !open.answered.includes(c));
  const flow: SurveyFlow =
    next === -1
      ? { name: "survey", responseId: open.responseId, stage: "profile", index: 0 }
      : { name: "survey", responseId: open.responseId, stage: "element", index: next };
  const asked = ask({ ...state, flow });
  return { state: asked.state, effects: [say(words[l].intro), ...asked.effects] };
};

const elementOptions = (code: ElementCode, l: BotState["locale"]): Option[] => skmAnswerRows(code, l);
const profileOptions = (index: number, l: BotState["locale"]): Option[] => [
  ...profileRows(PROFILE_FIELDS[index]!, l),
  { id: SKIP, title: words[l].skip },
];

/** Asks the question the flow points at. */
const ask = (state: BotState): StepResult => {
  const flow = state.flow as SurveyFlow;
  const l = state.locale;
  if (flow.stage === "element") {
    const code = ELEMENT_CODES[flow.index]!;
    const list = reply({
      kind: "list",
      body: skmQuestionBody(code, l),
      button: SKM_LIST_BUTTON[l],
      rows: elementOptions(code, l),
    });
    return { state, effects: [list] };
  }
  if (flow.stage === "profile") {
    const field = PROFILE_FIELDS[flow.index]!;
    const list = reply({
      kind: "list",
      body: `${flow.index === 0 ? `${words[l].profileIntro}\n\n` : ""}${SKM_PROFILE[field].question[l]}`,
      button: SKM_LIST_BUTTON[l],
      rows: profileOptions(flow.index, l),
    });
    return { state, effects: [list] };
  }
  return {
    state,
    effects: [
      reply({ kind: "buttons", body: words[l].suggestion, buttons: [{ id: SKIP, title: words[l].skip }] }),
    ],
  };
};

const picked = (input: BotInput, options: Option[]) =>
  input.kind === "choice"
    ? options.find((o) => o.id === input.id)
    : input.kind === "text"
      ? optionFromText(options, input.text)
      : undefined;

const moveTo = (state: BotState, flow: SurveyFlow) => ask({ ...state, flow });

/** One answer inside the survey flow. */
export const onSurvey = (state: BotState, flow: SurveyFlow, input: BotInput, ctx: BotContext): StepResult => {
  const l = state.locale;
  const again = () => {
    const asked = ask(state);
    return { state, effects: [say(words[l].again), ...asked.effects] };
  };
  if (flow.stage === "element") {
    const code = ELEMENT_CODES[flow.index]!;
    const answer = parseSkmRowId(picked(input, elementOptions(code, l))?.id ?? "");
    if (!answer || answer.code !== code) return again();
    const next = moveTo(
      state,
      flow.index + 1 < ELEMENT_CODES.length
        ? { ...flow, index: flow.index + 1 }
        : { ...flow, stage: "profile", index: 0 },
    );
    const effect = {
      type: "survey_answer",
      responseId: flow.responseId,
      key: code,
      value: answer.score,
    } as const;
    return { state: next.state, effects: [effect, ...next.effects] };
  }
  if (flow.stage === "profile") {
    const option = picked(input, profileOptions(flow.index, l));
    if (!option) return again();
    if (option.id === SKIP) return moveTo(state, { ...flow, stage: "suggestion", index: 0 });
    const answer = parseProfileRowId(option.id);
    const next = moveTo(
      state,
      flow.index + 1 < PROFILE_FIELDS.length
        ? { ...flow, index: flow.index + 1 }
        : { ...flow, stage: "suggestion", index: 0 },
    );
    const effects = answer
      ? [
          {
            type: "survey_profile",
            responseId: flow.responseId,
            field: answer.field,
            code: answer.code,
          } as const,
        ]
      : [];
    return { state: next.state, effects: [...effects, ...next.effects] };
  }
  const skipped =
    (input.kind === "choice" && input.id === SKIP) ||
    (input.kind === "text" && ["lewati", "skip", "tidak", "tidak ada", "no"].includes(normalise(input.text)));
  if (input.kind !== "text" && !skipped) return again();
  const suggestion = !skipped && input.kind === "text" ? input.text.trim().slice(0, 1000) : undefined;
  const completed: Effect = {
    type: "survey_complete",
    responseId: flow.responseId,
    ...(suggestion ? { suggestion } : {}),
  };
  // After STOP nothing more is stored, so there is nothing more to ask either.
  if (ctx.privacy?.consents.survey === false)
    return showMenu({ ...state, flow: { name: "idle" } }, [completed, say(words[l].thanks)]);
  return offerEsqual({ ...state, flow: { name: "idle" } }, flow.responseId, [
    completed,
    say(words[l].thanks),
  ]);
};
