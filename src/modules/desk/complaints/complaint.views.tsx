/**
 * One complaint, as supervisors and operators see it: what it says (opened from its sealed form), its photos
 * (through the audited file route), its LAPOR! clocks, the reporter's conversation, the history, and the
 * actions of the page that shows it (a supervisor's disposition or an operator's work).
 */
import type { Child } from "hono/jsx";
import type { ComplaintEvent } from "../../complaints/complaints.repo.ts";
import type { DeskDeps, DeskUser, Locale } from "../context.ts";
import { serviceName } from "../labels.ts";
import { DeskPage, Notice } from "../layout.tsx";
import { labelOr, type Message } from "../supervisor/supervisor.views.tsx";
import { complaintCategory, complaintStatus, cw, sw } from "../supervisor/supervisor.words.ts";
import { formatDateTime } from "../words.ts";
import { complaintActionLabel, escalationCode, kw } from "./complaint.words.ts";
import type { ComplaintRow } from "./complaint-desk.repo.ts";

const Row = ({ label, children }: { label: string; children: unknown }) => (
  <tr>
    <th scope="row">{label}</th>
    <td>{children}</td>
  </tr>
);

/** Received or verified past the due time of its clock (an answered one only waits for the reporter). */
export const isOverdue = (
  c: Pick<ComplaintRow, "status" | "verification_due_at" | "follow_up_due_at">,
  now: Date,
) =>
  (c.status === "received" && c.verification_due_at < now) ||
  (c.status === "verified" && c.follow_up_due_at !== null && c.follow_up_due_at < now);

const Facts = ({ user, deps, c }: { user: DeskUser; deps: DeskDeps; c: ComplaintRow }) => {
  const l = user.locale;
  const reporter = c.confidential
    ? cw(l, "confidential")
    : [c.reporter_name, c.reporter_phone].filter(Boolean).join(" · ") || "—";
  return (
    <table class="facts">
      <tbody>
        <Row label={sw(l, "category")}>{labelOr(complaintCategory, l, c.category)}</Row>
        <Row label={sw(l, "status")}>
          {labelOr(complaintStatus, l, c.status)}
          {c.flagged_to_supervisor && <span class="badge warn"> {kw(l, "flagged")}</span>}
        </Row>
        <Row label={sw(l, "service")}>
          {c.service_code ? serviceName(deps.citizen.catalogue, l, c.service_code) : sw(l, "officeWide")}
        </Row>
        <Row label={cw(l, "application")}>{c.application_tracking ?? cw(l, "none")}</Row>
        <Row label={cw(l, "reporter")}>{reporter}</Row>
        <Row label={sw(l, "holder")}>{c.holder_name ?? sw(l, "nobody")}</Row>
        {c.lapor_reference && <Row label={kw(l, "laporReference")}>{c.lapor_reference}</Row>}
        <Row label={cw(l, "description")}>
          <p class="prewrap">{c.description}</p>
        </Row>
        {c.answer && (
          <Row label={cw(l, "answer")}>
            <p class="prewrap">{c.answer}</p>
          </Row>
        )}
        {c.referred_to && <Row label={cw(l, "referredTo")}>{c.referred_to}</Row>}
      </tbody>
    </table>
  );
};

const Clocks = ({ user, c, now }: { user: DeskUser; c: ComplaintRow; now: Date }) => {
  const l = user.locale;
  const late = isOverdue(c, now);
  const flag = <span class="badge bad"> {kw(l, "overdue")}</span>;
  return (
    <>
      <h2>{cw(l, "clocks")}</h2>
      <table class="facts">
        <tbody>
          <Row label={sw(l, "received")}>{formatDateTime(c.received_at, l)}</Row>
          <Row label={cw(l, "verificationDue")}>
            {formatDateTime(c.verification_due_at, l)}
            {late && c.status === "received" && flag}
          </Row>
          <Row label={kw(l, "verifiedAt")}>{formatDateTime(c.verified_at, l)}</Row>
          <Row label={cw(l, "followUpDue")}>
            {formatDateTime(c.follow_up_due_at, l)}
            {late && c.status === "verified" && flag}
          </Row>
          <Row label={kw(l, "answeredAt")}>{formatDateTime(c.answered_at, l)}</Row>
          <Row label={cw(l, "autoClose")}>{formatDateTime(c.auto_close_at, l)}</Row>
          <Row label={cw(l, "escalatedAt")}>{formatDateTime(c.escalated_at, l)}</Row>
          <Row label={cw(l, "closedAt")}>{formatDateTime(c.closed_at, l)}</Row>
        </tbody>
      </table>
    </>
  );
};

