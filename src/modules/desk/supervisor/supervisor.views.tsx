/** The supervisor's page: the SIAK outage switch, SLA breaches with a quick reassign, open complaints. */

import { kw } from "../complaints/complaint.words.ts";
import type { ComplaintRow } from "../complaints/complaint-desk.repo.ts";
import type { DeskDeps, DeskUser, Locale } from "../context.ts";
import { flagLabel, serviceName, statusLabel } from "../labels.ts";
import { DeskPage, Notice } from "../layout.tsx";
import { pw } from "../privacy/privacy.words.ts";
import { formatDateTime } from "../words.ts";
import type { BreachRow, OutageRow, StaffOption } from "./supervisor.repo.ts";
import { complaintCategory, complaintStatus, cw, sw } from "./supervisor.words.ts";

export type Message = { kind: "ok" | "error"; text: string };

/** A label for a stored value, or the value itself when it is not one the desk knows. */
export const labelOr = <K extends string>(words: (l: Locale, k: K) => string, l: Locale, key: string) =>
  (words(l, key as K) as string | undefined) ?? key;

const Csrf = ({ user }: { user: DeskUser }) => <input type="hidden" name="_csrf" value={user.csrfToken} />;

const OutagePanel = ({ user, outage }: { user: DeskUser; outage?: OutageRow }) => {
  const l = user.locale;
  return (
    <section class="card manage-section" aria-labelledby="outage-h">
      <h2 id="outage-h">{sw(l, "outageHeading")}</h2>
      {outage ? (
        <>
          <Notice kind="error">
            {sw(l, "outageOpen", {
              since: formatDateTime(outage.started_at, l),
              by: outage.declared_by_name ?? "—",
            })}
          </Notice>
          {outage.note && (
            <p>
              {sw(l, "outageNote")}: {outage.note}
            </p>
          )}
          <form method="post" action="/desk/supervisor/outage/end" data-confirm={sw(l, "confirmEnd")}>
            <Csrf user={user} />
            <button type="submit" class="primary">
              {sw(l, "end")}
            </button>
          </form>
        </>
      ) : (
        <>
          <p>{sw(l, "outageNone")}</p>
          <form
            method="post"
            action="/desk/supervisor/outage/declare"
            class="stack narrow-form"
            data-confirm={sw(l, "confirmDeclare")}
          >
            <Csrf user={user} />
            <label>
              {sw(l, "outageNote")}
              <textarea name="note" rows={2} maxlength={500}></textarea>
            </label>
            <label class="check">
              <input type="checkbox" name="tell" value="1" />
              <span>{sw(l, "tell")}</span>
            </label>
            <button type="submit" class="danger">
              {sw(l, "declare")}
            </button>
          </form>
        </>
      )}
    </section>
  );
};

const ReassignForm = ({ user, row, staff }: { user: DeskUser; row: BreachRow; staff: StaffOption[] }) => {
  const l = user.locale;
  const options = staff.filter((s) => s.service_code === row.service_code && s.id !== row.assigned_to);
  if (options.length === 0) return <span class="muted">{sw(l, "noOperators")}</span>;
  const id = `reassign-${row.id}`;
  return (
    <form method="post" action={`/desk/supervisor/applications/${row.id}/assign`} class="row-form">
      <Csrf user={user} />
      <label for={id} class="sr-only">
        {sw(l, "reassign")} {row.tracking_number}
      </label>
      <select id={id} name="operatorId" required>
        <option value="">{sw(l, "chooseOperator")}</option>
        {options.map((s) => (
          <option value={s.id}>{s.display_name}</option>
        ))}
      </select>
      <button type="submit">{sw(l, "reassignButton")}</button>
    </form>
  );
};

