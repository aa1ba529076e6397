/** The operators' complaint work: the list with each complaint's current LAPOR! clock, and the work actions. */
import type { ComplaintAction } from "../../complaints/complaint-lifecycle.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { serviceName } from "../labels.ts";
import { DeskPage, Notice } from "../layout.tsx";
import { labelOr, type Message } from "../supervisor/supervisor.views.tsx";
import { complaintCategory, complaintStatus } from "../supervisor/supervisor.words.ts";
import { formatDateTime } from "../words.ts";
import { kw } from "./complaint.words.ts";
import type { ComplaintRow, ComplaintWorkRow } from "./complaint-desk.repo.ts";

const Csrf = ({ user }: { user: DeskUser }) => <input type="hidden" name="_csrf" value={user.csrfToken} />;

const dueLabel = (user: DeskUser, status: string) =>
  status === "received" || status === "verified" || status === "answered"
    ? kw(user.locale, `due_${status}`)
    : kw(user.locale, "due");

const WorkTable = (o: { user: DeskUser; deps: DeskDeps; rows: ComplaintWorkRow[] }) => {
  const l = o.user.locale;
  return (
    <table>
      <caption class="sr-only">{kw(l, "listTitle")}</caption>
      <thead>
        <tr>
          <th scope="col">{kw(l, "tracking")}</th>
          <th scope="col">{kw(l, "category")}</th>
          <th scope="col">{kw(l, "service")}</th>
          <th scope="col">{kw(l, "stage")}</th>
          <th scope="col">{kw(l, "due")}</th>
          <th scope="col">{kw(l, "holder")}</th>
        </tr>
      </thead>
      <tbody>
        {o.rows.map((c) => (
          <tr data-complaint={c.id} class={c.overdue ? "overdue" : undefined}>
            <td>
              <a href={`/desk/complaints/${c.id}`}>{c.tracking_number}</a>
              {(c.overdue || c.flagged_to_supervisor || c.reporter_wrote) && (
                <div class="flags">
                  {c.overdue && <span class="flag f-sla_breached">{kw(l, "overdue")}</span>}
                  {c.flagged_to_supervisor && <span class="flag f-sla_at_risk">{kw(l, "flagged")}</span>}
                  {c.reporter_wrote && <span class="flag">{kw(l, "reporterWrote")}</span>}
                </div>
              )}
            </td>
            <td>{labelOr(complaintCategory, l, c.category)}</td>
            <td>
              {c.service_code
                ? serviceName(o.deps.citizen.catalogue, l, c.service_code)
                : kw(l, "officeWide")}
            </td>
            <td>{labelOr(complaintStatus, l, c.status)}</td>
            <td>
              <span class="muted">{dueLabel(o.user, c.status)}:</span> {formatDateTime(c.due_at, l)}
            </td>
            <td>{c.holder_name ?? kw(l, "nobody")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

export const ComplaintListPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  rows: ComplaintWorkRow[];
  message?: Message;
}) => {
  const l = o.user.locale;
  return (
    <DeskPage
      user={o.user}
      title={kw(l, "listTitle")}
      officeName={o.deps.citizen.catalogue.office.name[l]}
      active="complaints"
    >
      <div class="manage">
        <h1>{kw(l, "listTitle")}</h1>
        {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
        <p class="muted">{kw(l, "listIntro")}</p>
        {o.user.services.length === 0 && <Notice kind="empty">{kw(l, "noServices")}</Notice>}
        <section class="card manage-section" aria-label={kw(l, "listTitle")}>
          {o.rows.length === 0 ? (
            <Notice kind="empty">{kw(l, "listEmpty")}</Notice>
          ) : (
            <WorkTable user={o.user} deps={o.deps} rows={o.rows} />
          )}
        </section>
      </div>
    </DeskPage>
  );
};

/** Only the actions the lifecycle allows this person in the complaint's stage (the server checks again). */
export const WorkActions = (o: { user: DeskUser; c: ComplaintRow; allowed: ComplaintAction[] }) => {
  const l = o.user.locale;
  const base = `/desk/complaints/${o.c.id}`;
  const can = (a: ComplaintAction) => o.allowed.includes(a);
  return (
    <>
      {o.c.status === "answered" && (
        <p>{kw(l, "awaitingReporter", { until: formatDateTime(o.c.auto_close_at, l) })}</p>
      )}
      {!can("verify") && !can("answer") && !can("escalate") && (
        <Notice kind="empty">{kw(l, "noActions")}</Notice>
      )}
      <div class="manage-grid">
        {can("verify") && (
          <form method="post" action={`${base}/verify`} class="stack">
            <Csrf user={o.user} />
            <h3>{kw(l, "verify")}</h3>
            <p class="muted">{kw(l, "verifyHelp")}</p>
            <label>
              {kw(l, "verifyLapor")}
              <input name="laporReference" maxlength={100} autocomplete="off" />
            </label>
            <button type="submit" class="primary">
              {kw(l, "verifyButton")}
            </button>
          </form>
        )}
        {can("answer") && (
          <form method="post" action={`${base}/answer`} class="stack">
            <Csrf user={o.user} />
            <h3>{kw(l, "answer")}</h3>
            <label>
              {kw(l, "answerLabel")}
              <textarea
                name="answer"
                rows={5}
                maxlength={2000}
                required
                aria-describedby="answer-help"
              ></textarea>
            </label>
            <p class="muted" id="answer-help">
              {kw(l, "answerHelp")}
            </p>
            <button type="submit" class="primary">
              {kw(l, "answerButton")}
            </button>
          </form>
        )}
        {can("escalate") && (
          <form method="post" action={`${base}/escalate`} class="stack">
            <Csrf user={o.user} />
            <h3>{kw(l, "escalate")}</h3>
            <label>
              {kw(l, "escalateLabel")}
              <textarea name="reason" rows={2} maxlength={500} required></textarea>
            </label>
            <button type="submit">{kw(l, "escalateButton")}</button>
          </form>
        )}
      </div>
    </>
  );
};
