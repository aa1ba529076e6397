/** The data-subject request queue and the breach helper (admins and supervisors; the helper admins only). */
import type { Child } from "hono/jsx";
import { formatWita } from "../../conversations/status-text.ts";
import type { AffectedCitizen } from "../../privacy/breach.repo.ts";
import { maskPhone } from "../../privacy/breach.service.ts";
import type { QueueRow } from "../../privacy/dsr.repo.ts";
import { requestNumber } from "../../privacy/dsr.service.ts";
import type { DeskDeps, DeskUser, Locale } from "../context.ts";
import { DeskPage, Notice } from "../layout.tsx";
import { bw, pw } from "./privacy.words.ts";

export type Message = { kind: "ok" | "error"; text: string };

const Frame = (o: { user: DeskUser; deps: DeskDeps; title: string; message?: Message; children: Child }) => (
  <DeskPage
    user={o.user}
    title={o.title}
    officeName={o.deps.citizen.catalogue.office.name[o.user.locale]}
    active={o.user.role === "admin" ? "admin" : "supervisor"}
  >
    <div class="manage">
      <h1>{o.title}</h1>
      {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
      {o.children}
    </div>
  </DeskPage>
);

const Csrf = ({ user }: { user: DeskUser }) => <input type="hidden" name="_csrf" value={user.csrfToken} />;

const when = (d: Date | string | null, l: Locale) => (d ? formatWita(new Date(d), l) : "—");

const Actions = ({ user, r }: { user: DeskUser; r: QueueRow }) => {
  const l = user.locale;
  const base = `/desk/admin/privacy/${r.id}`;
  return (
    <div class="stack">
      <form method="post" action={`${base}/${r.kind === "copy" ? "copy" : "delete"}`} class="inline">
        <Csrf user={user} />
        <button type="submit" class="primary">
          {pw(l, r.kind === "copy" ? "sendCopy" : "deleteOptional")}
        </button>
      </form>
      <form method="post" action={`${base}/refuse`} class="inline">
        <Csrf user={user} />
        <label>
          {pw(l, "reason")}
          <input name="reason" required minlength={5} maxlength={500} />
        </label>
        <button type="submit">{pw(l, "refuse")}</button>
      </form>
    </div>
  );
};

const Row = ({ user, r, now }: { user: DeskUser; r: QueueRow; now: Date }) => {
  const l = user.locale;
  const overdue = r.status === "open" && r.due_at !== null && new Date(r.due_at) < now;
  return (
    <tr>
      <td>{requestNumber(r.id)}</td>
      <td>
        {r.profile_name ?? "—"} <span class="muted">{maskPhone(r.wa_id)}</span>
      </td>
      <td>{pw(l, r.kind === "copy" ? "kind_copy" : "kind_delete_optional")}</td>
      <td>{when(r.confirmed_at, l)}</td>
      <td>
        {when(r.due_at, l)} {overdue && <span class="badge bad">{pw(l, "overdue")}</span>}
      </td>
      <td>
        {pw(l, `status_${r.status}` as "status_open")}
        {r.completed_at && <span class="muted"> · {when(r.completed_at, l)}</span>}
        {r.handled_by_name && <span class="muted"> · {r.handled_by_name}</span>}
      </td>
      <td>{r.status === "open" ? <Actions user={user} r={r} /> : (r.note ?? "")}</td>
    </tr>
  );
};

export const RequestsPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  rows: QueueRow[];
  now: Date;
  message?: Message;
}) => {
  const l = o.user.locale;
  return (
    <Frame user={o.user} deps={o.deps} title={pw(l, "title")} message={o.message}>
      <p class="muted">{pw(l, "intro")}</p>
      {o.user.role === "admin" && (
        <p>
          <a href="/desk/admin/breach">{pw(l, "breachLink")}</a>
        </p>
      )}
      {o.rows.length === 0 ? (
        <Notice kind="empty">{pw(l, "empty")}</Notice>
      ) : (
        <table class="privacy-requests">
          <thead>
            <tr>
              {(["number", "citizen", "kind", "requested", "due", "status", "actions"] as const).map((k) => (
                <th>{pw(l, k)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {o.rows.map((r) => (
              <Row user={o.user} r={r} now={o.now} />
            ))}
          </tbody>
        </table>
      )}
    </Frame>
  );
};

export type BreachForm = { items: string; from: string; to: string };

const breachQuery = (f: BreachForm) => new URLSearchParams(f).toString();

export const BreachPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  form: BreachForm;
  found?: AffectedCitizen[];
}) => {
  const l = o.user.locale;
  const { form, found } = o;
  return (
    <Frame user={o.user} deps={o.deps} title={bw(l, "title")}>
      <p class="muted">{bw(l, "intro")}</p>
      <form method="get" action="/desk/admin/breach" class="card manage-section">
        <div class="stack">
          <label>
            {bw(l, "items")}
            <textarea name="items" rows={6} maxlength={200000}>
              {form.items}
            </textarea>
          </label>
          <label>
            {bw(l, "from")}
            <input type="datetime-local" name="from" value={form.from} />
          </label>
          <label>
            {bw(l, "to")}
            <input type="datetime-local" name="to" value={form.to} />
          </label>
          <button type="submit" class="primary">
            {bw(l, "search")}
          </button>
        </div>
      </form>
      {found && found.length === 0 && <Notice kind="empty">{bw(l, "none")}</Notice>}
      {found && found.length > 0 && (
        <section class="card manage-section">
          <p>
            <strong>{bw(l, "count", { n: found.length })}</strong> ·{" "}
            <a href={`/desk/admin/breach.csv?${breachQuery(form)}`}>{bw(l, "csv")}</a>
          </p>
          <table class="breach-affected">
            <thead>
              <tr>
                <th>{bw(l, "phone")}</th>
                <th>{bw(l, "name")}</th>
                <th>{bw(l, "applications")}</th>
                <th>{bw(l, "documents")}</th>
              </tr>
            </thead>
            <tbody>
              {found.map((r) => (
                <tr>
                  <td>{maskPhone(r.wa_id)}</td>
                  <td>{r.profile_name ?? "—"}</td>
                  <td>{(r.tracking_numbers ?? []).join(", ")}</td>
                  <td>{r.documents}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Frame>
  );
};
