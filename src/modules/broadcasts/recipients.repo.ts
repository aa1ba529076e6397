/** Queries for a campaign's audience and recipient rows, and the usage counts the planner needs. */
import { type SQL, sql } from "drizzle-orm";
import { rows, type Tx, textArray } from "../../platform/db/client.ts";

const uuids = (ids: readonly string[]): SQL => sql`${textArray(ids)}::uuid[]`;

/** Contacts whose newest broadcast decision is a yes and who can be written to (wa_id or BSUID). */
export const optedInContacts = async (tx: Tx, officeId: string): Promise<string[]> =>
  (
    await rows<{ id: string }>(
      tx,
      sql`SELECT c.id FROM contacts c
          JOIN (SELECT DISTINCT ON (contact_id) contact_id, granted FROM consents
                WHERE office_id = ${officeId} AND purpose = 'broadcast'
                ORDER BY contact_id, at DESC, id DESC) k ON k.contact_id = c.id
          WHERE c.office_id = ${officeId} AND k.granted AND (c.wa_id IS NOT NULL OR c.user_id IS NOT NULL)
          ORDER BY c.id`,
    )
  ).map((r) => r.id);

export type ApplicationFactsRow = {
  contact_id: string;
  service_code: string;
  subject_nik_encrypted: string | null;
  subject_nik_index: string | null;
  kk_number: string | null;
};

/** Every submitted application of the office, with its identity numbers still sealed. */
export const submittedApplications = (tx: Tx, officeId: string) =>
  rows<ApplicationFactsRow>(
    tx,
    sql`SELECT contact_id, service_code, subject_nik_encrypted, subject_nik_index,
          fields->>'kk_number' AS kk_number
        FROM applications WHERE office_id = ${officeId} AND submitted_at IS NOT NULL`,
  );

/** Blind indexes of the subjects with a live application for `serviceCode` (not rejected, cancelled, expired). */
export const liveSubjects = async (tx: Tx, officeId: string, serviceCode: string) =>
  new Set(
    (
      await rows<{ idx: string }>(
        tx,
        sql`SELECT DISTINCT subject_nik_index AS idx FROM applications
            WHERE office_id = ${officeId} AND service_code = ${serviceCode} AND subject_nik_index IS NOT NULL
              AND submitted_at IS NOT NULL AND status NOT IN ('rejected', 'cancelled', 'expired')`,
      )
    ).map((r) => r.idx),
  );

/** One pending row per audience member, in one statement; a second start adds nobody twice. */
export const insertRecipients = async (
  tx: Tx,
  o: { campaignId: string; officeId: string; contactIds: string[] },
) => {
  if (o.contactIds.length === 0) return;
  await tx.execute(sql`
    INSERT INTO campaign_recipients (campaign_id, contact_id, office_id)
    SELECT ${o.campaignId}, contact_id, ${o.officeId} FROM unnest(${uuids(o.contactIds)}) AS contact_id
    ON CONFLICT DO NOTHING`);
};

export type LockedRecipient = { contact_id: string; wa_id: string | null; user_id: string | null };

/** The next pending rows, locked; rows another runner holds are passed over. */
export const lockPendingRecipients = (tx: Tx, campaignId: string, limit: number) =>
  rows<LockedRecipient>(
    tx,
    sql`SELECT r.contact_id, c.wa_id, c.user_id FROM campaign_recipients r
        JOIN contacts c ON c.id = r.contact_id
        WHERE r.campaign_id = ${campaignId} AND r.status = 'pending'
        LIMIT ${limit}
        FOR UPDATE OF r SKIP LOCKED`,
  );

