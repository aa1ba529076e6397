/**
 * Queries for campaigns and what the desk lists. Recipients: recipients.repo.ts. Templates come from the
 * template registry (templates/templates.repo.ts: listApprovedTemplates, findDeskTemplate).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { campaigns, channels } from "../../platform/db/schema/index.ts";

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignStatus = "draft" | "scheduled" | "running" | "paused" | "done" | "cancelled";

export const activeChannels = (tx: Tx, officeId: string) =>
  tx
    .select({ id: channels.id, label: channels.label, ratePerSecond: channels.ratePerSecond })
    .from(channels)
    .where(and(eq(channels.officeId, officeId), eq(channels.active, true)))
    .orderBy(asc(channels.label));

export const findChannelOf = async (tx: Tx, officeId: string, id: string) =>
  (
    await tx
      .select()
      .from(channels)
      .where(and(eq(channels.officeId, officeId), eq(channels.id, id)))
  )[0];

export const insertCampaign = async (tx: Tx, values: typeof campaigns.$inferInsert): Promise<Campaign> =>
  (await tx.insert(campaigns).values(values).returning())[0]!;

export const findCampaign = async (
  tx: Tx,
  officeId: string,
  id: string,
  o: { lock?: boolean } = {},
): Promise<Campaign | undefined> => {
  const q = tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.officeId, officeId), eq(campaigns.id, id)));
  return (o.lock ? await q.for("update") : await q)[0];
};

export const updateCampaign = async (tx: Tx, id: string, patch: Partial<Campaign>) => {
  await tx
    .update(campaigns)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(campaigns.id, id));
};

/** Campaigns whose start time has come (any office), oldest first. */
export const dueCampaigns = (tx: Tx, now: Date) =>
  rows<{ id: string; office_id: string }>(
    tx,
    sql`SELECT id, office_id FROM campaigns WHERE status = 'scheduled' AND scheduled_at <= ${now}
        ORDER BY scheduled_at, id`,
  );

export const runningCampaigns = (tx: Tx) =>
  rows<{ id: string; office_id: string }>(
    tx,
    sql`SELECT id, office_id FROM campaigns WHERE status = 'running' ORDER BY started_at, id`,
  );

export type CampaignListRow = {
  id: string;
  name: string;
  status: CampaignStatus;
  scheduled_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  recipients: number;
  cost_estimate: string | null;
  cost_currency: string | null;
  parameters: string[];
  template_name: string;
  template_language: string;
  template_category: string;
  template_status: string;
  channel_label: string;
  pending: number;
  queued: number;
  skipped: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
};

/**
 * The office's latest campaigns with their counts. Delivery counts are cumulative (a read message was
 * delivered and sent, even when Meta skipped the intermediate webhooks) and cover queued rows only.
 */
export const listCampaigns = async (tx: Tx, officeId: string, limit = 50): Promise<CampaignListRow[]> =>
  (
    await rows<CampaignListRow>(
      tx,
      sql`SELECT c.id, c.name, c.status, c.scheduled_at, c.started_at, c.finished_at, c.recipients,
          c.cost_estimate::text AS cost_estimate, c.cost_currency, c.parameters,
          t.name AS template_name, t.language AS template_language, t.category AS template_category,
          t.status AS template_status, ch.label AS channel_label,
          s.pending, s.queued, s.skipped, s.sent, s.delivered, s.read, s.failed
        FROM campaigns c
        JOIN message_templates t ON t.id = c.template_id
        JOIN channels ch ON ch.id = c.channel_id
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE r.status = 'pending')::int AS pending,
            count(*) FILTER (WHERE r.status = 'queued')::int AS queued,
            count(*) FILTER (WHERE r.status = 'skipped')::int AS skipped,
            count(*) FILTER (WHERE r.status = 'queued' AND m.status IN ('sent', 'delivered', 'read'))::int AS sent,
            count(*) FILTER (WHERE r.status = 'queued' AND m.status IN ('delivered', 'read'))::int AS delivered,
            count(*) FILTER (WHERE r.status = 'queued' AND m.status = 'read')::int AS read,
            count(*) FILTER (WHERE r.status = 'queued' AND m.status = 'failed')::int AS failed
          FROM campaign_recipients r LEFT JOIN messages m ON m.id = r.message_id
          WHERE r.campaign_id = c.id) s
        WHERE c.office_id = ${officeId}
        ORDER BY c.created_at DESC, c.id
        LIMIT ${limit}`,
    )
  ).map((r) => ({
    ...r,
    scheduled_at: dateOrNull(r.scheduled_at),
    started_at: dateOrNull(r.started_at),
    finished_at: dateOrNull(r.finished_at),
  }));

/** Raw queries hand timestamps back as text on PGlite and as Date on pg: one shape for callers. */
const dateOrNull = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/** How much of the office's messaging limit campaigns used in the 24 hours before `now`. */
export const dayUsage = async (tx: Tx, officeId: string, now: Date, dayMs: number) => {
  const [row] = await rows<{ unique_users: number; oldest: Date | string | null }>(
    tx,
    sql`SELECT count(DISTINCT contact_id)::int AS unique_users, min(queued_at) AS oldest
        FROM campaign_recipients
        WHERE office_id = ${officeId} AND queued_at > ${new Date(now.getTime() - dayMs)} AND queued_at <= ${now}`,
  );
  return { unique_users: row?.unique_users ?? 0, oldest: dateOrNull(row?.oldest ?? null) };
};

/** Serialises the runners of one office (on every instance): the limits are counted, then spent. */
export const lockOfficeBroadcasts = async (tx: Tx, officeId: string) => {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`broadcast:${officeId}`}))`);
};
