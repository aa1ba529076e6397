import { commandOf, optionFromText } from "./keywords.ts";
import { choose, say, showMenu } from "./menu.ts";
import { t } from "./text.ts";
import type { BotInput, BotState, ComplaintDraft, Locale, Option, StepResult } from "./types.ts";

/** Categories follow what offices receive; fee and bribe reports are flagged to supervisors at once. */
const CATEGORIES: Array<{ id: string; title: Record<Locale, string>; description: Record<Locale, string> }> =
  [
    {
      id: "layanan_lambat",
      title: { id: "Layanan lambat", en: "Slow service" },
      description: { id: "Permohonan lama tidak selesai", en: "An application takes too long" },
    },
    {
      id: "pungli_biaya",
      title: { id: "Diminta bayar / pungli", en: "Asked to pay / bribe" },
      description: { id: "Layanan Dukcapil gratis", en: "Dukcapil services are free" },
    },
    {
      id: "sikap_petugas",
      title: { id: "Sikap petugas", en: "Staff behaviour" },
      description: { id: "Petugas tidak ramah atau tidak membantu", en: "Unfriendly or unhelpful staff" },
    },
    {
      id: "data_salah",
      title: { id: "Data / dokumen salah", en: "Wrong data" },
      description: { id: "Kesalahan pada KTP, KK, akta", en: "Mistakes on a card or certificate" },
    },
    {
      id: "lainnya",
      title: { id: "Lainnya", en: "Other" },
      description: { id: "Hal lain", en: "Something else" },
    },
  ];

const MAX_PHOTOS = 5;

export const categoryOptions = (l: Locale): Option[] =>
  CATEGORIES.map((c) => ({ id: `cat.${c.id}`, title: c.title[l], description: c.description[l] }));
export const categoryTitle = (id: string, l: Locale) => CATEGORIES.find((c) => c.id === id)?.title[l] ?? id;

const complaintChoice = (
  state: BotState,
  draft: ComplaintDraft,
  stage: "category" | "confidential" | "confirm",
  body: string,
  options: Option[],
): StepResult => {
  const shown = choose(state, { purpose: "alternative", body, options });
  return { state: { ...shown.state, flow: { name: "complaint", stage, draft } }, effects: shown.effects };
};

export const startComplaint = (state: BotState): StepResult =>
  complaintChoice(
    state,
    { photos: [] },
    "category",
    t(state.locale, "complaintCategory"),
    categoryOptions(state.locale),
  );

const yesNo = (l: Locale): Option[] => [
  { id: "yes", title: t(l, "yes") },
  { id: "no", title: t(l, "no") },
];

/** The option the input means: tapped, typed as its number or words, or a yes/no word. */
const picked = (input: BotInput, options: Option[]): Option | undefined => {
  if (input.kind === "choice") return options.find((o) => o.id === input.id);
  if (input.kind !== "text") return undefined;
  return optionFromText(options, input.text) ?? options.find((o) => o.id === commandOf(input.text));
};

export const onComplaint = (state: BotState, input: BotInput): StepResult => {
  if (state.flow.name !== "complaint") return showMenu(state);
  const { stage, draft } = state.flow;
  const l = state.locale;
  const stay = (key: Parameters<typeof t>[1]): StepResult => ({ state, effects: [say(t(l, key))] });
  if (stage === "category") {
    const option = picked(input, categoryOptions(l));
    if (!option) return stay("invalidChoice");
    return {
      state: {
        ...state,
        flow: { name: "complaint", stage: "description", draft: { ...draft, category: option.id.slice(4) } },
      },
      effects: [say(t(l, "complaintDescription"))],
    };
  }
  if (stage === "description") {
    const text = input.kind === "text" ? input.text.trim() : "";
    if ([...text].length < 10) return stay("complaintTooShort");
    return {
      state: {
        ...state,
        flow: { name: "complaint", stage: "photos", draft: { ...draft, description: text.slice(0, 2000) } },
      },
      effects: [say(t(l, "complaintPhotos"))],
    };
  }
  if (stage === "photos") {
    if (input.kind === "file" && input.fileKind === "image" && draft.photos.length < MAX_PHOTOS) {
      const photos = [...draft.photos, input.messageId];
      return {
        state: { ...state, flow: { name: "complaint", stage, draft: { ...draft, photos } } },
        effects: [say(t(l, "complaintPhotoReceived"))],
      };
    }
    const command = input.kind === "text" ? commandOf(input.text) : undefined;
    if (command === "skip" || command === "done" || command === "no" || draft.photos.length >= MAX_PHOTOS) {
      return complaintChoice(state, draft, "confidential", t(l, "complaintConfidential"), yesNo(l));
    }
    return stay("complaintPhotos");
  }
  if (stage === "confidential") {
    const option = picked(input, yesNo(l));
    if (!option) return stay("invalidChoice");
    const next = { ...draft, confidential: option.id === "yes" };
    const body = t(l, "complaintConfirm", {
      category: categoryTitle(next.category!, l),
      description: next.description!,
    }).slice(0, 1024);
    return complaintChoice(state, next, "confirm", body, [
      { id: "yes", title: t(l, "submitComplaint") },
      { id: "no", title: t(l, "cancel") },
    ]);
  }
  const option = picked(input, [
    { id: "yes", title: t(l, "submitComplaint") },
    { id: "no", title: t(l, "cancel") },
  ]);
  if (!option) return stay("invalidChoice");
  if (option.id === "no") return showMenu({ ...state, flow: { name: "idle" } }, [say(t(l, "cancelled"))]);
  return {
    state: { ...state, flow: { name: "idle" } },
    effects: [
      {
        type: "open_complaint",
        complaint: { ...draft, category: draft.category!, description: draft.description! },
      },
    ],
  };
};