export const countPending = async (tx: Tx, campaignId: string) =>
  (
    await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = ${campaignId} AND status = 'pending'`,
    )
  )[0]!.n;

export type ConversationRef = { id: string; officeId: string; channelId: string };

/**
 * Each contact's conversation on the channel, created where missing and locked (in id order). The inbound
 * path records a STOP while holding this same lock, so the consent read after it cannot miss one.
 */
export const lockConversations = async (
  tx: Tx,
  o: { officeId: string; channelId: string; contactIds: string[] },
): Promise<Map<string, ConversationRef>> => {
  if (o.contactIds.length === 0) return new Map();
  await tx.execute(sql`
    INSERT INTO conversations (office_id, contact_id, channel_id)
    SELECT ${o.officeId}, contact_id, ${o.channelId} FROM unnest(${uuids(o.contactIds)}) AS contact_id
    ON CONFLICT (contact_id, channel_id) DO NOTHING`);
  const found = await rows<{ id: string; contact_id: string }>(
    tx,
    sql`SELECT id, contact_id FROM conversations
        WHERE channel_id = ${o.channelId} AND contact_id = ANY(${uuids(o.contactIds)})
        ORDER BY id FOR UPDATE`,
  );
  return new Map(
    found.map((r) => [r.contact_id, { id: r.id, officeId: o.officeId, channelId: o.channelId }]),
  );
};

/** The newest broadcast decision of each contact, as `hasConsent` reads it (newest row wins, id breaks ties). */
export const broadcastConsents = async (tx: Tx, contactIds: string[]): Promise<Map<string, boolean>> => {
  if (contactIds.length === 0) return new Map();
  const found = await rows<{ contact_id: string; granted: boolean }>(
    tx,
    sql`SELECT DISTINCT ON (contact_id) contact_id, granted FROM consents
        WHERE contact_id = ANY(${uuids(contactIds)}) AND purpose = 'broadcast'
        ORDER BY contact_id, at DESC, id DESC`,
  );
  return new Map(found.map((r) => [r.contact_id, r.granted]));
};

/** Which of the contacts a campaign of this office already reached in (since, now]. */
export const reachedSince = async (
  tx: Tx,
  o: { officeId: string; contactIds: string[]; since: Date; now: Date },
): Promise<Set<string>> => {
  if (o.contactIds.length === 0) return new Set();
  const found = await rows<{ contact_id: string }>(
    tx,
    sql`SELECT DISTINCT contact_id FROM campaign_recipients
        WHERE office_id = ${o.officeId} AND queued_at > ${o.since} AND queued_at <= ${o.now}
          AND contact_id = ANY(${uuids(o.contactIds)})`,
  );
  return new Set(found.map((r) => r.contact_id));
};

/** Campaign messages queued on a number (which belongs to one office) in (since, now]. */
export const queuedOnChannelSince = async (
  tx: Tx,
  o: { officeId: string; channelId: string; since: Date; now: Date },
) =>
  (
    await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
          WHERE r.office_id = ${o.officeId} AND r.queued_at > ${o.since} AND r.queued_at <= ${o.now}
            AND c.channel_id = ${o.channelId}`,
    )
  )[0]!.n;

/** Outbox rows of a number still waiting to be sent. */
export const channelBacklog = async (tx: Tx, channelId: string) =>
  (
    await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM outbox
          WHERE channel_id = ${channelId} AND status IN ('pending', 'sending')`,
    )
  )[0]!.n;

export const markQueued = async (
  tx: Tx,
  o: {
    campaignId: string;
    at: Date;
    queued: Array<{ contactId: string; messageId: string; outboxId: number }>;
  },
) => {
  if (o.queued.length === 0) return;
  await tx.execute(sql`
    UPDATE campaign_recipients r
    SET status = 'queued', message_id = v.message_id, outbox_id = v.outbox_id, queued_at = ${o.at}
    FROM unnest(${uuids(o.queued.map((q) => q.contactId))}, ${uuids(o.queued.map((q) => q.messageId))},
                ${textArray(o.queued.map((q) => String(q.outboxId)))}::bigint[])
      AS v(contact_id, message_id, outbox_id)
    WHERE r.campaign_id = ${o.campaignId} AND r.contact_id = v.contact_id AND r.status = 'pending'`);
};

export const markSkipped = async (tx: Tx, campaignId: string, contactIds: string[]) => {
  if (contactIds.length === 0) return;
  await tx.execute(sql`
    UPDATE campaign_recipients SET status = 'skipped'
    WHERE campaign_id = ${campaignId} AND contact_id = ANY(${uuids(contactIds)}) AND status = 'pending'`);
};

/**
 * An opt-out that arrives after a campaign message was queued but before a worker took it: the outbox row
 * and the message are marked failed (never sent) and the recipient skipped. Returns the offices touched.
 */
export const withdrawUnsentBroadcasts = async (tx: Tx, contactId: string, now: Date) =>
  rows<{ office_id: string }>(
    tx,
    sql`WITH withdrawn AS (
          UPDATE outbox o SET status = 'failed', done_at = now(), locked_until = NULL,
            last_error = 'withdrawn: the citizen opted out of broadcasts before it was sent'
          FROM campaign_recipients r
          WHERE r.contact_id = ${contactId} AND r.status = 'queued' AND o.id = r.outbox_id AND o.status = 'pending'
          RETURNING o.id),
        failed AS (
          UPDATE messages m SET status = 'failed', status_at = ${now}, error_title = 'opted out before sending'
          WHERE m.outbox_id IN (SELECT id FROM withdrawn) RETURNING m.id)
        UPDATE campaign_recipients r SET status = 'skipped'
        WHERE r.outbox_id IN (SELECT id FROM withdrawn) AND r.contact_id = ${contactId}
        RETURNING r.office_id`,
  );
