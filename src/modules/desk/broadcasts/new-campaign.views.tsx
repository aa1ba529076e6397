/**
 * The new-campaign form. "Count recipients & cost" posts it to /preview, which shows the same form filled in
 * with the audience size and the cost estimate and, when all is valid, the button that schedules it.
 */

import type { CostEstimate } from "../../broadcasts/planner.ts";
import { DISTRICTS } from "../../identity/regions.ts";
import type { DeskTemplate } from "../../templates/templates.repo.ts";
import type { DeskDeps, DeskUser, Locale } from "../context.ts";
import { Notice } from "../layout.tsx";
import { bw } from "./broadcasts.words.ts";

export type CampaignForm = {
  name: string;
  templateId: string;
  channelId: string;
  parameters: string[];
  kecamatan: string[];
  services: string[];
  turns17: boolean;
  childWithoutKia: boolean;
  scheduledAt: string;
};

export const money = (c: CostEstimate, l: Locale) =>
  new Intl.NumberFormat(l === "id" ? "id-ID" : "en-GB", {
    style: "currency",
    currency: c.currency,
    maximumFractionDigits: 4,
  }).format(Number(c.amount));

export type Preview = { recipients: number; cost?: CostEstimate; category: string; valid: boolean };

/** The office's own kecamatan (Kota Kupang, 53.71.xx) are the ones a filter is useful for. */
const KECAMATAN = Object.entries(DISTRICTS).filter(([code]) => code.startsWith("53.71."));

/** One input per template variable: swapped in when the template changes, rendered again on preview. */
export const ParameterFields = (o: { user: DeskUser; template?: DeskTemplate; values: string[] }) => {
  const l = o.user.locale;
  if (!o.template) return <p class="muted">{bw(l, "parameterHelp")}</p>;
  if (o.template.variables.length === 0) return <p class="muted">{bw(l, "noParameters")}</p>;
  return (
    <>
      <p class="muted">{o.template.body}</p>
      {o.template.variables.map((v, i) => (
        <label>
          {`{{${i + 1}}}`} {v.name}
          <input
            type="text"
            name="parameters"
            value={o.values[i] ?? ""}
            placeholder={v.example}
            maxlength={1024}
            required
          />
        </label>
      ))}
    </>
  );
};

const PreviewNotice = ({ user, preview }: { user: DeskUser; preview: Preview }) => {
  const l = user.locale;
  const count = preview.recipients;
  return (
    <div id="campaign-preview" data-recipients={count}>
      <Notice kind={count > 0 ? "ok" : "empty"}>
        {count > 0 ? bw(l, "previewResult", { count }) : bw(l, "previewNobody")}{" "}
        {preview.cost
          ? bw(l, "previewCost", { cost: money(preview.cost, l), category: preview.category, count })
          : bw(l, "previewNoCost", { category: preview.category })}
      </Notice>
    </div>
  );
};

const Filters = (o: { user: DeskUser; deps: DeskDeps; form: CampaignForm }) => {
  const l = o.user.locale;
  const services = o.deps.citizen.catalogue.services.filter((s) => s.kind === "application");
  return (
    <fieldset>
      <legend>{bw(l, "filtersHeading")}</legend>
      <p class="muted">{bw(l, "filtersHelp")}</p>
      <fieldset>
        <legend>{bw(l, "kecamatan")}</legend>
        {KECAMATAN.map(([code, name]) => (
          <label class="check">
            <input type="checkbox" name="kecamatan" value={code} checked={o.form.kecamatan.includes(code)} />
            <span>{name}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{bw(l, "services")}</legend>
        {services.map((s) => (
          <label class="check">
            <input
              type="checkbox"
              name="services"
              value={s.code}
              checked={o.form.services.includes(s.code)}
            />
            <span>{s.names[l]}</span>
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" name="turns17" value="1" checked={o.form.turns17} />
        <span>{bw(l, "turns17")}</span>
      </label>
      <label class="check">
        <input type="checkbox" name="childWithoutKia" value="1" checked={o.form.childWithoutKia} />
        <span>{bw(l, "childWithoutKia")}</span>
      </label>
    </fieldset>
  );
};

export const NewCampaign = (o: {
  user: DeskUser;
  deps: DeskDeps;
  templates: DeskTemplate[];
  channels: Array<{ id: string; label: string }>;
  form: CampaignForm;
  preview?: Preview;
}) => {
  const l = o.user.locale;
  const template = o.templates.find((t) => t.id === o.form.templateId);
  return (
    <section class="card manage-section" aria-labelledby="new-campaign-h">
      <h2 id="new-campaign-h">{bw(l, "newHeading")}</h2>
      {o.templates.length === 0 ? (
        <Notice kind="empty">{bw(l, "noTemplates")}</Notice>
      ) : (
        <form method="post" action="/desk/broadcasts/preview" class="stack narrow-form" id="new-campaign">
          <input type="hidden" name="_csrf" value={o.user.csrfToken} />
          <label>
            {bw(l, "name")}
            <input type="text" name="name" value={o.form.name} maxlength={100} required />
          </label>
          <label>
            {bw(l, "template")}
            <select
              name="templateId"
              required
              hx-get="/desk/broadcasts/parameters"
              hx-trigger="change"
              hx-target="#campaign-parameters"
              hx-swap="innerHTML"
            >
              <option value="">{bw(l, "chooseTemplate")}</option>
              {o.templates.map((t) => (
                <option value={t.id} selected={t.id === o.form.templateId}>
                  {t.name} ({t.language}, {t.category})
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>{bw(l, "parameters")}</legend>
            <div id="campaign-parameters">
              <ParameterFields user={o.user} template={template} values={o.form.parameters} />
            </div>
          </fieldset>
          <label>
            {bw(l, "channel")}
            <select name="channelId" required>
              {o.channels.map((c) => (
                <option value={c.id} selected={c.id === o.form.channelId}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <Filters {...o} />
          <label>
            {bw(l, "scheduledAt")}
            <input type="datetime-local" name="scheduledAt" value={o.form.scheduledAt} />
          </label>
          {o.preview && <PreviewNotice user={o.user} preview={o.preview} />}
          <div class="row-form">
            <button type="submit">{bw(l, "preview")}</button>
            {o.preview?.valid && (
              <button type="submit" class="primary" formaction="/desk/broadcasts">
                {bw(l, "confirm")}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
};
