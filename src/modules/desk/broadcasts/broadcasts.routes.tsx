/**
 * /desk/broadcasts: campaigns for supervisors and admins (office-wide: a broadcast is not one service's
 * work). Operators and viewers get 403 on every route, GET or POST. Every change is audited by the service.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { cleanFilters } from "../../broadcasts/audience.ts";
import { readBroadcastConfig } from "../../broadcasts/broadcast-config.ts";
import { activeChannels, dayUsage, listCampaigns } from "../../broadcasts/campaigns.repo.ts";
import {
  type BroadcastSettings,
  cancelCampaign,
  createCampaign,
  pauseCampaign,
  previewCampaign,
  resumeCampaign,
  scheduleCampaign,
  startCampaign,
  templateComponents,
} from "../../broadcasts/campaigns.service.ts";
import { DAY_MS, tierFreesAt } from "../../broadcasts/planner.ts";
import { DomainError, isDomainError } from "../../shared/domain-error.ts";
import { listApprovedTemplates } from "../../templates/templates.repo.ts";
import { many } from "../admin/admin.layout.tsx";
import type { DeskDeps, DeskUser } from "../context.ts";
import { domainErrorText, forbidden } from "../errors.tsx";
import { sendFragment, sendPage } from "../respond.ts";
import { redirect, userOf } from "../session.ts";
import { BroadcastsPage, type CampaignForm, LiveSection, type Message } from "./broadcasts.views.tsx";
import { bw } from "./broadcasts.words.ts";
import { ParameterFields, type Preview } from "./new-campaign.views.tsx";

type Body = Record<string, string | string[] | undefined>;
type Query = Record<string, string | undefined>;
const DONE = new Set(["created", "started", "paused", "resumed", "cancelled"]);

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

const formOf = (body: Body): CampaignForm => ({
  name: one(body.name).slice(0, 200),
  templateId: one(body.templateId),
  channelId: one(body.channelId),
  parameters: many(body.parameters).map((p) => p.trim()),
  kecamatan: many(body.kecamatan),
  services: many(body.services),
  turns17: one(body.turns17) === "1",
  childWithoutKia: one(body.childWithoutKia) === "1",
  scheduledAt: one(body.scheduledAt),
});

/** A datetime-local value is office time (WITA, UTC+8); empty means now. */
const witaTime = (value: string): Date | undefined => {
  if (!value) return undefined;
  const d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? new Date(`${value}:00+08:00`) : undefined;
  if (!d || Number.isNaN(d.getTime())) throw new DomainError("invalid_time");
  return d;
};

