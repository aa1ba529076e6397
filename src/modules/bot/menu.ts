import type { Catalogue, Service } from "../catalogue/schema.ts";
import { pt } from "./privacy-text.ts";
import { t } from "./text.ts";
import type { BotState, ChoosePurpose, Effect, Flow, Locale, Option, Reply } from "./types.ts";

const LIST_ROWS_MAX = 10;

export const reply = (r: Reply): Effect => ({ type: "reply", reply: r });
export const say = (body: string): Effect => reply({ kind: "text", body });

export const mainMenuOptions = (locale: Locale): Option[] => [
  { id: "menu.info", title: t(locale, "menuInfo"), description: t(locale, "menuInfoDesc") },
  { id: "menu.apply", title: t(locale, "menuApply"), description: t(locale, "menuApplyDesc") },
  { id: "menu.status", title: t(locale, "menuStatus"), description: t(locale, "menuStatusDesc") },
  { id: "menu.complaint", title: t(locale, "menuComplaint"), description: t(locale, "menuComplaintDesc") },
  { id: "menu.officer", title: t(locale, "menuOperator"), description: t(locale, "menuOperatorDesc") },
  { id: "menu.broadcast", title: pt(locale, "menuBroadcast"), description: pt(locale, "menuBroadcastDesc") },
  { id: "menu.privacy", title: pt(locale, "menuPrivacy"), description: pt(locale, "menuPrivacyDesc") },
  { id: "menu.language", title: t(locale, "menuLanguage"), description: t(locale, "menuLanguageDesc") },
];

/** Shows a choice and remembers its options, so a typed number or word works as well as a tap. */
export const choose = (
  state: BotState,
  o: {
    purpose: ChoosePurpose;
    body: string;
    options: Option[];
    page?: number;
    serviceCode?: string;
    variantCode?: string;
    resume?: Flow;
  },
): { state: BotState; effects: Effect[] } => {
  const { shown, page } = paginate(state.locale, o.options, o.page ?? 0);
  const flow: Flow = {
    name: "choose",
    purpose: o.purpose,
    body: o.body,
    options: o.options,
    page,
    serviceCode: o.serviceCode,
    variantCode: o.variantCode,
  };
  const effects = [reply(asReply(state.locale, o.body, shown))];
  return { state: { ...state, flow, resume: o.resume ?? state.resume }, effects };
};

export const showMenu = (state: BotState, prefix: Effect[] = []) => {
  const next = choose(
    { ...state, resume: undefined },
    { purpose: "menu", body: t(state.locale, "menuBody"), options: mainMenuOptions(state.locale) },
  );
  return { state: next.state, effects: [...prefix, ...next.effects] };
};

/** Up to three short options become buttons; more become a list (10 rows at most, then "More…"). */
const asReply = (locale: Locale, body: string, options: Option[]): Reply =>
  options.length <= 3 && options.every((o) => [...o.title].length <= 20)
    ? { kind: "buttons", body, buttons: options.map(({ id, title }) => ({ id, title })) }
    : { kind: "list", body, button: t(locale, "listButton"), rows: options };

const paginate = (locale: Locale, options: Option[], page: number) => {
  if (options.length <= LIST_ROWS_MAX) return { shown: options, page: 0 };
  const perPage = LIST_ROWS_MAX - 1;
  const pages = Math.ceil(options.length / perPage);
  const current = ((page % pages) + pages) % pages;
  const slice = options.slice(current * perPage, current * perPage + perPage);
  return {
    shown: [...slice, { id: "page.next", title: t(locale, "more"), description: t(locale, "moreDesc") }],
    page: current,
  };
};

/** The options shown on the current page, which is what a typed number refers to. */
export const visibleOptions = (locale: Locale, options: Option[], page = 0): Option[] =>
  paginate(locale, options, page).shown;

export const serviceOptions = (catalogue: Catalogue, locale: Locale, onlyApplicable: boolean): Option[] =>
  [...catalogue.services]
    .filter((s) => !onlyApplicable || s.kind === "application")
    .sort((a, b) => a.order - b.order)
    .map((s) => ({ id: `svc.${s.code}`, title: s.short_title[locale], description: s.description[locale] }));

export const variantOptions = (service: Service, locale: Locale): Option[] =>
  service.variants.map((v) => ({
    id: `var.${v.code}`,
    title: v.short_title[locale],
    description: v.description[locale],
  }));
