/**
 * The shape of the service catalogue in `catalogue/` (JSON; keys in snake_case so that an error path
 * such as `services[0].requirements[2].kind` reads the same in the file and in the message).
 * Limits that WhatsApp enforces are checked here, counted in code points as in platform/whatsapp/limits.
 */
import { z } from "zod";
import { charCount } from "../../platform/whatsapp/limits.ts";
import {
  TEMPLATE_BODY_MAX,
  TEMPLATE_BUTTON_TEXT_MAX,
  TEMPLATE_FOOTER_MAX,
  TEMPLATE_HEADER_MAX,
  TEMPLATE_NAME_MAX,
  TEMPLATE_NAME_PATTERN,
} from "../templates/template-rules.ts";

export const LOCALES = ["id", "en"] as const;
export type Locale = (typeof LOCALES)[number];

// Meta's limits for the interactive messages that show catalogue entries.
export const LIST_ROW_TITLE_MAX = 24;
export const LIST_ROW_DESCRIPTION_MAX = 72;
export const BUTTON_TITLE_MAX = 20;
export const LIST_ROWS_MAX = 10;
export const REPLY_BUTTONS_MAX = 3;

/** zod's default enum message quotes every value; admins read this one faster. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(" | ")}` });

const nonEmpty = z.string().trim().min(1, { error: "must not be empty" });

/** A string that must fit a WhatsApp field; `what` names the field in the message. */
const fits = (max: number, what: string) =>
  nonEmpty.superRefine((s, ctx) => {
    const n = charCount(s);
    if (n > max) ctx.addIssue({ code: "custom", message: `"${s}" is ${n} characters; ${what} allow ${max}` });
  });

/** Citizen-facing text: Bahasa Indonesia first, English always available. */
export const Text = z.strictObject({ id: nonEmpty, en: nonEmpty });
const textFitting = (max: number, what: string) =>
  z.strictObject({ id: fits(max, what), en: fits(max, what) });
const ListTitle = textFitting(LIST_ROW_TITLE_MAX, "WhatsApp list row titles");
const ListDescription = textFitting(LIST_ROW_DESCRIPTION_MAX, "WhatsApp list row descriptions");
const ButtonTitle = textFitting(BUTTON_TITLE_MAX, "WhatsApp reply buttons");

export const Confidence = oneOf(["confirmed", "unconfirmed"]);
/** Every encoded rule says where it comes from and whether that source was checked (rules doc [C]/[U]). */
const sourced = { source: nonEmpty, confidence: Confidence, note: z.string().optional() };
const Id = z.string().regex(/^[a-z][a-z0-9_]*$/, { error: "must be snake_case: a-z, 0-9 and _" });

/** Asks a question, shows a requirement or offers a field only when an earlier answer matches. */
const When = z.strictObject({ field: Id, in: z.array(nonEmpty).min(1), text: Text });

const fieldBase = {
  id: Id,
  label: Text,
  prompt: Text,
  hint: Text.optional(),
  required: z.boolean().default(true),
  when: When.optional(),
};
// Answer values may start with a digit ("1", "4_plus"); they are also WhatsApp list row ids.
const ChoiceOption = z.strictObject({
  value: z.string().regex(/^[a-z0-9][a-z0-9_]*$/, { error: "must be a-z, 0-9 and _" }),
  label: ListTitle,
});
/** Answers that end the conversation with a message, e.g. "the document has a QR: no legalisir needed". */
const StopIf = z.strictObject({ in: z.array(nonEmpty).min(1), message: Text });

export const Field = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      ...fieldBase,
      type: z.literal("text"),
      min_length: z.int().min(1).default(2),
      max_length: z.int().max(300).default(100),
    }),
    z.strictObject({
      ...fieldBase,
      type: z.literal("date"),
      not_future: z.boolean().default(true),
      max_years_ago: z.int().positive().optional(),
    }),
    // The identity module implements these validators; the catalogue only names them.
    z.strictObject({ ...fieldBase, type: z.literal("nik"), validator: z.literal("nik").default("nik") }),
    z.strictObject({ ...fieldBase, type: z.literal("kk"), validator: z.literal("kk").default("kk") }),
    z.strictObject({
      ...fieldBase,
      type: z.literal("phone"),
      validator: z.literal("phone_id").default("phone_id"),
    }),
    z.strictObject({
      ...fieldBase,
      type: z.literal("choice"),
      options: z.array(ChoiceOption).min(2).max(LIST_ROWS_MAX),
      stop_if: StopIf.optional(),
    }),
    z.strictObject({ ...fieldBase, type: z.literal("yes_no"), stop_if: StopIf.optional() }),
  ],
  { error: "type: expected one of text | date | nik | kk | phone | choice | yes_no" },
);
/** A service lists either a common field's id (catalogue.json `common_fields`) or its own field. */
const FieldRef = z.union([Id, Field]);

