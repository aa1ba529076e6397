/** Admin › Templates: the template form, its preview, rule problems and the status controls. */
import {
  checkTemplate,
  fieldLabel,
  TEMPLATE_CATEGORIES,
  type TemplateDraft,
  type TemplateProblem,
  type TemplateVariable,
  withExamples,
} from "../../templates/template-rules.ts";
import type { DeskTemplate, DeskTemplateInput } from "../../templates/templates.repo.ts";
import { TEMPLATE_STATUSES } from "../../templates/templates.repo.ts";
import { EDITABLE, STATUS_MOVES } from "../../templates/templates.service.ts";
import type { DeskUser, Locale } from "../context.ts";
import { Notice } from "../layout.tsx";
import { Csrf } from "./admin.layout.tsx";
import { tw } from "./templates.words.ts";

export const BUTTON_SLOTS = 3;
const LANGUAGES = ["id", "en"] as const;

export const categoryLabel = (l: Locale, c: string) => (c === "marketing" || c === "utility" ? tw(l, c) : c);
const statusLabel = (l: Locale, s: string) =>
  (TEMPLATE_STATUSES as readonly string[]).includes(s) ? tw(l, s as (typeof TEMPLATE_STATUSES)[number]) : s;
const BADGE: Record<string, string> = { approved: "ok", rejected: "bad", paused: "warn", submitted: "warn" };

export const StatusBadge = ({ l, status }: { l: Locale; status: string }) => (
  <span class={`badge ${BADGE[status] ?? ""}`} data-status={status}>
    {statusLabel(l, status)}
  </span>
);

export const ProblemList = ({ l, problems }: { l: Locale; problems: TemplateProblem[] }) =>
  problems.length === 0 ? (
    <span class="badge ok">{tw(l, "no_problems")}</span>
  ) : (
    <ul class="history" data-problems={problems.length}>
      {problems.map((p) => (
        <li data-rule={p.rule}>
          <strong>{fieldLabel(l, p.field)}</strong>: {p[l]}
        </li>
      ))}
    </ul>
  );

/** What it costs and who may receive it (Meta's per-message pricing since July 2025). */
export const CategoryNote = ({ l, category }: { l: Locale; category: string }) =>
  category === "marketing" ? (
    <Notice kind="error">
      <span data-note="marketing">{tw(l, "marketing_note")}</span>
    </Notice>
  ) : category === "utility" ? (
    <Notice kind="empty">{tw(l, "utility_note")}</Notice>
  ) : null;

/** The message as the citizen would see it with the examples, the rule problems, and the cost note. */
export const Preview = ({ l, draft }: { l: Locale; draft: TemplateDraft }) => {
  const examples = draft.variables.map((v) => v.example);
  const header =
    draft.header?.type === "text" ? withExamples(draft.header.text, [draft.header.example ?? ""]) : "";
  return (
    <>
      <h2>{tw(l, "preview_title")}</h2>
      <div class="bubbles">
        <div class="bubble out" data-preview>
          {header && <p class="header">{header}</p>}
          <p class="text">{withExamples(draft.body, examples)}</p>
          {draft.footer && <p class="footer">{draft.footer}</p>}
          {draft.buttons.length > 0 && (
            <p class="label">{draft.buttons.map((b) => `[ ${b.text} ]`).join(" ")}</p>
          )}
        </div>
      </div>
      <h3>{tw(l, "problems")}</h3>
      <ProblemList l={l} problems={checkTemplate(draft)} />
      <CategoryNote l={l} category={draft.category} />
    </>
  );
};

/** A text input; the hint is tied to it (aria-describedby) so the label stays short for screen readers. */
const Field = (o: { label: string; name: string; value?: string; hint?: string; required?: boolean }) => (
  <>
    <label>
      {o.label}
      <input
        name={o.name}
        value={o.value ?? ""}
        required={o.required}
        aria-describedby={o.hint ? `${o.name}-hint` : undefined}
      />
    </label>
    {o.hint && (
      <span class="muted" id={`${o.name}-hint`}>
        {o.hint}
      </span>
    )}
  </>
);

