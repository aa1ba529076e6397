/** Admin › Audit: the filter form, one page of rows (newest first), paging and the CSV link. */
import type { AuditFilters, AuditRow } from "../../audit/audit.repo.ts";
import type { DeskDeps, DeskUser, Locale } from "../context.ts";
import { Notice } from "../layout.tsx";
import { defineWords, formatDateTime } from "../words.ts";
import { AdminPage, tabLabel } from "./admin.layout.tsx";

export const auw = defineWords({
  id: {
    help: "Setiap tampilan file, buka NIK, login, dan perubahan admin tercatat berantai; baris yang diubah atau dihapus terdeteksi (npm run lontar -- verify-audit).",
    from: "Dari tanggal",
    to: "Sampai tanggal",
    actor: "Pelaku",
    anyone: "Siapa saja",
    action: "Tindakan (awalan, mis. file.)",
    subject: "Subjek (id atau jenis)",
    filter: "Saring",
    export: "Ekspor CSV",
    at: "Waktu",
    ip: "Alamat IP",
    details: "Rincian",
    system: "sistem",
    empty: "Tidak ada catatan yang cocok.",
    newer: "← Lebih baru",
    older: "Lebih lama →",
    page: "Halaman",
  },
  en: {
    help: "Every file view, NIK reveal, login and admin change is recorded in a chain; an edited or deleted row is detected (npm run lontar -- verify-audit).",
    from: "From",
    to: "To",
    actor: "Actor",
    anyone: "Anyone",
    action: "Action (prefix, e.g. file.)",
    subject: "Subject (id or type)",
    filter: "Filter",
    export: "Export CSV",
    at: "Time",
    ip: "IP address",
    details: "Details",
    system: "system",
    empty: "No matching records.",
    newer: "← Newer",
    older: "Older →",
    page: "Page",
  },
});

export const filterQuery = (f: AuditFilters, page?: number) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({
    from: f.from,
    to: f.to,
    actor: f.actorId,
    action: f.action,
    subject: f.subject,
  }))
    if (v) q.set(k, v);
  if (page && page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
};

const Filters = (o: {
  l: Locale;
  f: AuditFilters;
  staff: Array<{ id: string; username: string; displayName: string }>;
}) => {
  const { l, f } = o;
  return (
    <form method="get" action="/desk/admin/audit" class="card manage-section">
      <div class="stack">
        <label>
          {auw(l, "from")}
          <input type="date" name="from" value={f.from ?? ""} />
        </label>
        <label>
          {auw(l, "to")}
          <input type="date" name="to" value={f.to ?? ""} />
        </label>
        <label>
          {auw(l, "actor")}
          <select name="actor">
            <option value="">{auw(l, "anyone")}</option>
            {o.staff.map((s) => (
              <option value={s.id} selected={s.id === f.actorId}>
                {s.displayName} ({s.username})
              </option>
            ))}
          </select>
        </label>
        <label>
          {auw(l, "action")}
          <input name="action" value={f.action ?? ""} maxlength={60} />
        </label>
        <label>
          {auw(l, "subject")}
          <input name="subject" value={f.subject ?? ""} maxlength={100} />
        </label>
        <button type="submit" class="primary">
          {auw(l, "filter")}
        </button>
        <a href={`/desk/admin/audit.csv${filterQuery(f)}`}>{auw(l, "export")}</a>
      </div>
    </form>
  );
};

const Rows = ({ l, rows }: { l: Locale; rows: AuditRow[] }) => (
  <table>
    <thead>
      <tr>
        <th>#</th>
        <th>{auw(l, "at")}</th>
        <th>{auw(l, "actor")}</th>
        <th>{tabLabel(l, "audit")}</th>
        <th>{auw(l, "subject")}</th>
        <th>{auw(l, "ip")}</th>
        <th>{auw(l, "details")}</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((r) => (
        <tr>
          <td>{r.id}</td>
          <td>{formatDateTime(r.at, l)}</td>
          <td>{r.actorName ?? (r.actorId ? r.actorId : auw(l, "system"))}</td>
          <td>
            <code>{r.action}</code>
          </td>
          <td>{[r.subjectType, r.subjectId].filter(Boolean).join(" ")}</td>
          <td>{r.ip ?? ""}</td>
          <td>
            <code>{r.details === null ? "" : JSON.stringify(r.details)}</code>
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

export const AuditPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  filters: AuditFilters;
  staff: Array<{ id: string; username: string; displayName: string }>;
  rows: AuditRow[];
  page: number;
  hasOlder: boolean;
}) => {
  const l = o.user.locale;
  return (
    <AdminPage user={o.user} deps={o.deps} tab="audit" title={tabLabel(l, "audit")}>
      <p class="muted">{auw(l, "help")}</p>
      <Filters l={l} f={o.filters} staff={o.staff} />
      <section class="card manage-section">
        {o.rows.length === 0 ? <Notice kind="empty">{auw(l, "empty")}</Notice> : <Rows l={l} rows={o.rows} />}
        <nav class="pager" aria-label={auw(l, "page")}>
          {o.page > 1 && (
            <a href={`/desk/admin/audit${filterQuery(o.filters, o.page - 1)}`}>{auw(l, "newer")}</a>
          )}{" "}
          {auw(l, "page")} {o.page}{" "}
          {o.hasOlder && (
            <a href={`/desk/admin/audit${filterQuery(o.filters, o.page + 1)}`}>{auw(l, "older")}</a>
          )}
        </nav>
      </section>
    </AdminPage>
  );
};