const Breaches = (o: { user: DeskUser; deps: DeskDeps; rows: BreachRow[]; staff: StaffOption[] }) => {
  const l = o.user.locale;
  return (
    <section class="card manage-section" aria-labelledby="breach-h">
      <h2 id="breach-h">{sw(l, "breachHeading")}</h2>
      {o.rows.length === 0 ? (
        <Notice kind="empty">{sw(l, "breachEmpty")}</Notice>
      ) : (
        <table>
          <caption class="sr-only">{sw(l, "breachHeading")}</caption>
          <thead>
            <tr>
              <th scope="col">{sw(l, "tracking")}</th>
              <th scope="col">{sw(l, "service")}</th>
              <th scope="col">{sw(l, "status")}</th>
              <th scope="col">{sw(l, "due")}</th>
              <th scope="col">{sw(l, "holder")}</th>
              <th scope="col">{sw(l, "reassign")}</th>
            </tr>
          </thead>
          <tbody>
            {o.rows.map((r) => (
              <tr data-application={r.id}>
                <td>
                  <a href={`/desk/applications/${r.id}`}>{r.tracking_number}</a>
                  <div class="flags">
                    {r.flags
                      .filter((f) => f === "sla_breached" || f === "sla_at_risk")
                      .map((f) => (
                        <span class={`flag f-${f}`}>{labelOr(flagLabel, l, f)}</span>
                      ))}
                  </div>
                </td>
                <td>{serviceName(o.deps.citizen.catalogue, l, r.service_code, r.variant_code)}</td>
                <td>{labelOr(statusLabel, l, r.status)}</td>
                <td>{formatDateTime(r.due_at, l)}</td>
                <td>{r.holder_name ?? sw(l, "nobody")}</td>
                <td>
                  <ReassignForm user={o.user} row={r} staff={o.staff} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

const Complaints = (o: { user: DeskUser; deps: DeskDeps; rows: ComplaintRow[] }) => {
  const l = o.user.locale;
  return (
    <section class="card manage-section" aria-labelledby="complaints-h">
      <h2 id="complaints-h">{sw(l, "complaintsHeading")}</h2>
      {o.rows.length === 0 ? (
        <Notice kind="empty">{sw(l, "complaintsEmpty")}</Notice>
      ) : (
        <table>
          <caption class="sr-only">{sw(l, "complaintsHeading")}</caption>
          <thead>
            <tr>
              <th scope="col">{sw(l, "tracking")}</th>
              <th scope="col">{sw(l, "category")}</th>
              <th scope="col">{sw(l, "service")}</th>
              <th scope="col">{sw(l, "status")}</th>
              <th scope="col">{sw(l, "received")}</th>
              <th scope="col">{sw(l, "holder")}</th>
            </tr>
          </thead>
          <tbody>
            {o.rows.map((c) => (
              <tr data-complaint={c.id}>
                <td>
                  <a href={`/desk/supervisor/complaints/${c.id}`}>{c.tracking_number}</a>
                  {c.flagged_to_supervisor && (
                    <div class="flags">
                      <span class="flag f-sla_breached">{sw(l, "flagged")}</span>
                    </div>
                  )}
                </td>
                <td>{labelOr(complaintCategory, l, c.category)}</td>
                <td>
                  {c.service_code
                    ? serviceName(o.deps.citizen.catalogue, l, c.service_code)
                    : sw(l, "officeWide")}
                </td>
                <td>{labelOr(complaintStatus, l, c.status)}</td>
                <td>{formatDateTime(c.received_at, l)}</td>
                <td>{c.holder_name ?? sw(l, "nobody")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

/** A supervisor's dispositions of one complaint; verifying and answering are on the work page. */
export const SupervisorComplaintActions = (o: {
  user: DeskUser;
  c: { id: string; assigned_to: string | null };
  staff: Array<{ id: string; display_name: string }>;
  canWork: boolean;
}) => {
  const l = o.user.locale;
  const base = `/desk/supervisor/complaints/${o.c.id}`;
  return (
    <>
      {o.canWork && (
        <p>
          <a href={`/desk/complaints/${o.c.id}`}>{kw(l, "workPage")}</a>
        </p>
      )}
      <div class="manage-grid">
        <form method="post" action={`${base}/assign`} class="stack">
          <Csrf user={o.user} />
          <h3>{cw(l, "assign")}</h3>
          <label>
            {sw(l, "chooseOperator")}
            <select name="operatorId" required>
              <option value="">{sw(l, "chooseOperator")}</option>
              {o.staff.map((s) => (
                <option value={s.id} selected={s.id === o.c.assigned_to}>
                  {s.display_name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{cw(l, "assignButton")}</button>
        </form>
        <form method="post" action={`${base}/escalate`} class="stack">
          <Csrf user={o.user} />
          <h3>{cw(l, "escalate")}</h3>
          <label>
            {cw(l, "escalateReason")}
            <textarea name="reason" rows={2} maxlength={500} required></textarea>
          </label>
          <button type="submit">{cw(l, "escalateButton")}</button>
        </form>
        <form method="post" action={`${base}/refer`} class="stack" data-confirm={cw(l, "confirmRefer")}>
          <Csrf user={o.user} />
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
    </>
  );
};

export const SupervisorPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  outage?: OutageRow;
  breaches: BreachRow[];
  staff: StaffOption[];
  complaints: ComplaintRow[];
  message?: Message;
}) => {
  const l = o.user.locale;
  return (
    <DeskPage
      user={o.user}
      title={sw(l, "title")}
      officeName={o.deps.citizen.catalogue.office.name[l]}
      active="supervisor"
    >
      <div class="manage">
        <h1>{sw(l, "title")}</h1>
        {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
        <p>
          <a href="/desk/admin/privacy">{pw(l, "title")}</a>
        </p>
        {o.user.services.length === 0 && <Notice kind="empty">{sw(l, "noServices")}</Notice>}
        <OutagePanel user={o.user} outage={o.outage} />
        <Breaches user={o.user} deps={o.deps} rows={o.breaches} staff={o.staff} />
        <Complaints user={o.user} deps={o.deps} rows={o.complaints} />
      </div>
    </DeskPage>
  );
};