/** Each opens through /desk/files (scoped and audited on every view), like a chat photo. */
const Photos = ({ l, c }: { l: Locale; c: ComplaintRow }) =>
  c.photo_blob_ids.length === 0 ? null : (
    <section class="card manage-section" aria-labelledby="photos-h">
      <h2 id="photos-h">
        {kw(l, "photos")} ({c.photo_blob_ids.length})
      </h2>
      <p class="muted">{kw(l, "photosAudited")}</p>
      <ul class="complaint-photos">
        {c.photo_blob_ids.map((id, i) => (
          <li>
            <a href={`/desk/files/${id}`} target="_blank" rel="noopener">
              <img
                src={`/desk/files/${id}`}
                alt={kw(l, "photo", { n: i + 1, nomor: c.tracking_number })}
                loading="lazy"
              />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );

/** The chat names the reporter: not offered for a confidential complaint (nor is it visible through one). */
const Conversation = ({ l, c }: { l: Locale; c: ComplaintRow }) => (
  <section class="card manage-section" aria-labelledby="conversation-h">
    <h2 id="conversation-h">{kw(l, "conversation")}</h2>
    {c.confidential ? (
      <p class="muted">{kw(l, "conversationHidden")}</p>
    ) : c.conversation_id && c.status !== "closed" ? (
      <p>
        <a href={`/desk/conversations/${c.conversation_id}`}>{kw(l, "openConversation")}</a>
      </p>
    ) : (
      <p class="muted">{kw(l, "conversationNone")}</p>
    )}
  </section>
);

const who = (l: Locale, e: ComplaintEvent, names: Map<string, string>) =>
  e.actorKind === "operator"
    ? (names.get(e.actorId ?? "") ?? kw(l, "by_operator"))
    : kw(l, e.actorKind === "citizen" ? "by_citizen" : "by_system");

/** What a history line adds: the text written (opened), a code's meaning, or who a complaint went to. */
const noteOf = (l: Locale, e: ComplaintEvent, names: Map<string, string>): string | undefined => {
  if (!e.note) return undefined;
  if (e.action === "assign") return names.get(e.note);
  if (e.action === "escalate" && e.actorKind === "system") return labelOr(escalationCode, l, e.note);
  return e.note;
};

const History = (o: { l: Locale; events: ComplaintEvent[]; names: Map<string, string> }) => (
  <section class="card manage-section" aria-labelledby="history-h">
    <h2 id="history-h">{cw(o.l, "history")}</h2>
    <ol class="history">
      {o.events.map((e) => {
        const note = noteOf(o.l, e, o.names);
        const action = labelOr(complaintActionLabel, o.l, e.action);
        // The stage after the step, unless the step's name already says it ("Diverifikasi").
        const stage = labelOr(complaintStatus, o.l, e.toStatus);
        return (
          <li>
            {formatDateTime(e.at, o.l)} · {action}
            {stage !== action && ` · ${stage}`} · {who(o.l, e, o.names)}
            {note && <span class="prewrap"> — {note}</span>}
          </li>
        );
      })}
    </ol>
  </section>
);

export const ComplaintPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  complaint: ComplaintRow;
  events: ComplaintEvent[];
  /** Staff display names by id: who acted, who it was handed to. */
  names: Map<string, string>;
  back: { href: string; label: string };
  active: "supervisor" | "complaints";
  actions: Child;
  message?: Message;
}) => {
  const l = o.user.locale;
  const c = o.complaint;
  return (
    <DeskPage
      user={o.user}
      title={cw(l, "title", { nomor: c.tracking_number })}
      officeName={o.deps.citizen.catalogue.office.name[l]}
      active={o.active}
    >
      <div class="manage">
        <p>
          <a href={o.back.href}>← {o.back.label}</a>
        </p>
        <h1>{cw(l, "title", { nomor: c.tracking_number })}</h1>
        {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
        <section class="card manage-section" aria-label={sw(l, "detail")}>
          <Facts user={o.user} deps={o.deps} c={c} />
          <Clocks user={o.user} c={c} now={o.deps.citizen.now()} />
        </section>
        <Photos l={l} c={c} />
        <Conversation l={l} c={c} />
        <section class="card manage-section" aria-labelledby="actions-h">
          <h2 id="actions-h">{kw(l, "actions")}</h2>
          {c.status === "closed" ? <Notice kind="empty">{cw(l, "closedNote")}</Notice> : o.actions}
        </section>
        <History l={l} events={o.events} names={o.names} />
      </div>
    </DeskPage>
  );
};
