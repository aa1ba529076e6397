/** One complaint for the supervisor: what it says, its clocks and history, and the three dispositions. */
import type { ComplaintEvent } from "../../complaints/complaints.repo.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { serviceName } from "../labels.ts";
import { DeskPage, Notice } from "../layout.tsx";
import { formatDateTime } from "../words.ts";
import type { ComplaintRow } from "./supervisor.repo.ts";
import { labelOr, type Message } from "./supervisor.views.tsx";
import { complaintCategory, complaintStatus, cw, sw } from "./supervisor.words.ts";

type Staff = { id: string; display_name: string };

const Row = ({ label, children }: { label: string; children: unknown }) => (
  <tr>
    <th scope="row">{label}</th>
    <td>{children}</td>
  </tr>
);

const Facts = ({ user, deps, c }: { user: DeskUser; deps: DeskDeps; c: ComplaintRow }) => {
  const l = user.locale;
  const reporter = c.confidential
    ? cw(l, "confidential")
    : [c.reporter_name, c.reporter_phone].filter(Boolean).join(" · ") || "—";
  return (
    <table class="facts">
      <tbody>
        <Row label={sw(l, "category")}>{labelOr(complaintCategory, l, c.category)}</Row>
        <Row label={sw(l, "status")}>{labelOr(complaintStatus, l, c.status)}</Row>
        <Row label={sw(l, "service")}>
          {c.service_code ? serviceName(deps.citizen.catalogue, l, c.service_code) : sw(l, "officeWide")}
        </Row>
        <Row label={cw(l, "application")}>{c.application_tracking ?? cw(l, "none")}</Row>
        <Row label={cw(l, "reporter")}>{reporter}</Row>
        <Row label={sw(l, "holder")}>{c.holder_name ?? sw(l, "nobody")}</Row>
        <Row label={cw(l, "description")}>
          <p class="prewrap">{c.description}</p>
        </Row>
        {c.answer && <Row label={cw(l, "answer")}>{c.answer}</Row>}
        {c.referred_to && <Row label={cw(l, "referredTo")}>{c.referred_to}</Row>}
      </tbody>
    </table>
  );
};

const Clocks = ({ user, c }: { user: DeskUser; c: ComplaintRow }) => {
  const l = user.locale;
  return (
    <>
      <h2>{cw(l, "clocks")}</h2>
      <table class="facts">
        <tbody>
          <Row label={sw(l, "received")}>{formatDateTime(c.received_at, l)}</Row>
          <Row label={cw(l, "verificationDue")}>{formatDateTime(c.verification_due_at, l)}</Row>
          <Row label={cw(l, "followUpDue")}>{formatDateTime(c.follow_up_due_at, l)}</Row>
          <Row label={cw(l, "autoClose")}>{formatDateTime(c.auto_close_at, l)}</Row>
          <Row label={cw(l, "escalatedAt")}>{formatDateTime(c.escalated_at, l)}</Row>
          <Row label={cw(l, "closedAt")}>{formatDateTime(c.closed_at, l)}</Row>
        </tbody>
      </table>
    </>
  );
};

const Actions = ({ user, c, staff }: { user: DeskUser; c: ComplaintRow; staff: Staff[] }) => {
  const l = user.locale;
  const base = `/desk/supervisor/complaints/${c.id}`;
  const csrf = <input type="hidden" name="_csrf" value={user.csrfToken} />;
  return (
    <div class="manage-grid">
      <form method="post" action={`${base}/assign`} class="stack">
        {csrf}
        <h3>{cw(l, "assign")}</h3>
        <label>
          {sw(l, "chooseOperator")}
          <select name="operatorId" required>
            <option value="">{sw(l, "chooseOperator")}</option>
            {staff.map((s) => (
              <option value={s.id} selected={s.id === c.assigned_to}>
                {s.display_name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{cw(l, "assignButton")}</button>
      </form>
      <form method="post" action={`${base}/escalate`} class="stack">
        {csrf}
        <h3>{cw(l, "escalate")}</h3>
        <label>
          {cw(l, "escalateReason")}
          <textarea name="reason" rows={2} maxlength={500} required></textarea>
        </label>
        <button type="submit">{cw(l, "escalateButton")}</button>
      </form>
      <form method="post" action={`${base}/refer`} class="stack" data-confirm={cw(l, "confirmRefer")}>
        {csrf}
        <h3>{cw(l, "refer")}</h3>
        <label>
          {cw(l, "referOffice")}
          <input name="office" maxlength={200} required />
        </label>
        <button type="submit" class="danger">
          {cw(l, "referButton")}
        </button>
      </form>
    </div>
  );
};

export const ComplaintPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  complaint: ComplaintRow;
  events: ComplaintEvent[];
  staff: Staff[];
  message?: Message;
}) => {
  const l = o.user.locale;
  const c = o.complaint;
  return (
    <DeskPage
      user={o.user}
      title={cw(l, "title", { nomor: c.tracking_number })}
      officeName={o.deps.citizen.catalogue.office.name[l]}
      active="supervisor"
    >
      <div class="manage">
        <p>
          <a href="/desk/supervisor">← {cw(l, "back")}</a>
        </p>
        <h1>{cw(l, "title", { nomor: c.tracking_number })}</h1>
        {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
        <section class="card manage-section" aria-label={sw(l, "detail")}>
          <Facts user={o.user} deps={o.deps} c={c} />
          <Clocks user={o.user} c={c} />
        </section>
        <section class="card manage-section" aria-label={sw(l, "detail")}>
          {c.status === "closed" ? (
            <Notice kind="empty">{cw(l, "closedNote")}</Notice>
          ) : (
            <Actions user={o.user} c={c} staff={o.staff} />
          )}
        </section>
        <section class="card manage-section" aria-labelledby="history-h">
          <h2 id="history-h">{cw(l, "history")}</h2>
          <ol class="history">
            {o.events.map((e) => (
              <li>
                {formatDateTime(e.at, l)} · {e.action} · {labelOr(complaintStatus, l, e.toStatus)}
                {e.note && e.action !== "assign" ? ` — ${e.note}` : ""}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </DeskPage>
  );
};
