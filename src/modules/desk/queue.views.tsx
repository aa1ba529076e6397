/**
 * The workspace, laid out like WhatsApp Web: queues on the left, the chosen queue's list in the middle,
 * the open application or chat on the right. The left and middle columns refresh themselves when the
 * office's data changes (SSE "change" events), without touching what the operator is typing on the right.
 */
import type { Child } from "hono/jsx";
import { maskedSubjectNik } from "../applications/applications.service.ts";
import {
  APPLICATION_STATUSES,
  type ApplicationFlag,
  type ApplicationStatus,
} from "../applications/lifecycle.ts";
import type { DeskDeps, DeskUser, Locale } from "./context.ts";
import { flagLabel, queueLabel, serviceName, statusLabel } from "./labels.ts";
import { DeskPage, Notice } from "./layout.tsx";
import type { ChatRow, QueueRow } from "./queues.repo.ts";
import { QUEUES, type QueueFilter, type QueueKey } from "./queues.ts";
import { common, defineWords, formatDateTime } from "./words.ts";

const w = defineWords({
  id: {
    title: "Antrean",
    filters: "Saring",
    service: "Layanan",
    allServices: "Semua layanan saya",
    status: "Status",
    anyStatus: "Semua status",
    date: "Tanggal masuk",
    search: "Nomor permohonan atau NIK",
    apply: "Terapkan",
    reset: "Hapus saringan",
    empty: "Antrean ini kosong.",
    noServices: "Anda belum ditugaskan ke layanan apa pun. Minta admin menugaskan Anda.",
    pick: "Pilih permohonan atau chat dari daftar untuk mulai bekerja.",
    due: "Batas",
    holder: "Dipegang",
    nobody: "belum ada",
    since: "Sejak",
    listLabel: "Daftar",
    complaintsCount: "menunggu verifikasi atau tindak lanjut; {n} lewat batas",
  },
  en: {
    title: "Queues",
    filters: "Filter",
    service: "Service",
    allServices: "All my services",
    status: "Status",
    anyStatus: "Any status",
    date: "Submitted on",
    search: "Tracking number or NIK",
    apply: "Apply",
    reset: "Clear filters",
    empty: "This queue is empty.",
    noServices: "You are not assigned to any service yet. Ask an admin to assign you.",
    pick: "Pick an application or chat from the list to start working.",
    due: "Due",
    holder: "Held by",
    nobody: "nobody",
    since: "Since",
    listLabel: "List",
    complaintsCount: "waiting for verification or follow-up; {n} overdue",
  },
});

export const queryString = (f: Partial<QueueFilter>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
};

/**
 * A column that refreshes itself on every "change" event. The element stays (only its inside is swapped),
 * so "queue last" can hold one refresh while another is in flight: the last change is always fetched.
 */
const live = (url: string) => ({
  "hx-get": url,
  "hx-trigger": "sse:change",
  "hx-sync": "this:queue last",
  "hx-swap": "innerHTML",
  // The links inside open applications in #detail: they must not queue behind this column's own refresh
  // (an inherited hx-sync would hold the click until the refresh had replaced the very link clicked).
  "hx-disinherit": "hx-sync hx-swap",
});

type ComplaintCounts = { waiting: number; overdue: number };

export const QueueNavItems = (o: {
  user: DeskUser;
  filter: QueueFilter;
  counts: Record<QueueKey, number>;
  /** Complaints waiting for the office (their own page), for those who handle them. */
  complaints?: ComplaintCounts;
}) => {
  const l = o.user.locale;
  const c = o.complaints;
  return (
    <ul>
      {QUEUES.map((q) => (
        <li>
          <a
            href={`/desk${queryString({ ...o.filter, queue: q })}`}
            aria-current={q === o.filter.queue ? "page" : undefined}
            class={q === "breached" && o.counts[q] > 0 ? "alarm" : undefined}
            data-queue={q}
          >
            <span>{queueLabel(l, q)}</span>
            <span class="count" data-count={q}>
              {o.counts[q]}
            </span>
          </a>
        </li>
      ))}
      {c && (
        <li>
          <a href="/desk/complaints" class={c.overdue > 0 ? "alarm" : undefined} data-queue="complaints">
            <span>{common(l, "complaints")}</span>
            <span class="count" data-count="complaints" title={w(l, "complaintsCount", { n: c.overdue })}>
              {c.waiting}
            </span>
          </a>
        </li>
      )}
    </ul>
  );
};

export const QueueNav = (o: {
  user: DeskUser;
  filter: QueueFilter;
  counts: Record<QueueKey, number>;
  complaints?: ComplaintCounts;
}) => (
  <nav
    id="queue-nav"
    class="queue-nav"
    aria-label={w(o.user.locale, "title")}
    {...live(`/desk/queues/nav${queryString(o.filter)}`)}
  >
    <QueueNavItems {...o} />
  </nav>
);

