/** Admin › Templates: the registry table, one row per template and language, system and office alike. */
import type { TemplateProblem, TemplateVariable } from "../../templates/template-rules.ts";
import { TEMPLATE_STATUSES } from "../../templates/templates.repo.ts";
import type { DeskUser } from "../context.ts";
import { Notice } from "../layout.tsx";
import { Csrf } from "./admin.layout.tsx";
import { categoryLabel, ProblemList, StatusBadge } from "./templates.views.tsx";
import { tw } from "./templates.words.ts";

/** One template in one language, from the catalogue ("system") or written in the desk ("office"). */
export type RegistryRow = {
  source: "system" | "office";
  id?: string;
  name: string;
  language: string;
  category: string;
  purpose: string;
  body: string;
  variables: TemplateVariable[];
  status: string;
  statusNote?: string | null;
  problems: TemplateProblem[];
};

const SystemStatusForm = ({ user, row }: { user: DeskUser; row: RegistryRow }) => {
  const l = user.locale;
  const id = `st-${row.name}-${row.language}`;
  return (
    <form method="post" action="/desk/admin/templates" class="row-form">
      <Csrf user={user} />
      <input type="hidden" name="name" value={row.name} />
      <input type="hidden" name="language" value={row.language} />
      <label for={id} class="sr-only">
        {tw(l, "status")} {row.name} ({row.language})
      </label>
      <select id={id} name="status">
        {TEMPLATE_STATUSES.map((s) => (
          <option value={s} selected={s === row.status}>
            {tw(l, s)}
          </option>
        ))}
      </select>
      <button type="submit">{tw(l, "save")}</button>
    </form>
  );
};

const RegistryRowView = ({ user, r }: { user: DeskUser; r: RegistryRow }) => {
  const l = user.locale;
  return (
    <tr data-template={`${r.name}:${r.language}`} data-source={r.source}>
      <td>
        <strong>{r.id ? <a href={`/desk/admin/templates/office/${r.id}`}>{r.name}</a> : r.name}</strong>{" "}
        <span class="badge">{tw(l, r.source === "system" ? "source_system" : "source_office")}</span>
        <div class="muted">{r.purpose}</div>
        <pre class="prewrap muted">{r.body}</pre>
      </td>
      <td>
        {categoryLabel(l, r.category)}
        <div class="muted">{r.language}</div>
      </td>
      <td>
        {r.variables.length === 0
          ? "—"
          : r.variables.map((v, i) => (
              <div>
                {`{{${i + 1}}}`} {v.name}: <em>{v.example}</em>
              </div>
            ))}
      </td>
      <td>
        {r.source === "system" ? (
          <SystemStatusForm user={user} row={r} />
        ) : (
          <>
            <StatusBadge l={l} status={r.status} />
            {r.statusNote && <div class="muted">{r.statusNote}</div>}
          </>
        )}
      </td>
      <td>
        <ProblemList l={l} problems={r.problems} />
      </td>
    </tr>
  );
};

export const RegistryTable = ({ user, rows }: { user: DeskUser; rows: RegistryRow[] }) => {
  const l = user.locale;
  if (rows.length === 0) return <Notice kind="empty">{tw(l, "empty")}</Notice>;
  return (
    <section class="card manage-section">
      <table>
        <thead>
          <tr>
            <th scope="col">{tw(l, "name")}</th>
            <th scope="col">
              {tw(l, "category")} · {tw(l, "language")}
            </th>
            <th scope="col">{tw(l, "variables")}</th>
            <th scope="col">{tw(l, "status")}</th>
            <th scope="col">{tw(l, "problems")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <RegistryRowView user={user} r={r} />
          ))}
        </tbody>
      </table>
    </section>
  );
};
