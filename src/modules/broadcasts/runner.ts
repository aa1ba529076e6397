/**
 * The campaign runner: one `runCampaigns(now)` step starts the campaigns whose time has come and queues
 * the next batch of each running one within the limits (planner.ts). Crash-safe and idempotent: a
 * recipient row leaves `pending` once, in the same transaction as its outbox row, so a restart (or a second
 * instance) resumes from the pending rows and nobody is sent twice.
 */
import type { Database, Tx } from "../../platform/db/client.ts";
import { templateMessage } from "../../platform/whatsapp/builders.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { findDeskTemplate } from "../templates/templates.repo.ts";
import { audienceOf } from "./audience.service.ts";
import type { AudienceFilters } from "./audience.ts";
import {
  type Campaign,
  dayUsage,
  dueCampaigns,
  findCampaign,
  findChannelOf,
  lockOfficeBroadcasts,
  runningCampaigns,
  updateCampaign,
} from "./campaigns.repo.ts";
import { type BroadcastSettings, templateComponents } from "./campaigns.service.ts";
import { queueMessages } from "./outbox-batch.ts";
import { type Budget, budgetOf, DAY_MS, MAX_BATCH, pickRecipients, RATE_WINDOW_MS } from "./planner.ts";
import {
  broadcastConsents,
  channelBacklog,
  countPending,
  insertRecipients,
  lockConversations,
  lockPendingRecipients,
  markQueued,
  markSkipped,
  queuedOnChannelSince,
  reachedSince,
} from "./recipients.repo.ts";

export type RunnerDeps = {
  database: Database;
  keys: FieldKeys;
  settings: BroadcastSettings;
  /** Tells the office's desks (progress bars) that something moved. */
  onChanged?: (officeId: string) => void;
  /** Wakes the outbox workers after a batch was queued. */
  wake?: () => void;
  maxBatch?: number;
};

export type StepResult = { started: number; queued: number; skipped: number; finished: number };

export type CampaignRunner = {
  runCampaigns(now: Date): Promise<StepResult>;
  /** For a timer: skips a tick while the previous one still runs. */
  tick(now?: Date): Promise<StepResult | undefined>;
};

export const createCampaignRunner = (deps: RunnerDeps): CampaignRunner => {
  let busy = false;
  const runner: CampaignRunner = {
    async runCampaigns(now) {
      const total: StepResult = { started: 0, queued: 0, skipped: 0, finished: 0 };
      const db = deps.database.db;
      for (const c of await dueCampaigns(db, now)) {
        if (await db.transaction((tx) => startCampaign(tx, deps, c.office_id, c.id, now))) {
          total.started += 1;
          deps.onChanged?.(c.office_id);
        }
      }
      for (const c of await runningCampaigns(db)) {
        const r = await db.transaction((tx) => queueBatch(tx, deps, c.office_id, c.id, now));
        total.queued += r.queued;
        total.skipped += r.skipped;
        total.finished += r.finished ? 1 : 0;
        if (r.queued > 0) deps.wake?.();
        if (r.queued > 0 || r.skipped > 0 || r.finished || r.paused) deps.onChanged?.(c.office_id);
      }
      return total;
    },
    async tick(now = new Date()) {
      if (busy) return undefined;
      busy = true;
      try {
        return await runner.runCampaigns(now);
      } finally {
        busy = false;
      }
    },
  };
  return runner;
};

/** Makes the recipient rows from the audience of this moment and sets the campaign running. */
const startCampaign = async (tx: Tx, deps: RunnerDeps, officeId: string, id: string, now: Date) => {
  const campaign = await findCampaign(tx, officeId, id, { lock: true });
  if (campaign?.status !== "scheduled" || !campaign.scheduledAt || campaign.scheduledAt > now) return false;
  const contactIds = await audienceOf(tx, {
    officeId,
    keys: deps.keys,
    filters: campaign.filters as AudienceFilters,
    now,
  });
  await insertRecipients(tx, { campaignId: id, officeId, contactIds });
  await updateCampaign(tx, id, { status: "running", startedAt: now, recipients: contactIds.length });
  return true;
};

type BatchResult = { queued: number; skipped: number; finished: boolean; paused?: boolean };

/** One campaign's share of this step, in one transaction under the office's broadcast lock. */
const queueBatch = async (
  tx: Tx,
  deps: RunnerDeps,
  officeId: string,
  id: string,
  now: Date,
): Promise<BatchResult> => {
  const result: BatchResult = { queued: 0, skipped: 0, finished: false };
  await lockOfficeBroadcasts(tx, officeId);
  const campaign = await findCampaign(tx, officeId, id, { lock: true });
  if (campaign?.status !== "running") return result;
  const send = await sendable(tx, campaign);
  if (!send) {
    // The template was paused or rejected at Meta, or the number switched off: hold, for a person to decide.
    await updateCampaign(tx, id, { status: "paused" });
    return { ...result, paused: true };
  }
  const budget = await budgetNow(tx, deps, campaign, now);
  let short = false;
  while (budget.messages > 0) {
    const round = await queueRound(tx, deps, { campaign, send, now }, budget);
    result.queued += round.queued;
    result.skipped += round.skipped;
    short = round.short;
    if (!round.more) break;
  }
  // Counting what is left only when a round came up short keeps a 20,000-row campaign's steps cheap.
  if (short && (await countPending(tx, id)) === 0) {
    await updateCampaign(tx, id, { status: "done", finishedAt: now });
    result.finished = true;
  }
  return result;
};

