/**
 * Meta's rules for a message template, checked before the admin submits it in WhatsApp Manager (desk
 * templates) and on every catalogue load (the system's templates, src/modules/catalogue/checks.ts). Pure.
 * Each problem names the field and says what is wrong in Bahasa Indonesia and in English.
 *
 * Sources, so a rule can be dropped when Meta changes it:
 * - Meta, templates/components: header text ≤ 60 characters with 1 parameter; body ≤ 1024; footer ≤ 60.
 * - Meta (error 132018) and tyntec: parameter values without newlines, tabs or more than 4 spaces in a row;
 *   tyntec: no line made only of parameters ("floating parameters").
 * - Twilio, Maqsam, commzgate: no variable at the start or end of the body (Maqsam: a trailing "." does not
 *   help), none side by side (Maqsam: only spaces between them counts as side by side); {{1}}…{{n}} without
 *   gaps. Lontar also asks for first appearances in order and each number once: parameters are positional,
 *   so the example list then reads like the message (Meta's own order rule is unconfirmed).
 * - Syniverse and Maqsam (Meta publishes no number): "too many variables for its length" is avoided with at
 *   least 2n + 1 words outside the n variables.
 * - Gupshup (Meta's button limits): ≤ 10 buttons, ≤ 2 URL buttons, quick replies grouped together;
 *   button text ≤ 25 (Meta); URL ≤ 2000 with at most one variable, at its end.
 * - Bird: no emoji or line break in a text header.
 * - Lontar's own caution (unconfirmed at Meta): button labels on one line, with a letter or digit, unique.
 */
import { charCount } from "../../platform/whatsapp/limits.ts";
import { FIELD_LABELS, RULE_TEXT } from "./template-rules.words.ts";