export const broadcastRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.addHook("preHandler", async (req) => {
    const role = userOf(req).role;
    if (role !== "supervisor" && role !== "admin") throw forbidden();
  });
  const db = deps.database.db;
  const now = () => deps.citizen.now();
  const settings: BroadcastSettings = deps.broadcasts ?? {
    ...readBroadcastConfig({}, []),
    defaultRatePerSecond: 80,
  };
  const filtersOf = (form: CampaignForm) =>
    cleanFilters(
      {
        kecamatan: form.kecamatan,
        services: form.services,
        turns17ThisMonth: form.turns17,
        childWithoutKia: form.childWithoutKia,
      },
      deps.citizen.catalogue.services.map((s) => s.code),
    );
  const staffOf = (req: FastifyRequest) => ({
    officeId: userOf(req).officeId,
    staffId: userOf(req).id,
    ip: req.ip,
    now: now(),
  });

  const limitsOf = async (officeId: string) => {
    const [day, channels] = await Promise.all([
      dayUsage(db, officeId, now(), DAY_MS),
      activeChannels(db, officeId),
    ]);
    return {
      tier: settings.tier,
      usedToday: day.unique_users,
      freesAt: tierFreesAt(day.oldest ?? undefined),
      ratePerSecond: channels[0]?.ratePerSecond ?? settings.defaultRatePerSecond,
      rates: Object.entries(settings.rates)
        .map(([category, price]) => `${category} ${price} ${settings.currency}`)
        .join(", "),
    };
  };

  const page = async (
    reply: FastifyReply,
    user: DeskUser,
    o: { form?: CampaignForm; preview?: Preview; message?: Message; status?: number } = {},
  ) => {
    const [campaigns, templates, channels, limits] = await Promise.all([
      listCampaigns(db, user.officeId),
      listApprovedTemplates(db, user.officeId),
      activeChannels(db, user.officeId),
      limitsOf(user.officeId),
    ]);
    const form = o.form ?? formOf({ channelId: channels[0]?.id });
    const props = { user, deps, limits, campaigns, templates, channels, form, ...o };
    return sendPage(reply, <BroadcastsPage {...props} />, o.status ?? 200);
  };
  const refusal = (user: DeskUser, error: DomainError): Message => ({
    kind: "error",
    text:
      (bw as (l: string, k: string) => string | undefined)(user.locale, error.code) ??
      domainErrorText(user.locale, error.code),
  });

  app.get<{ Querystring: Query }>("/desk/broadcasts", async (req, reply) => {
    const user = userOf(req);
    const done = req.query.done;
    const message: Message | undefined =
      done && DONE.has(done)
        ? { kind: "ok", text: bw(user.locale, `done_${done}` as "done_created") }
        : undefined;
    return page(reply, user, { message });
  });

  app.get("/desk/broadcasts/live", async (req, reply) => {
    const user = userOf(req);
    const [limits, campaigns] = await Promise.all([
      limitsOf(user.officeId),
      listCampaigns(db, user.officeId),
    ]);
    return sendFragment(reply, <LiveSection user={user} limits={limits} campaigns={campaigns} />);
  });

  app.get<{ Querystring: Query }>("/desk/broadcasts/parameters", async (req, reply) => {
    const user = userOf(req);
    const templates = await listApprovedTemplates(db, user.officeId);
    const template = templates.find((t) => t.id === req.query.templateId);
    return sendFragment(reply, <ParameterFields user={user} template={template} values={[]} />);
  });

  app.post<{ Body: Body }>("/desk/broadcasts/preview", async (req, reply) => {
    const user = userOf(req);
    const form = formOf(req.body ?? {});
    try {
      witaTime(form.scheduledAt);
      const r = await previewCampaign(db, {
        officeId: user.officeId,
        keys: deps.citizen.keys,
        settings,
        templateId: form.templateId,
        filters: filtersOf(form),
        now: now(),
      });
      const valid = validValues(r.template, form.parameters) && Boolean(form.name.trim());
      const preview = { recipients: r.recipients, cost: r.cost, category: r.template.category, valid };
      return page(reply, user, { form, preview });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return page(reply, user, { form, message: refusal(user, error), status: 422 });
    }
  });

  app.post<{ Body: Body }>("/desk/broadcasts", async (req, reply) => {
    const user = userOf(req);
    const form = formOf(req.body ?? {});
    try {
      const at = witaTime(form.scheduledAt);
      const staff = staffOf(req);
      await db.transaction(async (tx) => {
        const campaign = await createCampaign(tx, {
          ...staff,
          keys: deps.citizen.keys,
          settings,
          name: form.name,
          templateId: form.templateId,
          channelId: form.channelId,
          parameters: form.parameters,
          filters: filtersOf(form),
        });
        await scheduleCampaign(tx, { ...staff, campaignId: campaign.id, at });
      });
      deps.changes.changed(user.officeId);
      return redirect(req, reply, "/desk/broadcasts?done=created");
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return page(reply, user, { form, message: refusal(user, error), status: 422 });
    }
  });

  const actions = {
    start: startCampaign,
    pause: pauseCampaign,
    resume: resumeCampaign,
    cancel: cancelCampaign,
  } as const;
  const past = { start: "started", pause: "paused", resume: "resumed", cancel: "cancelled" } as const;
  for (const [name, act] of Object.entries(actions) as Array<[keyof typeof actions, typeof pauseCampaign]>) {
    app.post<{ Params: { id: string } }>(`/desk/broadcasts/:id/${name}`, async (req, reply) => {
      const user = userOf(req);
      try {
        await db.transaction((tx) => act(tx, { ...staffOf(req), campaignId: req.params.id }));
        deps.changes.changed(user.officeId);
        return redirect(req, reply, `/desk/broadcasts?done=${past[name]}`);
      } catch (error) {
        // Unknown or other offices' campaigns stay 404 (the desk error handler).
        if (!isDomainError(error) || error.code === "campaign_not_found") throw error;
        return page(reply, user, { message: refusal(user, error), status: 409 });
      }
    });
  }
};

const validValues = (template: Parameters<typeof templateComponents>[0], values: string[]) => {
  try {
    templateComponents(template, values);
    return true;
  } catch {
    return false;
  }
};