export const Requirement = z.strictObject({
  id: Id,
  label: Text,
  kind: oneOf(["photo", "pdf", "either"]),
  presence: oneOf(["required", "optional", "alternative"]),
  max_pages: z.int().min(1).max(20).default(1),
  /** Official form number (F-1.02, F-2.01, F-2.03 …) when the item is a form. */
  form: z
    .string()
    .regex(/^F-\d\.\d{2}$/, { error: "must look like F-2.03" })
    .optional(),
  hint: Text.optional(),
  when: When.optional(),
  ...sourced,
});

/** One of several ways to satisfy a need, e.g. a birth letter OR SPTJM F-2.03 with two witnesses. */
const AlternativeOption = z.strictObject({
  id: Id,
  label: ButtonTitle,
  requirements: z.array(Id).min(1),
  /** Fields collected only when the citizen picks this option (witness names and NIKs). */
  fields: z.array(Id).default([]),
});
export const AlternativeGroup = z.strictObject({
  id: Id,
  label: Text,
  one_of: z.array(AlternativeOption).min(2).max(REPLY_BUTTONS_MAX),
  ...sourced,
});

export const Sla = z.strictObject({
  value: z.number().positive(),
  unit: oneOf(["minutes", "clock_hours", "working_hours", "working_days"]),
  ...sourced,
});

/** A step that needs the citizen at a counter; `where`/`hours` default to the office's. */
export const InPerson = z.strictObject({
  step: Text,
  reason: Text,
  where: Text.optional(),
  hours: Text.optional(),
  bring: z.array(Text).default([]),
  ...sourced,
});

export const Delivery = z.strictObject({
  method: oneOf(["pdf_whatsapp", "pickup", "chat_reply"]),
  what: Text,
  where: Text.optional(),
});

export const Note = z.strictObject({ text: Text, ...sourced });

/** What a service and its variants can both say; a variant adds to or overrides its service. */
const workflow = {
  requirements: z.array(Requirement).default([]),
  alternatives: z.array(AlternativeGroup).default([]),
  fields: z.array(FieldRef).default([]),
  eligibility: Text.optional(),
  sla: Sla.optional(),
  in_person: InPerson.optional(),
  /** full: done over WhatsApp; partial: apply here, one step in person; none: information only. */
  online: oneOf(["full", "partial", "none"]).optional(),
  delivery: z.array(Delivery).optional(),
  procedure: z.array(Text).optional(),
  product: Text.optional(),
  notes: z.array(Note).default([]),
  synonyms: z.array(nonEmpty).default([]),
};

export const Variant = z.strictObject({
  code: Id,
  names: Text,
  short_title: ListTitle,
  description: ListDescription,
  /** Subject's age in whole years, both ends inclusive (KIA 0–4 and 5–16). */
  age_years: z.strictObject({ min: z.int().min(0), max: z.int().max(150) }).optional(),
  ...workflow,
});

export const Service = z.strictObject({
  code: Id,
  kind: oneOf(["application", "info_only"]),
  order: z.int().default(100),
  names: Text,
  short_title: ListTitle,
  description: ListDescription,
  legal_basis: z.array(z.strictObject({ source: nonEmpty, confidence: Confidence })).min(1),
  /** Days after an application ends before its files are deleted; LONTAR_RETENTION_DAYS when absent. */
  retention_days: z.int().min(1).max(3650).optional(),
  ...workflow,
  variants: z.array(Variant).max(LIST_ROWS_MAX).default([]),
});

export const ServiceFile = z.strictObject({ services: z.array(Service).min(1) });