export const TEMPLATE_NAME_PATTERN = /^[a-z0-9_]+$/;
export const TEMPLATE_NAME_MAX = 512;
export const TEMPLATE_BODY_MAX = 1024;
export const TEMPLATE_HEADER_MAX = 60;
export const TEMPLATE_FOOTER_MAX = 60;
export const TEMPLATE_BUTTON_TEXT_MAX = 25;
export const TEMPLATE_BUTTONS_MAX = 10;
export const TEMPLATE_URL_BUTTONS_MAX = 2;
export const TEMPLATE_URL_MAX = 2000;
/** Meta's codes: "id", "en", "en_US", "pt_BR", "fil", "zh_HK" … */
export const TEMPLATE_LANGUAGE_PATTERN = /^[a-z]{2,3}(_[A-Z]{2,4})?$/;
export const TEMPLATE_CATEGORIES = ["utility", "marketing"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export type TemplateVariable = { name: string; example: string };
export type TemplateHeader =
  | { type: "text"; text: string; example?: string }
  | { type: "document" | "image" };
export type TemplateButton =
  | { type: "quick_reply"; text: string }
  | { type: "url"; text: string; url: string; example?: string };

/** One template in one language, as it would be submitted to Meta. */
export type TemplateDraft = {
  name: string;
  language: string;
  category: string;
  header?: TemplateHeader | null;
  body: string;
  footer?: string | null;
  buttons: TemplateButton[];
  /** Body variables {{1}}…{{n}} in order, each with the example Meta asks for. */
  variables: TemplateVariable[];
};

export type TemplateRule = keyof typeof RULE_TEXT;
/** `field` is the path in the template: body, header.text, buttons[1].text, variables[0].example … */
export type TemplateProblem = { field: string; rule: TemplateRule; id: string; en: string };

const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

type Collect = (field: string, rule: TemplateRule, vars?: Record<string, string | number>) => void;

const collector = (): { problems: TemplateProblem[]; add: Collect } => {
  const problems: TemplateProblem[] = [];
  const add: Collect = (field, rule, vars = {}) =>
    problems.push({ field, rule, id: fill(RULE_TEXT[rule].id, vars), en: fill(RULE_TEXT[rule].en, vars) });
  return { problems, add };
};

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NUMBERED = /\{\{\d+\}\}/g;
const HAS_NUMBERED = /\{\{\d+\}\}/;
/** What may sit between a variable and the edge (or another variable) without counting as words. */
const NOT_WORDS = /^[\s\p{P}\p{S}]*$/u;
const WORDY = /[\p{L}\p{N}]/u;

const lengthOver = (add: Collect, field: string, text: string, max: number) => {
  const n = charCount(text);
  if (n > max) add(field, "too_long", { n, max });
};

/** The numbers of {{n}} placeholders in order of appearance; malformed and unbalanced ones reported. */
const placeholders = (text: string, field: string, add: Collect): number[] => {
  const found: number[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (/^\d+$/.test(m[1]!)) found.push(Number(m[1]));
    else add(field, "malformed_variable", { value: m[0] });
  }
  if (/\{\{|\}\}/.test(text.replace(PLACEHOLDER, ""))) add(field, "unbalanced");
  return found;
};

const listOf = (ns: number[]) => ns.map((n) => `{{${n}}}`).join(", ");

/** {{1}}…{{n}} without gaps, each once, first {{1}} then {{2}} …; returns how many distinct there are. */
const numbering = (found: number[], field: string, add: Collect): number => {
  const distinct = [...new Set(found)].sort((a, b) => a - b);
  if (distinct.some((n, i) => n !== i + 1))
    add(field, "variable_gap", { n: distinct.length, found: listOf(distinct) });
  const firsts = [...new Set(found)];
  const early = firsts.findIndex((n, i) => i > 0 && n < firsts[i - 1]!);
  if (early > 0) add(field, "variable_order", { n: firsts[early - 1]!, before: firsts[early]! });
  const seen = new Set<number>();
  for (const n of found) {
    if (seen.has(n)) {
      add(field, "variable_repeated", { n });
      break;
    }
    seen.add(n);
  }
  return distinct.length;
};

/** Where variables sit: not at either end, not side by side, not alone on a line; enough words around. */
const placement = (text: string, count: number, field: string, add: Collect) => {
  if (count === 0) return;
  const pieces = text.split(NUMBERED);
  if (NOT_WORDS.test(pieces[0]!)) add(field, "starts_with_variable");
  if (NOT_WORDS.test(pieces.at(-1)!)) add(field, "ends_with_variable");
  // Maqsam: Meta counts variables with only spaces between them as side by side.
  if (pieces.slice(1, -1).some((between) => between.trim() === "")) add(field, "adjacent_variables");
  const lines = text.split("\n").slice(1, -1);
  if (lines.some((line) => HAS_NUMBERED.test(line) && !WORDY.test(line.replace(NUMBERED, ""))))
    add(field, "variable_alone_on_line");
  const words = text
    .replace(NUMBERED, " ")
    .split(/\s+/)
    .filter((w) => WORDY.test(w)).length;
  const uses = (text.match(NUMBERED) ?? []).length;
  const need = 2 * uses + 1;
  if (words < need) add(field, "too_many_variables", { n: uses, need, words });
};

/**
 * The body rules alone (the catalogue also runs them on each translation). Returns the problems and how
 * many distinct variables the body uses.
 */
export const bodyRules = (body: string, field = "body"): { problems: TemplateProblem[]; count: number } => {
  const { problems, add } = collector();
  if (body.trim() === "") {
    add(field, "empty");
    return { problems, count: 0 };
  }
  lengthOver(add, field, body, TEMPLATE_BODY_MAX);
  const found = placeholders(body, field, add);
  const count = found.length > 0 ? numbering(found, field, add) : 0;
  placement(body, count, field, add);
  return { problems, count };
};

/** Text that must hold no variable at all (footer, button labels, a catalogue header's translation). */
export const staticTextRules = (field: string, text: string | undefined | null): TemplateProblem[] => {
  const { problems, add } = collector();
  if (text && /\{\{|\}\}/.test(text)) add(field, "no_variables");
  return problems;
};

const PARAM_FORMAT = /[\n\r\t]| {5}/;

const variableRules = (variables: TemplateVariable[], used: number, add: Collect) => {
  if (variables.length !== used) add("variables", "variables_count", { used, described: variables.length });
  const names = new Set<string>();
  variables.forEach((v, i) => {
    const at = `variables[${i}]`;
    if (v.name.trim() === "") add(`${at}.name`, "empty");
    else if (names.has(v.name.trim())) add(`${at}.name`, "name_repeated", { value: v.name.trim() });
    names.add(v.name.trim());
    if (v.example.trim() === "") add(`${at}.example`, "empty");
    else if (PARAM_FORMAT.test(v.example)) add(`${at}.example`, "example_format");
  });
};

const exampleRules = (field: string, example: string | undefined, missing: TemplateRule, add: Collect) => {
  if (!example?.trim()) add(field, missing);
  else if (PARAM_FORMAT.test(example)) add(field, "example_format");
};

const headerRules = (header: TemplateHeader | null | undefined, add: Collect) => {
  if (header?.type !== "text") return;
  const field = "header.text";
  if (header.text.trim() === "") return add(field, "empty");
  lengthOver(add, field, header.text, TEMPLATE_HEADER_MAX);
  if (/[\r\n]/.test(header.text)) add(field, "header_newline");
  if (/\p{Extended_Pictographic}/u.test(header.text)) add(field, "header_emoji");
  const found = placeholders(header.text, field, add);
  if (found.length > 1 || found.some((n) => n !== 1)) add(field, "header_variables");
  if (found.length > 0) exampleRules("header.example", header.example, "header_example", add);
};

const urlRules = (b: Extract<TemplateButton, { type: "url" }>, at: string, add: Collect) => {
  const field = `${at}.url`;
  lengthOver(add, field, b.url, TEMPLATE_URL_MAX);
  const vars = b.url.match(PLACEHOLDER) ?? [];
  if (vars.length > 1 || (vars.length === 1 && !b.url.endsWith("{{1}}"))) add(field, "url_variable");
  let valid = false;
  try {
    valid = new URL(b.url.replace(PLACEHOLDER, "x")).protocol === "https:";
  } catch {}
  if (!valid) add(field, "url_https");
  if (vars.length > 0) exampleRules(`${at}.example`, b.example, "url_example", add);
};

const buttonRules = (buttons: TemplateButton[], add: Collect) => {
  if (buttons.length > TEMPLATE_BUTTONS_MAX)
    add("buttons", "too_many_buttons", { n: buttons.length, max: TEMPLATE_BUTTONS_MAX });
  const urls = buttons.filter((b) => b.type === "url").length;
  if (urls > TEMPLATE_URL_BUTTONS_MAX)
    add("buttons", "too_many_url_buttons", { n: urls, max: TEMPLATE_URL_BUTTONS_MAX });
  // Quick replies first or last as one block: "quick, url, quick" has two boundaries between kinds.
  const switches = buttons.filter(
    (b, i) => i > 0 && (b.type === "quick_reply") !== (buttons[i - 1]!.type === "quick_reply"),
  );
  if (switches.length > 1) add("buttons", "buttons_grouping");
  const labels = new Set<string>();
  buttons.forEach((b, i) => {
    const field = `buttons[${i}].text`;
    const text = b.text.trim();
    if (text === "") add(field, "empty");
    else {
      lengthOver(add, field, b.text, TEMPLATE_BUTTON_TEXT_MAX);
      if (/[\r\n]/.test(b.text)) add(field, "button_newline");
      if (!WORDY.test(b.text)) add(field, "button_symbols");
      if (/\{\{|\}\}/.test(b.text)) add(field, "no_variables");
      if (labels.has(text.toLowerCase())) add(field, "name_repeated", { value: text });
      labels.add(text.toLowerCase());
    }
    if (b.type === "url") urlRules(b, `buttons[${i}]`, add);
  });
};

/** Every rule above, for one template in one language: an empty list means Meta's format rules hold. */
export const checkTemplate = (t: TemplateDraft): TemplateProblem[] => {
  const { problems, add } = collector();
  if (!TEMPLATE_NAME_PATTERN.test(t.name) || charCount(t.name) > TEMPLATE_NAME_MAX)
    add("name", "name_format", { max: TEMPLATE_NAME_MAX });
  if (!TEMPLATE_LANGUAGE_PATTERN.test(t.language)) add("language", "language_format", { value: t.language });
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(t.category)) add("category", "category_invalid");
  headerRules(t.header, add);
  const body = bodyRules(t.body);
  problems.push(...body.problems);
  variableRules(t.variables, body.count, add);
  if (t.footer) {
    lengthOver(add, "footer", t.footer, TEMPLATE_FOOTER_MAX);
    problems.push(...staticTextRules("footer", t.footer));
  }
  buttonRules(t.buttons, add);
  return problems;
};

/** "Tombol 2", "Variable {{1}} example", "Header" … for showing a problem's field to the admin. */
export const fieldLabel = (locale: "id" | "en", field: string): string => {
  const [, root = field, index, leaf] = /^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?/.exec(field) ?? [];
  const base = FIELD_LABELS[root]?.[locale] ?? field;
  if (index === undefined)
    return leaf === "example" ? `${base} (${locale === "id" ? "contoh" : "example"})` : base;
  const n = Number(index) + 1;
  if (root === "variables") {
    const what = leaf === "name" ? { id: "nama", en: "name" } : { id: "contoh", en: "example" };
    return `${base} {{${n}}} (${what[locale]})`;
  }
  const what =
    leaf === "url"
      ? { id: " (tautan)", en: " (link)" }
      : leaf === "example"
        ? { id: " (contoh)", en: " (example)" }
        : { id: "", en: "" };
  return `${base} ${n}${what[locale]}`;
};

/** Fills the examples in, as the citizen would read the message. */
export const withExamples = (text: string, examples: readonly string[]): string =>
  text.replace(/\{\{(\d+)\}\}/g, (m, n: string) => examples[Number(n) - 1] || m);
