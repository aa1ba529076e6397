/**
 * Checks that span entries or files, run after every file passed its schema. Each problem names the
 * file and the path of the entry at fault, e.g. `catalogue/services/kia.json: services[0].alternatives[0]…`.
 */
import {
  bodyRules,
  checkTemplate,
  staticTextRules,
  type TemplateDraft,
  type TemplateProblem,
  type TemplateRule,
} from "../templates/template-rules.ts";
import { phraseKey } from "./match.ts";
import { applicationScopes, resolveFields } from "./resolve.ts";
import type { AlternativeGroup, Field, Office, Requirement, Service, Template } from "./schema.ts";

type At<T> = { item: T; path: string };
type ServiceFileData = { file: string; services: Service[] };

/** The yes_no answers a `when` or `stop_if` can test. */
export const YES_NO = ["yes", "no"] as const;

const answersOf = (f: Field): readonly string[] | undefined =>
  f.type === "choice" ? f.options.map((o) => o.value) : f.type === "yes_no" ? YES_NO : undefined;

const checkScope = (
  service: Service,
  si: number,
  variantCode: string | undefined,
  office: Office,
  add: (path: string, message: string) => void,
) => {
  const vi = service.variants.findIndex((v) => v.code === variantCode);
  const variant = service.variants[vi];
  const base = `services[${si}]`;
  const vbase = `${base}.variants[${vi}]`;
  const scopeName = variant ? `${service.code}/${variant.code}` : service.code;
  const both = <T>(key: "requirements" | "alternatives" | "fields", s: T[], v: T[] = []): At<T>[] => [
    ...s.map((item, j) => ({ item, path: `${base}.${key}[${j}]` })),
    ...v.map((item, j) => ({ item, path: `${vbase}.${key}[${j}]` })),
  ];
  const reqs: At<Requirement>[] = both("requirements", service.requirements, variant?.requirements);
  const alts: At<AlternativeGroup>[] = both("alternatives", service.alternatives, variant?.alternatives);
  const refs = both("fields", service.fields, variant?.fields);
  const fields: At<Field>[] = refs.flatMap(({ item, path }) =>
    resolveFields(office, [item]).map((f) => ({ item: f, path })),
  );

  const dupes = <T extends { id: string }>(list: At<T>[], what: string) => {
    const seen = new Set<string>();
    for (const { item, path } of list) {
      if (seen.has(item.id)) add(`${path}.id`, `${what} "${item.id}" appears twice in ${scopeName}`);
      seen.add(item.id);
    }
  };
  dupes(reqs, "requirement");
  dupes(fields, "field");

  const reqIds = new Set(reqs.map((r) => r.item.id));
  const fieldById = new Map(fields.map((f) => [f.item.id, f.item]));
  const inGroup = new Set<string>();
  for (const { item: g, path } of alts) {
    g.one_of.forEach((o, oi) => {
      o.requirements.forEach((r, ri) => {
        inGroup.add(r);
        if (!reqIds.has(r))
          add(`${path}.one_of[${oi}].requirements[${ri}]`, `"${r}" is not a requirement of ${scopeName}`);
      });
      o.fields.forEach((f, fi) => {
        if (!fieldById.has(f))
          add(`${path}.one_of[${oi}].fields[${fi}]`, `"${f}" is not a field of ${scopeName}`);
      });
    });
  }
  for (const { item: r, path } of reqs) {
    if (r.presence === "alternative" && !inGroup.has(r.id))
      add(
        `${path}.presence`,
        `"${r.id}" is an alternative but no alternatives group offers it in ${scopeName}`,
      );
    if (r.presence !== "alternative" && inGroup.has(r.id))
      add(
        `${path}.presence`,
        `"${r.id}" is offered in an alternatives group, so presence must be "alternative"`,
      );
  }

  const checkWhen = (when: { field: string; in: string[] } | undefined, path: string) => {
    if (!when) return;
    const target = fieldById.get(when.field);
    const answers = target ? answersOf(target) : undefined;
    if (!target || !answers) {
      add(`${path}.when.field`, `"${when.field}" is not a choice or yes_no field of ${scopeName}`);
      return;
    }
    when.in.forEach((v, i) => {
      if (!answers.includes(v)) add(`${path}.when.in[${i}]`, `"${v}" is not an answer of "${when.field}"`);
    });
  };
  for (const { item, path } of reqs) checkWhen(item.when, path);
  for (const { item, path } of fields) {
    checkWhen(item.when, path);
    if ((item.type === "choice" || item.type === "yes_no") && item.stop_if) {
      const answers = answersOf(item) ?? [];
      item.stop_if.in.forEach((v, i) => {
        if (!answers.includes(v)) add(`${path}.stop_if.in[${i}]`, `"${v}" is not an answer of "${item.id}"`);
      });
    }
  }

  const where = variant ? vbase : base;
  const inPerson = variant?.in_person ?? service.in_person;
  const online = variant?.online ?? service.online;
  if (online === "partial" && !inPerson)
    add(where, `online is "partial" but ${scopeName} has no in_person step`);
  if (online === "full" && inPerson)
    add(where, `online is "full" but ${scopeName} has an in_person step; use "partial"`);
  if (service.kind !== "application") return;
  const missing = [
    (variant?.sla ?? service.sla) ? "" : "sla",
    (variant?.delivery ?? service.delivery)?.length ? "" : "delivery",
    (variant?.procedure ?? service.procedure)?.length ? "" : "procedure",
    (variant?.product ?? service.product) ? "" : "product",
  ].filter(Boolean);
  for (const m of missing) add(where, `${scopeName} has no ${m}; set it on the service or on this variant`);
};