export const OfficeFile = z.strictObject({
  version: z.string().regex(/^\d{4}\.\d{2}-[a-z0-9-]+\.\d+$/, { error: "must look like 2026.11-kupang.1" }),
  office: z.strictObject({
    name: Text,
    address: Text,
    hours: Text,
    maps_url: z.url(),
    timezone: z.literal("Asia/Makassar"),
    ...sourced,
  }),
  free_of_charge: z.strictObject({ text: Text, ...sourced }),
  anti_scam: Text,
  photo_hint: Text,
  /** Versioned: a citizen who saw an older version is shown the new one once (privacy_notice_views). */
  privacy_notice: z.strictObject({
    version: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(\.\d+)?$/, { error: "must be the date it took effect, like 2026-11-01" }),
    id: nonEmpty,
    en: nonEmpty,
  }),
  complaints: z.strictObject({
    text: Text,
    channels: z.array(z.strictObject({ name: nonEmpty, contact: Text, ...sourced })).min(1),
  }),
  notes: z.array(Note).default([]),
  common_fields: z.array(Field).default([]),
});

// Meta's template limits live with the rest of its template rules.
export { TEMPLATE_BODY_MAX };

const Translation = z.strictObject({
  body: fits(TEMPLATE_BODY_MAX, "template bodies"),
  footer: fits(TEMPLATE_FOOTER_MAX, "template footers").optional(),
  header_text: fits(TEMPLATE_HEADER_MAX, "template headers").optional(),
  buttons: z.array(fits(TEMPLATE_BUTTON_TEXT_MAX, "template buttons")).default([]),
});

export const Template = z.strictObject({
  name: z
    .string()
    .regex(TEMPLATE_NAME_PATTERN, { error: "must be lowercase letters, digits or _" })
    .max(TEMPLATE_NAME_MAX),
  category: z.literal("UTILITY"),
  language: z.literal("id"),
  /** For the admin, in English: when Lontar sends it. */
  purpose: nonEmpty,
  header: z
    .discriminatedUnion("format", [
      z.strictObject({ format: z.literal("DOCUMENT") }),
      z.strictObject({ format: z.literal("TEXT"), text: fits(TEMPLATE_HEADER_MAX, "template headers") }),
    ])
    .optional(),
  body: fits(TEMPLATE_BODY_MAX, "template bodies"),
  footer: fits(TEMPLATE_FOOTER_MAX, "template footers").optional(),
  buttons: z
    .array(
      z.strictObject({
        type: z.literal("QUICK_REPLY"),
        text: fits(TEMPLATE_BUTTON_TEXT_MAX, "template buttons"),
      }),
    )
    .max(3)
    .default([]),
  /** {{1}}, {{2}} … in order: what each holds and the example Meta asks for on submission. */
  variables: z.array(z.strictObject({ name: Id, example: nonEmpty })).default([]),
  translations: z.strictObject({ en: Translation }).optional(),
});
export const TemplateFile = z.strictObject({ templates: z.array(Template).min(1) });

export type Text = z.output<typeof Text>;
export type Field = z.output<typeof Field>;
export type Requirement = z.output<typeof Requirement>;
export type AlternativeGroup = z.output<typeof AlternativeGroup>;
export type Sla = z.output<typeof Sla>;
export type InPerson = z.output<typeof InPerson>;
export type Delivery = z.output<typeof Delivery>;
export type Note = z.output<typeof Note>;
export type Variant = z.output<typeof Variant>;
export type Service = z.output<typeof Service>;
export type Office = z.output<typeof OfficeFile>;
export type Template = z.output<typeof Template>;

export type Catalogue = Office & {
  /** sha256 of every file, so an edit without a version bump is still visible on an application. */
  digest: string;
  services: Service[];
  templates: Template[];
  /** Problems worth a look that do not stop the bot, e.g. one synonym pointing at two services. */
  warnings: string[];
};

/** A service with one variant applied: what the bot asks, lists and promises for that choice. */
export type Resolved = {
  service: Service;
  variant?: Variant;
  requirements: Requirement[];
  alternatives: AlternativeGroup[];
  fields: Field[];
  eligibility?: Text;
  sla?: Sla;
  inPerson?: InPerson & { where: Text; hours: Text };
  online: "full" | "partial" | "none";
  delivery: Delivery[];
  procedure: Text[];
  product?: Text;
  notes: Note[];
};
