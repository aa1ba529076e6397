/** The broadcasts page: limits, the live list of campaigns with progress and counts, and the new-campaign form. */
import type { CampaignListRow } from "../../broadcasts/campaigns.repo.ts";
import { canDo } from "../../broadcasts/campaigns.service.ts";
import type { DeskTemplate } from "../../templates/templates.repo.ts";
import type { DeskDeps, DeskUser, Locale } from "../context.ts";
import { DeskPage, Notice } from "../layout.tsx";
import { formatDateTime } from "../words.ts";
import { bw } from "./broadcasts.words.ts";
import { type CampaignForm, money, NewCampaign, type Preview } from "./new-campaign.views.tsx";

export type { CampaignForm };

export type Message = { kind: "ok" | "error"; text: string };

export type Limits = {
  tier: number | "unlimited";
  usedToday: number;
  freesAt?: Date;
  ratePerSecond: number;
  rates: string;
};

const Csrf = ({ user }: { user: DeskUser }) => <input type="hidden" name="_csrf" value={user.csrfToken} />;

const statusText = (l: Locale, status: string) =>
  (bw as (l: Locale, k: string) => string | undefined)(l, `st_${status}`) ?? status;

const Action = (o: { user: DeskUser; id: string; action: "start" | "pause" | "resume" | "cancel" }) => (
  <form
    method="post"
    action={`/desk/broadcasts/${o.id}/${o.action}`}
    class="inline"
    data-confirm={o.action === "cancel" ? bw(o.user.locale, "confirmCancel") : undefined}
  >
    <Csrf user={o.user} />
    <button type="submit" class={o.action === "cancel" ? "danger" : undefined}>
      {bw(o.user.locale, o.action)}
    </button>
  </form>
);

const Counts = ({ l, c }: { l: Locale; c: CampaignListRow }) => (
  <dl class="campaign-counts">
    {(["queued", "sent", "delivered", "read", "failed", "skipped"] as const).map((k) => (
      <div data-count={k}>
        <dt>{bw(l, k)}</dt>
        <dd>{c[k]}</dd>
      </div>
    ))}
  </dl>
);

const CampaignRow = ({ user, c }: { user: DeskUser; c: CampaignListRow }) => {
  const l = user.locale;
  const done = c.queued + c.skipped;
  const total = Math.max(c.recipients, done);
  return (
    <tr data-campaign={c.id} data-status={c.status}>
      <td>
        <strong>{c.name}</strong>
        <div class="muted">
          {c.template_name} ({c.template_language}, {c.template_category}) · {c.channel_label}
        </div>
        {c.template_status !== "approved" && <div class="badge warn">{bw(l, "templateHeld")}</div>}
      </td>
      <td>
        <span class={`badge st-${c.status}`}>{statusText(l, c.status)}</span>
        <div class="muted">{formatDateTime(c.started_at ?? c.scheduled_at, l)}</div>
      </td>
      <td>
        <progress value={done} max={total || 1} aria-label={bw(l, "progressLabel", { name: c.name })}>
          {done}/{total}
        </progress>
        <div class="muted" data-progress>
          {bw(l, "progressText", { done, total })}
        </div>
      </td>
      <td>
        <Counts l={l} c={c} />
      </td>
      <td>
        {c.cost_estimate && c.cost_currency
          ? money({ amount: c.cost_estimate, currency: c.cost_currency }, l)
          : bw(l, "noCost")}
      </td>
      <td>
        {canDo("start", c.status) && <Action user={user} id={c.id} action="start" />}
        {canDo("pause", c.status) && <Action user={user} id={c.id} action="pause" />}
        {canDo("resume", c.status) && <Action user={user} id={c.id} action="resume" />}
        {canDo("cancel", c.status) && <Action user={user} id={c.id} action="cancel" />}
      </td>
    </tr>
  );
};

/** The list's inside: swapped in whenever the office changes (progress, delivery statuses). */
export const CampaignList = ({ user, campaigns }: { user: DeskUser; campaigns: CampaignListRow[] }) => {
  const l = user.locale;
  if (campaigns.length === 0) return <Notice kind="empty">{bw(l, "empty")}</Notice>;
  return (
    <table class="campaigns">
      <caption class="sr-only">{bw(l, "listHeading")}</caption>
      <thead>
        <tr>
          <th scope="col">{bw(l, "name")}</th>
          <th scope="col">{bw(l, "status")}</th>
          <th scope="col">{bw(l, "progress")}</th>
          <th scope="col">{bw(l, "delivery")}</th>
          <th scope="col">{bw(l, "cost")}</th>
          <th scope="col">{bw(l, "actions")}</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((c) => (
          <CampaignRow user={user} c={c} />
        ))}
      </tbody>
    </table>
  );
};

const LimitsPanel = ({ user, limits }: { user: DeskUser; limits: Limits }) => {
  const l = user.locale;
  const used = limits.usedToday;
  return (
    <section class="card manage-section" aria-labelledby="limits-h">
      <h2 id="limits-h">{bw(l, "limitHeading")}</h2>
      <p>
        {limits.tier === "unlimited"
          ? bw(l, "limitUnlimited", { used })
          : bw(l, "limitTier", { tier: limits.tier.toLocaleString(l), used })}{" "}
        {limits.freesAt && limits.tier !== "unlimited" && used >= limits.tier
          ? bw(l, "limitFrees", { at: formatDateTime(limits.freesAt, l) })
          : ""}
      </p>
      <p>{bw(l, "limitRate", { rate: limits.ratePerSecond })}</p>
      <p class="muted">{bw(l, "rates", { rates: limits.rates })}</p>
    </section>
  );
};

/** What the live refresh swaps: the limits in use and the campaign list. */
export const LiveSection = (o: { user: DeskUser; limits: Limits; campaigns: CampaignListRow[] }) => (
  <>
    <LimitsPanel user={o.user} limits={o.limits} />
    <section class="card manage-section" aria-labelledby="campaigns-h">
      <h2 id="campaigns-h">{bw(o.user.locale, "listHeading")}</h2>
      <div id="campaign-list">
        <CampaignList user={o.user} campaigns={o.campaigns} />
      </div>
    </section>
  </>
);

export const BroadcastsPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  limits: Limits;
  campaigns: CampaignListRow[];
  templates: DeskTemplate[];
  channels: Array<{ id: string; label: string }>;
  form: CampaignForm;
  preview?: Preview;
  message?: Message;
}) => {
  const l = o.user.locale;
  return (
    <DeskPage
      user={o.user}
      title={bw(l, "title")}
      officeName={o.deps.citizen.catalogue.office.name[l]}
      active="broadcasts"
      live
    >
      <div class="manage">
        <h1>{bw(l, "title")}</h1>
        <p>{bw(l, "intro")}</p>
        {o.message && <Notice kind={o.message.kind}>{o.message.text}</Notice>}
        <div
          id="campaign-live"
          hx-get="/desk/broadcasts/live"
          hx-trigger="sse:change"
          hx-sync="this:queue last"
          hx-swap="innerHTML"
        >
          <LiveSection user={o.user} limits={o.limits} campaigns={o.campaigns} />
        </div>
        <NewCampaign {...o} />
      </div>
    </DeskPage>
  );
};