type Sendable = NonNullable<Awaited<ReturnType<typeof sendable>>>;

/**
 * Locks up to the budget's pending rows and queues, skips or leaves each; spends the budget. `short`: fewer
 * rows than asked (perhaps none left); `more`: worth another round (skips freed budget, no limit hit).
 */
const queueRound = async (
  tx: Tx,
  deps: RunnerDeps,
  o: { campaign: Campaign; send: Sendable; now: Date },
  budget: Budget,
) => {
  const { campaign, send, now } = o;
  const asked = budget.messages;
  const locked = await lockPendingRecipients(tx, campaign.id, asked);
  if (locked.length === 0) return { queued: 0, skipped: 0, short: true, more: false };
  const ids = locked.map((r) => r.contact_id);
  const conversations = await lockConversations(tx, {
    officeId: campaign.officeId,
    channelId: campaign.channelId,
    contactIds: ids,
  });
  // Read after the conversation locks: a STOP being processed for one of them has committed by now.
  const consents = await broadcastConsents(tx, ids);
  const since = new Date(now.getTime() - DAY_MS);
  const counted = await reachedSince(tx, { officeId: campaign.officeId, contactIds: ids, since, now });
  const picked = pickRecipients(
    locked.map((r) => ({
      contactId: r.contact_id,
      optedIn: consents.get(r.contact_id) === true,
      reachable: Boolean(r.wa_id ?? r.user_id) && conversations.has(r.contact_id),
      countedToday: counted.has(r.contact_id),
    })),
    budget,
  );
  const byId = new Map(locked.map((r) => [r.contact_id, r]));
  const items = picked.queue.map((contactId) => {
    const r = byId.get(contactId)!;
    const to = (r.wa_id ?? r.user_id)!;
    const body = templateMessage({
      to,
      name: send.name,
      language: send.language,
      components: send.components,
    });
    return { key: contactId, conversation: conversations.get(contactId)!, recipient: to, body };
  });
  const sent = await queueMessages(tx, deps.keys, items, campaign);
  await markQueued(tx, {
    campaignId: campaign.id,
    at: now,
    queued: [...sent].map(([contactId, ids]) => ({ contactId, ...ids })),
  });
  await markSkipped(
    tx,
    campaign.id,
    picked.skip.map((s) => s.contactId),
  );
  budget.messages -= picked.queue.length;
  budget.newUsers -= picked.queue.filter((c) => !counted.has(c)).length;
  const short = locked.length < asked;
  // Rows left waiting mean the messaging limit is spent; fewer rows than asked mean none are left.
  return {
    queued: picked.queue.length,
    skipped: picked.skip.length,
    short,
    more: !short && !picked.wait.length,
  };
};

/** The template and number, if the campaign may still send: the template approved, the number active. */
const sendable = async (tx: Tx, campaign: Campaign) => {
  const [template, channel] = await Promise.all([
    findDeskTemplate(tx, campaign.officeId, campaign.templateId),
    findChannelOf(tx, campaign.officeId, campaign.channelId),
  ]);
  if (template?.status !== "approved" || !channel?.active) return undefined;
  try {
    const components = templateComponents(template, campaign.parameters);
    return { name: template.name, language: template.language, components };
  } catch {
    return undefined; // the template was edited and the saved values no longer fit it
  }
};

const budgetNow = async (tx: Tx, deps: RunnerDeps, campaign: Campaign, now: Date): Promise<Budget> => {
  const channel = await findChannelOf(tx, campaign.officeId, campaign.channelId);
  const day = await dayUsage(tx, campaign.officeId, now, DAY_MS);
  const usage = {
    uniqueInDay: day.unique_users,
    queuedInRateWindow: await queuedOnChannelSince(tx, {
      officeId: campaign.officeId,
      channelId: campaign.channelId,
      since: new Date(now.getTime() - RATE_WINDOW_MS),
      now,
    }),
    backlog: await channelBacklog(tx, campaign.channelId),
  };
  const limits = {
    tier: deps.settings.tier,
    ratePerSecond: channel?.ratePerSecond ?? deps.settings.defaultRatePerSecond,
  };
  return budgetOf(limits, usage, deps.maxBatch ?? MAX_BATCH);
};