export const checkCatalogue = (
  officeFile: string,
  office: Office,
  files: ServiceFileData[],
  problems: string[],
  warnings: string[],
) => {
  const seenCommon = new Set<string>();
  office.common_fields.forEach((f, i) => {
    if (seenCommon.has(f.id)) problems.push(`${officeFile}: common_fields[${i}].id: "${f.id}" appears twice`);
    seenCommon.add(f.id);
  });

  const codes = new Map<string, string>();
  const titles = new Map<string, string>();
  const synonyms = new Map<string, { owner: string; where: string }>();
  for (const { file, services } of files) {
    const add = (path: string, message: string) => {
      const line = `${file}: ${path}: ${message}`;
      if (!problems.includes(line)) problems.push(line);
    };
    services.forEach((s, si) => {
      const here = `${file}: services[${si}]`;
      const other = codes.get(s.code);
      if (other) add(`services[${si}].code`, `service code "${s.code}" is already used at ${other}`);
      codes.set(s.code, here);
      const title = s.short_title.id.toLowerCase();
      if (titles.has(title))
        warnings.push(
          `${here}.short_title.id: "${s.short_title.id}" is also the title at ${titles.get(title)}`,
        );
      titles.set(title, here);

      const variantCodes = new Set<string>();
      s.variants.forEach((v, vi) => {
        if (variantCodes.has(v.code))
          add(`services[${si}].variants[${vi}].code`, `"${v.code}" appears twice`);
        variantCodes.add(v.code);
        if (v.age_years && v.age_years.min > v.age_years.max)
          add(`services[${si}].variants[${vi}].age_years`, "min is greater than max");
      });
      const fieldRefs = [
        ...s.fields.map((f, j) => ({ f, path: `services[${si}].fields[${j}]` })),
        ...s.variants.flatMap((v, vi) =>
          v.fields.map((f, j) => ({ f, path: `services[${si}].variants[${vi}].fields[${j}]` })),
        ),
      ];
      for (const { f, path } of fieldRefs) {
        if (typeof f === "string" && !seenCommon.has(f))
          add(path, `"${f}" is not in common_fields of ${officeFile}`);
      }
      for (const code of applicationScopes(s)) checkScope(s, si, code, office, add);

      const owned = [
        ...s.synonyms.map((t, j) => ({ t, owner: s.code, where: `${here}.synonyms[${j}]` })),
        ...s.variants.flatMap((v, vi) =>
          v.synonyms.map((t, j) => ({
            t,
            owner: `${s.code}/${v.code}`,
            where: `${here}.variants[${vi}].synonyms[${j}]`,
          })),
        ),
      ];
      for (const { t, owner, where } of owned) {
        const key = phraseKey(t);
        if (key === "") {
          warnings.push(`${where}: "${t}" has only filler words and never matches`);
          continue;
        }
        const prior = synonyms.get(key);
        if (prior && prior.owner !== owner)
          warnings.push(
            `${where}: "${t}" also points to ${prior.owner} (${prior.where}); the matcher cannot tell them apart`,
          );
        else synonyms.set(key, { owner, where });
      }
    });
  }
};

