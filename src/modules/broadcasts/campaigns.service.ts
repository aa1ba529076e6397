/**
 * Broadcast campaigns: an approved template to opted-in citizens, optionally narrowed by filters, scheduled,
 * then sent by the runner (runner.ts) within the messaging limit and the number's rate. Every change a
 * person makes is audited. Statuses: draft → scheduled → running ⇄ paused → done; cancelled from any but done.
 */

import type { Tx } from "../../platform/db/client.ts";
import { templateMessage } from "../../platform/whatsapp/builders.ts";
import { MessageLimitError } from "../../platform/whatsapp/limits.ts";
import type { TemplateComponent } from "../../platform/whatsapp/template.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { isUuid } from "../shared/uuid.ts";
import { type DeskTemplate, findDeskTemplate } from "../templates/templates.repo.ts";
import { audienceOf } from "./audience.service.ts";
import { type AudienceFilters, hasFilters } from "./audience.ts";
import type { BroadcastConfig } from "./broadcast-config.ts";
import {
  type Campaign,
  type CampaignStatus,
  findCampaign,
  findChannelOf,
  insertCampaign,
  updateCampaign,
} from "./campaigns.repo.ts";
import { type CostEstimate, estimateCost } from "./planner.ts";

/** What the runner and the desk need besides the database: the limits and the prices. */
export type BroadcastSettings = Omit<BroadcastConfig, "tier"> & {
  /** Unique users per moving 24 h: one of Meta's levels in production, any size in tests. */
  tier: number | "unlimited";
  /** OUTBOX_RATE_PER_SECOND: a number's rate when its channel row sets none. */
  defaultRatePerSecond: number;
};

export type Staff = { officeId: string; staffId: string; ip?: string; now: Date };

const NAME_MAX = 100;

/** The template's components for these parameters, validated as Meta would (parameters are body {{n}}). */
export const templateComponents = (template: DeskTemplate, parameters: string[]): TemplateComponent[] => {
  if (template.header && template.header.type !== "text")
    throw new DomainError("template_media_header", "a media header needs a file per send");
  if (template.header?.type === "text" && /\{\{\d+\}\}/.test(template.header.text))
    throw new DomainError("template_header_variables");
  if (parameters.length !== template.variables.length) throw new DomainError("template_values_required");
  const components: TemplateComponent[] = parameters.length ? [{ type: "body", params: parameters }] : [];
  try {
    templateMessage({ to: "6200000000000", name: template.name, language: template.language, components });
  } catch (error) {
    if (error instanceof MessageLimitError) throw new DomainError("template_values_invalid", error.message);
    throw error;
  }
  return components;
};

/** Audience size and cost for a draft form, before anything is saved. */
export const previewCampaign = async (
  tx: Tx,
  o: {
    officeId: string;
    keys: FieldKeys;
    settings: BroadcastSettings;
    templateId: string;
    filters: AudienceFilters;
    now: Date;
  },
): Promise<{ recipients: number; cost?: CostEstimate; template: DeskTemplate }> => {
  const template = await approvedTemplate(tx, o.officeId, o.templateId);
  const audience = await audienceOf(tx, o);
  return {
    recipients: audience.length,
    cost: estimateCost(template.category, audience.length, o.settings),
    template,
  };
};

const approvedTemplate = async (tx: Tx, officeId: string, id: string) => {
  const template = isUuid(id) ? await findDeskTemplate(tx, officeId, id) : undefined;
  if (!template) throw new DomainError("template_required");
  if (template.status !== "approved") throw new DomainError("template_not_approved");
  return template;
};