const Filters = (o: { user: DeskUser; filter: QueueFilter; deps: DeskDeps }) => {
  const l = o.user.locale;
  const f = o.filter;
  return (
    <search>
      <form method="get" action="/desk" class="filters">
        <input type="hidden" name="queue" value={f.queue} />
        <label>
          {w(l, "search")}
          <input name="search" value={f.search ?? ""} inputmode="search" autocomplete="off" />
        </label>
        <label>
          {w(l, "service")}
          <select name="service">
            <option value="">{w(l, "allServices")}</option>
            {o.user.services.map((code) => (
              <option value={code} selected={code === f.service}>
                {serviceName(o.deps.citizen.catalogue, l, code)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w(l, "status")}
          <select name="status">
            <option value="">{w(l, "anyStatus")}</option>
            {APPLICATION_STATUSES.filter((st) => st !== "draft").map((st) => (
              <option value={st} selected={st === f.status}>
                {statusLabel(l, st)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w(l, "date")}
          <input type="date" name="date" value={f.date ?? ""} />
        </label>
        <button type="submit">{w(l, "apply")}</button>
        <a href={`/desk?queue=${f.queue}`}>{w(l, "reset")}</a>
      </form>
    </search>
  );
};

const ApplicationItem = (o: { row: QueueRow; user: DeskUser; deps: DeskDeps }) => {
  const l = o.user.locale;
  const r = o.row;
  const nik = maskedSubjectNik({ subjectNikEncrypted: r.subject_nik_encrypted }, o.deps.citizen.keys);
  const href = `/desk/applications/${r.id}`;
  return (
    <li class="item" data-id={r.id}>
      <a href={href} hx-get={href} hx-target="#detail" hx-push-url="true">
        <span class="line1">
          <strong>{r.tracking_number ?? "—"}</strong>
          <span class={`status s-${r.status}`}>{statusLabel(l, r.status as ApplicationStatus)}</span>
        </span>
        <span class="line2">{serviceName(o.deps.citizen.catalogue, l, r.service_code, r.variant_code)}</span>
        <span class="line3">
          {r.applicant_name ?? "—"}
          {nik && <span class="nik"> · {nik}</span>}
        </span>
        <span class="line4">
          {w(l, "due")}: {formatDateTime(r.due_at, l)}
          {r.assignee_name && (
            <>
              {" "}
              · {w(l, "holder")}: {r.assignee_name}
            </>
          )}
        </span>
        {r.flags.length > 0 && (
          <span class="flags">
            {r.flags.map((f) => (
              <span class={`flag f-${f}`}>{flagLabel(l, f as ApplicationFlag)}</span>
            ))}
          </span>
        )}
      </a>
    </li>
  );
};

const ChatItem = (o: { row: ChatRow; user: DeskUser; deps: DeskDeps }) => {
  const l = o.user.locale;
  const r = o.row;
  const href = `/desk/conversations/${r.id}`;
  return (
    <li class="item" data-id={r.id}>
      <a href={href} hx-get={href} hx-target="#detail" hx-push-url="true">
        <span class="line1">
          <strong>{r.contact_name ?? r.wa_id ?? "—"}</strong>
        </span>
        <span class="line2">
          {r.handover_service ? serviceName(o.deps.citizen.catalogue, l, r.handover_service) : "—"}
        </span>
        <span class="line4">
          {w(l, "since")}: {formatDateTime(r.handover_at, l)} · {w(l, "holder")}:{" "}
          {r.holder_name ?? w(l, "nobody")}
        </span>
      </a>
    </li>
  );
};

type QueueListProps = {
  user: DeskUser;
  filter: QueueFilter;
  deps: DeskDeps;
  applications: QueueRow[];
  chats: ChatRow[];
};

export const QueueListBody = (o: QueueListProps) => {
  const l = o.user.locale;
  const empty = o.filter.queue === "chats" ? o.chats.length === 0 : o.applications.length === 0;
  return (
    <>
      <h2>{queueLabel(l, o.filter.queue)}</h2>
      {o.user.services.length === 0 ? (
        <Notice kind="empty">{w(l, "noServices")}</Notice>
      ) : empty ? (
        <Notice kind="empty">{w(l, "empty")}</Notice>
      ) : (
        <ul class="items" aria-label={w(l, "listLabel")}>
          {o.filter.queue === "chats"
            ? o.chats.map((row) => <ChatItem row={row} user={o.user} deps={o.deps} />)
            : o.applications.map((row) => <ApplicationItem row={row} user={o.user} deps={o.deps} />)}
        </ul>
      )}
    </>
  );
};

export const QueueList = (o: QueueListProps) => (
  <div id="queue-list" class="queue-list" {...live(`/desk/queues/list${queryString(o.filter)}`)}>
    <QueueListBody {...o} />
  </div>
);

export const EmptyDetail = ({ l }: { l: Locale }) => <Notice kind="empty">{w(l, "pick")}</Notice>;

/** The three-column page; `detail` is what the right column shows first (an application, a chat, or nothing). */
export const Workspace = (o: {
  user: DeskUser;
  deps: DeskDeps;
  filter: QueueFilter;
  counts: Record<QueueKey, number>;
  complaints?: ComplaintCounts;
  applications: QueueRow[];
  chats: ChatRow[];
  detail?: Child;
  title?: string;
}) => (
  <DeskPage
    user={o.user}
    title={o.title ?? w(o.user.locale, "title")}
    officeName={o.deps.citizen.catalogue.office.name[o.user.locale]}
    active="queues"
    live
  >
    <div class="workspace">
      <QueueNav user={o.user} filter={o.filter} counts={o.counts} complaints={o.complaints} />
      <section class="middle" aria-label={queueLabel(o.user.locale, o.filter.queue)}>
        <Filters user={o.user} filter={o.filter} deps={o.deps} />
        <QueueList {...o} />
      </section>
      <section id="detail" class="detail" aria-live="polite">
        {o.detail ?? <EmptyDetail l={o.user.locale} />}
      </section>
    </div>
  </DeskPage>
);