/** A catalogue template (or its English translation) as the shared rule set sees it. */
export const catalogueTemplateDraft = (t: Template, language: "id" | "en" = "id"): TemplateDraft => {
  const en = language === "en" ? t.translations?.en : undefined;
  const headerText = t.header?.format === "TEXT" ? (en ? (en.header_text ?? "") : t.header.text) : undefined;
  return {
    name: t.name,
    language: en ? "en" : t.language,
    category: t.category.toLowerCase(),
    header: t.header
      ? headerText !== undefined
        ? { type: "text", text: headerText }
        : { type: "document" }
      : null,
    body: en ? en.body : t.body,
    footer: en ? en.footer : t.footer,
    buttons: (en ? en.buttons : t.buttons.map((b) => b.text)).map((text) => ({ type: "quick_reply", text })),
    variables: t.variables,
  };
};

/** Rules from a third party's observation rather than Meta's word: worth a look, not a failed load. */
const ADVISORY: ReadonlySet<TemplateRule> = new Set(["too_many_variables"]);

/**
 * Meta's rules (src/modules/templates/template-rules.ts) on every template, plus what only the catalogue
 * needs: unique names, and an English translation that matches the Indonesian original.
 */
export const checkTemplates = (
  file: string,
  templates: Template[],
  problems: string[],
  warnings: string[] = [],
) => {
  const fail = (path: string, message: string) => problems.push(`${file}: ${path}: ${message}`);
  const report = (at: string, found: TemplateProblem[]) => {
    for (const p of found)
      (ADVISORY.has(p.rule) ? warnings : problems).push(`${file}: ${at}.${p.field}: ${p.en}`);
  };
  const names = new Set<string>();
  templates.forEach((t, i) => {
    const at = `templates[${i}]`;
    if (names.has(t.name)) fail(`${at}.name`, `"${t.name}" appears twice`);
    names.add(t.name);
    report(at, checkTemplate(catalogueTemplateDraft(t)));
    // The system fills a text header itself, so it takes no variable.
    if (t.header?.format === "TEXT") report(at, staticTextRules("header.text", t.header.text));
    const en = t.translations?.en;
    if (!en) return;
    const enBody = bodyRules(en.body, "translations.en.body");
    report(at, enBody.problems);
    const ids = bodyRules(t.body).count;
    if (enBody.count !== ids)
      fail(`${at}.translations.en.body`, `uses ${enBody.count} variables; the id body uses ${ids}`);
    if (en.buttons.length !== t.buttons.length)
      fail(
        `${at}.translations.en.buttons`,
        `has ${en.buttons.length} buttons; the id template has ${t.buttons.length}`,
      );
    if ((en.header_text === undefined) !== (t.header?.format !== "TEXT"))
      fail(`${at}.translations.en.header_text`, "must be set exactly when the header is TEXT");
    const statics: [string, string | undefined][] = [
      ["translations.en.footer", en.footer],
      ["translations.en.header_text", en.header_text],
      ...en.buttons.map((b, bi): [string, string] => [`translations.en.buttons[${bi}]`, b]),
    ];
    for (const [path, text] of statics) report(at, staticTextRules(path, text));
  });
};
