import { parseRecipient } from "../../platform/whatsapp/phone.ts";
import type { Field } from "../catalogue/schema.ts";
import { describeKkError, describeNikError, maskKk, maskNik, parseKk, parseNik } from "../identity/index.ts";
import { commandOf, optionFromText } from "./keywords.ts";
import { t } from "./text.ts";
import type { BotInput, Locale, Option } from "./types.ts";

export type FieldAnswer = { ok: true; value: string } | { ok: false; message: string };

const MONTHS: Record<string, number> = {
  jan: 1,
  januari: 1,
  january: 1,
  feb: 2,
  februari: 2,
  february: 2,
  mar: 3,
  maret: 3,
  march: 3,
  apr: 4,
  april: 4,
  mei: 5,
  may: 5,
  jun: 6,
  juni: 6,
  june: 6,
  jul: 7,
  juli: 7,
  july: 7,
  agu: 8,
  agt: 8,
  agustus: 8,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  okt: 10,
  oktober: 10,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  des: 12,
  desember: 12,
  dec: 12,
  december: 12,
};

/** "14-01-1990", "14/1/1990", "14.01.1990" or "14 januari 1990" → ISO date, or undefined. */
export const parseDate = (text: string): string | undefined => {
  const s = text.trim().toLowerCase();
  const numeric = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(s);
  const worded = /^(\d{1,2})\s+([a-z]+)\s+(\d{4})$/.exec(s);
  const [d, m, y] = numeric
    ? [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])]
    : worded
      ? [Number(worded[1]), MONTHS[worded[2]!] ?? 0, Number(worded[3])]
      : [0, 0, 0];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!m || date.getUTCDate() !== d || date.getUTCMonth() !== m - 1) return undefined;
  return date.toISOString().slice(0, 10);
};

export const choiceOptions = (field: Field, locale: Locale): Option[] =>
  field.type === "choice"
    ? field.options.map((o) => ({ id: o.value, title: o.label[locale] }))
    : field.type === "yes_no"
      ? [
          { id: "yes", title: t(locale, "yes") },
          { id: "no", title: t(locale, "no") },
        ]
      : [];

/** Validates one answer; a failure carries the re-prompt a citizen can act on. */
export const answerField = (field: Field, input: BotInput, locale: Locale, now: Date): FieldAnswer => {
  const options = choiceOptions(field, locale);
  if (options.length > 0) {
    const picked =
      input.kind === "choice"
        ? options.find((o) => o.id === input.id)
        : input.kind === "text"
          ? (optionFromText(options, input.text) ??
            (field.type === "yes_no" ? options.find((o) => o.id === commandOf(input.text)) : undefined))
          : undefined;
    return picked ? { ok: true, value: picked.id } : { ok: false, message: t(locale, "invalidChoice") };
  }
  const text = input.kind === "text" ? input.text.trim() : input.kind === "choice" ? input.title : "";
  switch (field.type) {
    case "nik": {
      const r = parseNik(text, now);
      return r.ok ? { ok: true, value: r.nik } : { ok: false, message: describeNikError(r.error, locale) };
    }
    case "kk": {
      const r = parseKk(text, now);
      return r.ok ? { ok: true, value: r.nkk } : { ok: false, message: describeKkError(r.error, locale) };
    }
    case "phone": {
      const r = parseRecipient(text);
      return r.ok ? { ok: true, value: r.value } : { ok: false, message: t(locale, "fieldInvalidPhone") };
    }
    case "date":
      return answerDate(field, text, locale, now);
    default: {
      const length = [...text].length;
      const { min_length: min, max_length: max } =
        field.type === "text" ? field : { min_length: 1, max_length: 300 };
      return length >= min && length <= max
        ? { ok: true, value: text }
        : { ok: false, message: t(locale, "fieldInvalidText", { min, max }) };
    }
  }
};

const answerDate = (
  field: Extract<Field, { type: "date" }>,
  text: string,
  locale: Locale,
  now: Date,
): FieldAnswer => {
  const iso = parseDate(text);
  if (!iso) return { ok: false, message: t(locale, "fieldInvalidDate") };
  if (field.not_future && iso > now.toISOString().slice(0, 10))
    return { ok: false, message: t(locale, "fieldFutureDate") };
  return { ok: true, value: iso };
};

/** How an answer appears in the summary: identity numbers masked, choices by their label. */
export const displayValue = (field: Field, value: string, locale: Locale): string => {
  if (field.type === "nik") return maskNik(value);
  if (field.type === "kk") return maskKk(value);
  const option = choiceOptions(field, locale).find((o) => o.id === value);
  return option?.title ?? value;
};