/** Saves a draft with the audience size and cost estimate of this moment. */
export const createCampaign = async (
  tx: Tx,
  o: Staff & {
    keys: FieldKeys;
    settings: BroadcastSettings;
    name: string;
    templateId: string;
    channelId: string;
    parameters: string[];
    filters: AudienceFilters;
  },
): Promise<Campaign> => {
  const name = o.name.trim();
  if (!name || name.length > NAME_MAX) throw new DomainError("name_required");
  const channel = isUuid(o.channelId) ? await findChannelOf(tx, o.officeId, o.channelId) : undefined;
  if (!channel?.active) throw new DomainError("channel_required");
  const preview = await previewCampaign(tx, o);
  templateComponents(preview.template, o.parameters);
  const campaign = await insertCampaign(tx, {
    officeId: o.officeId,
    name,
    templateId: preview.template.id,
    channelId: channel.id,
    parameters: o.parameters,
    filters: o.filters,
    status: "draft",
    recipients: preview.recipients,
    costEstimate: preview.cost?.amount ?? null,
    costCurrency: preview.cost?.currency ?? null,
    createdBy: o.staffId,
  });
  await audit(tx, o, "broadcast.created", campaign.id, {
    name,
    template: preview.template.name,
    recipients: preview.recipients,
    filtered: hasFilters(o.filters),
  });
  return campaign;
};

/** Which statuses each action may start from: the one table the desk and the runner obey. */
const ALLOWED: Record<"schedule" | "start" | "pause" | "resume" | "cancel", readonly CampaignStatus[]> = {
  schedule: ["draft", "scheduled"],
  start: ["draft", "scheduled"],
  pause: ["scheduled", "running"],
  resume: ["paused"],
  cancel: ["draft", "scheduled", "running", "paused"],
};

export type CampaignAction = keyof typeof ALLOWED;

export const canDo = (action: CampaignAction, status: string) =>
  (ALLOWED[action] as readonly string[]).includes(status);

const lockFor = async (tx: Tx, o: Staff & { campaignId: string }, action: CampaignAction) => {
  const campaign = isUuid(o.campaignId)
    ? await findCampaign(tx, o.officeId, o.campaignId, { lock: true })
    : undefined;
  if (!campaign) throw new DomainError("campaign_not_found");
  if (!canDo(action, campaign.status)) throw new DomainError("action_not_allowed", campaign.status);
  return campaign;
};

/** Schedules a draft (or moves a scheduled one): `at` in the past or absent means now. */
export const scheduleCampaign = async (tx: Tx, o: Staff & { campaignId: string; at?: Date }) => {
  await lockFor(tx, o, "schedule");
  const at = o.at && o.at > o.now ? o.at : o.now;
  await updateCampaign(tx, o.campaignId, { status: "scheduled", scheduledAt: at });
  await audit(tx, o, "broadcast.scheduled", o.campaignId, { at: at.toISOString() });
};

/** Starts a draft or scheduled campaign now: the runner's next step makes its recipients and sends. */
export const startCampaign = async (tx: Tx, o: Staff & { campaignId: string }) => {
  await lockFor(tx, o, "start");
  await updateCampaign(tx, o.campaignId, { status: "scheduled", scheduledAt: o.now });
  await audit(tx, o, "broadcast.started", o.campaignId);
};

export const pauseCampaign = async (tx: Tx, o: Staff & { campaignId: string }) => {
  await lockFor(tx, o, "pause");
  await updateCampaign(tx, o.campaignId, { status: "paused" });
  await audit(tx, o, "broadcast.paused", o.campaignId);
};

/** A campaign that had started runs on; one paused before its start waits for its time again. */
export const resumeCampaign = async (tx: Tx, o: Staff & { campaignId: string }) => {
  const campaign = await lockFor(tx, o, "resume");
  await updateCampaign(tx, o.campaignId, { status: campaign.startedAt ? "running" : "scheduled" });
  await audit(tx, o, "broadcast.resumed", o.campaignId);
};

/** Nobody still pending is sent anything; what was queued already goes out. */
export const cancelCampaign = async (tx: Tx, o: Staff & { campaignId: string }) => {
  await lockFor(tx, o, "cancel");
  await updateCampaign(tx, o.campaignId, { status: "cancelled", finishedAt: o.now });
  await audit(tx, o, "broadcast.cancelled", o.campaignId);
};

const audit = (tx: Tx, o: Staff, action: string, campaignId: string, details?: Record<string, unknown>) =>
  recordAudit(tx, {
    officeId: o.officeId,
    actorId: o.staffId,
    action,
    subjectType: "campaign",
    subjectId: campaignId,
    details,
    ip: o.ip,
    at: o.now,
  });
