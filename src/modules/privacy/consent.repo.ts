/** Queries for consents and privacy-notice views (UU 27/2022). */
import { and, desc, eq, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { consents, privacyNoticeViews } from "../../platform/db/schema/index.ts";

export type ConsentPurpose = "survey" | "broadcast";
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ["survey", "broadcast"];

/** The newest decision per purpose for one contact (newest wins; `id` breaks ties within one instant). */
export const latestConsents = (tx: Tx, contactId: string) =>
  rows<{ purpose: string; granted: boolean; at: Date }>(
    tx,
    sql`SELECT DISTINCT ON (purpose) purpose, granted, at FROM consents
        WHERE contact_id = ${contactId} ORDER BY purpose, at DESC, id DESC`,
  );

export const insertConsents = async (
  tx: Tx,
  o: {
    officeId: string;
    contactId: string;
    purposes: ConsentPurpose[];
    granted: boolean;
    source: string;
    at: Date;
  },
) => {
  if (o.purposes.length === 0) return;
  await tx.insert(consents).values(
    o.purposes.map((purpose) => ({
      officeId: o.officeId,
      contactId: o.contactId,
      purpose,
      granted: o.granted,
      source: o.source,
      at: o.at,
    })),
  );
};

export const consentHistory = (tx: Tx, contactId: string) =>
  tx
    .select({
      purpose: consents.purpose,
      granted: consents.granted,
      source: consents.source,
      at: consents.at,
    })
    .from(consents)
    .where(eq(consents.contactId, contactId))
    .orderBy(desc(consents.at));

export const lastNoticeVersion = async (tx: Tx, contactId: string): Promise<string | undefined> =>
  (
    await tx
      .select({ version: privacyNoticeViews.version })
      .from(privacyNoticeViews)
      .where(eq(privacyNoticeViews.contactId, contactId))
      .orderBy(desc(privacyNoticeViews.at))
      .limit(1)
  )[0]?.version;

export const insertNoticeView = async (
  tx: Tx,
  o: { officeId: string; contactId: string; version: string; at: Date },
) => {
  await tx.insert(privacyNoticeViews).values(o);
};

export const noticeViews = (tx: Tx, contactId: string) =>
  tx
    .select({ version: privacyNoticeViews.version, at: privacyNoticeViews.at })
    .from(privacyNoticeViews)
    .where(and(eq(privacyNoticeViews.contactId, contactId)))
    .orderBy(desc(privacyNoticeViews.at));
