/**
 * Who may be sent a campaign message now: pure arithmetic over what the database counted.
 * - Messaging limit (Meta): unique users reached in a moving 24 h, per portfolio. We count the office's
 *   campaign recipients queued in (now − 24 h, now]; a user already counted there costs no new slot.
 * - Per-number rate: at most `ratePerSecond × RATE_WINDOW` campaign messages queued on one number in any
 *   RATE_WINDOW, and never while that number's outbox already holds a window's worth unsent (so a campaign
 *   does not bury citizens' replies behind thousands of queued rows). The outbox's own token bucket then
 *   spaces the actual sends.
 * - Opt-outs: a candidate without a current broadcast consent is skipped, never queued.
 */
import type { TemplateCategory } from "./broadcast-config.ts";

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The runner wakes about this often; queueing is metered over the same window. */
export const RATE_WINDOW_MS = 2_000;
/** Rows one step handles in one transaction at most (bounds lock time and memory). */
export const MAX_BATCH = 500;

export type Limits = {
  /** Unique users per moving 24 h (Meta's level, LONTAR_MESSAGING_TIER). */
  tier: number | "unlimited";
  /** The number's messages per second (channels.rate_per_second or OUTBOX_RATE_PER_SECOND); 0 = no limit. */
  ratePerSecond: number;
};

export type Usage = {
  /** Distinct contacts this office queued a campaign message to in (now − 24 h, now]. */
  uniqueInDay: number;
  /** Campaign messages queued on this number in (now − RATE_WINDOW_MS, now]. */
  queuedInRateWindow: number;
  /** Outbox rows of this number not yet sent (any kind). */
  backlog: number;
};

export type LimitReason = "tier" | "rate" | "backlog";

export type Budget = {
  /** Messages this step may queue. */
  messages: number;
  /** Of those, to users not yet reached in the 24-hour window. */
  newUsers: number;
  /** What holds the campaign back, when something does. */
  limitedBy?: LimitReason;
};

/** Messages one number may take from campaigns per RATE_WINDOW_MS. */
export const perWindow = (ratePerSecond: number, maxBatch = MAX_BATCH) =>
  ratePerSecond > 0 ? Math.max(1, Math.floor((ratePerSecond * RATE_WINDOW_MS) / 1000)) : maxBatch;

export const tierSize = (tier: number | "unlimited") =>
  tier === "unlimited" ? Number.POSITIVE_INFINITY : tier;

export const budgetOf = (limits: Limits, usage: Usage, maxBatch = MAX_BATCH): Budget => {
  const window = perWindow(limits.ratePerSecond, maxBatch);
  const byRate = window - usage.queuedInRateWindow;
  const byBacklog = window - usage.backlog;
  const newUsers = Math.max(0, tierSize(limits.tier) - usage.uniqueInDay);
  const messages = Math.max(0, Math.min(byRate, byBacklog, maxBatch));
  const limitedBy: LimitReason | undefined =
    byRate <= 0 ? "rate" : byBacklog <= 0 ? "backlog" : newUsers === 0 ? "tier" : undefined;
  return { messages, newUsers: Math.min(newUsers, messages), ...(limitedBy ? { limitedBy } : {}) };
};

export type Candidate = {
  contactId: string;
  /** The newest broadcast decision is a yes, read right before queueing. */
  optedIn: boolean;
  /** The contact has a wa_id or a BSUID to send to. */
  reachable: boolean;
  /** Already reached by a campaign in the 24-hour window: no new slot needed. */
  countedToday: boolean;
};

export type Picked = {
  queue: string[];
  /** Never sent: opted out (or unreachable) when their turn came. */
  skip: Array<{ contactId: string; reason: "opted_out" | "unreachable" }>;
  /** Left pending for a later step: no budget now. */
  wait: string[];
};

/** Splits locked candidates into queue now / skip for good / wait, within the budget. */
export const pickRecipients = (candidates: Candidate[], budget: Budget): Picked => {
  const picked: Picked = { queue: [], skip: [], wait: [] };
  let messages = budget.messages;
  let newUsers = budget.newUsers;
  for (const c of candidates) {
    if (!c.optedIn) picked.skip.push({ contactId: c.contactId, reason: "opted_out" });
    else if (!c.reachable) picked.skip.push({ contactId: c.contactId, reason: "unreachable" });
    else if (messages === 0 || (!c.countedToday && newUsers === 0)) picked.wait.push(c.contactId);
    else {
      picked.queue.push(c.contactId);
      messages -= 1;
      if (!c.countedToday) newUsers -= 1;
    }
  }
  return picked;
};

/** When the tier frees its next slot: 24 h after the oldest send still inside the window. */
export const tierFreesAt = (oldestInDay: Date | undefined): Date | undefined =>
  oldestInDay ? new Date(oldestInDay.getTime() + DAY_MS) : undefined;

export type CostEstimate = { amount: string; currency: string };

/**
 * An upper bound: recipients × the category's price. Only delivered templates are charged, and a utility
 * template delivered inside an open 24-hour window is free, so the bill is at most this.
 */
export const estimateCost = (
  category: string,
  recipients: number,
  o: { rates: Partial<Record<TemplateCategory, number>>; currency: string },
): CostEstimate | undefined => {
  const rate = o.rates[category as TemplateCategory];
  if (rate === undefined) return undefined;
  return { amount: (Math.round(rate * recipients * 10_000) / 10_000).toFixed(4), currency: o.currency };
};