/** Rows for the variables: those written so far and two empty ones (at least four). */
const variableRows = (vars: TemplateVariable[]) =>
  Array.from(
    { length: Math.min(Math.max(vars.length + 2, 4), 10) },
    (_, i) => vars[i] ?? { name: "", example: "" },
  );

export const TemplateForm = (o: {
  user: DeskUser;
  action: string;
  value?: DeskTemplateInput;
  id?: string;
}) => {
  const l = o.user.locale;
  const v = o.value;
  const header = v?.header?.type === "text" ? v.header : undefined;
  return (
    <form
      method="post"
      action={o.action}
      class="stack narrow-form"
      hx-post="/desk/admin/templates/preview"
      hx-trigger="input delay:500ms"
      hx-target="#template-preview"
      hx-swap="innerHTML"
    >
      <Csrf user={o.user} />
      {o.id && <input type="hidden" name="id" value={o.id} />}
      <Field label={tw(l, "name")} name="name" value={v?.name} hint={tw(l, "name_hint")} required />
      <label>
        {tw(l, "language")}
        <select name="language">
          {LANGUAGES.map((lang) => (
            <option value={lang} selected={lang === (v?.language ?? "id")}>
              {lang}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tw(l, "category")}
        <select name="category">
          {TEMPLATE_CATEGORIES.map((c) => (
            <option value={c} selected={c === (v?.category ?? "utility")}>
              {categoryLabel(l, c)}
            </option>
          ))}
        </select>
      </label>
      <Field label={tw(l, "purpose")} name="purpose" value={v?.purpose} />
      <Field label={tw(l, "header")} name="headerText" value={header?.text} />
      <Field label={tw(l, "header_example")} name="headerExample" value={header?.example} />
      <label>
        {tw(l, "body")}
        <textarea name="body" rows={6} required aria-describedby="body-hint">
          {v?.body ?? ""}
        </textarea>
      </label>
      <span class="muted" id="body-hint">
        {tw(l, "body_hint")}
      </span>
      <fieldset>
        <legend>{tw(l, "variables")}</legend>
        {variableRows(v?.variables ?? []).map((row, i) => (
          <div class="row-form">
            <label>
              {tw(l, "variable_name", { n: i + 1 })}
              <input name="varName" value={row.name} />
            </label>
            <label>
              {tw(l, "variable_example", { n: i + 1 })}
              <input name="varExample" value={row.example} />
            </label>
          </div>
        ))}
      </fieldset>
      <Field label={tw(l, "footer")} name="footer" value={v?.footer ?? ""} />
      <fieldset>
        <legend>{tw(l, "buttons")}</legend>
        {Array.from({ length: BUTTON_SLOTS }, (_, i) => (
          <label>
            {tw(l, "button_n", { n: i + 1 })}
            <input name="button" value={v?.buttons[i]?.text ?? ""} />
          </label>
        ))}
      </fieldset>
      <div class="row-form">
        <button type="submit" class="primary">
          {tw(l, "save")}
        </button>
        <button type="submit" formaction="/desk/admin/templates/preview">
          {tw(l, "preview")}
        </button>
      </div>
    </form>
  );
};

/** The next statuses the table allows, with a note (Meta's reason when it rejected the template). */
export const StatusMoveForm = ({ user, t }: { user: DeskUser; t: DeskTemplate }) => {
  const l = user.locale;
  const moves = STATUS_MOVES[t.status];
  if (moves.length === 0) return <p class="muted">{tw(l, "no_moves")}</p>;
  return (
    <form method="post" action={`/desk/admin/templates/office/${t.id}/status`} class="stack narrow-form">
      <Csrf user={user} />
      <label>
        {tw(l, "move_to")}
        <select name="to">
          {moves.map((s) => (
            <option value={s}>{tw(l, s)}</option>
          ))}
        </select>
      </label>
      <label>
        {tw(l, "note")}
        <textarea name="note" rows={2} maxlength={500}></textarea>
      </label>
      <button type="submit">{tw(l, "move")}</button>
    </form>
  );
};

export const canEdit = (t: DeskTemplate) => EDITABLE.includes(t.status);
