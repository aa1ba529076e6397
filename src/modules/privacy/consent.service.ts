/**
 * Consent to optional processing (UU 27/2022 Pasal 20: the office's own work rests on legal obligation; surveys
 * and broadcasts need consent). One row per change; the newest decides. Surveys and broadcasts call
 * `hasConsent` right before they send, so a withdrawal takes effect at once.
 */
import type { Tx } from "../../platform/db/client.ts";
import { withdrawUnsentBroadcasts } from "../broadcasts/recipients.repo.ts";
import {
  CONSENT_PURPOSES,
  type ConsentPurpose,
  insertConsents,
  insertNoticeView,
  lastNoticeVersion,
  latestConsents,
} from "./consent.repo.ts";

export type { ConsentPurpose };

/** Whether the contact's newest decision for this purpose is a yes (never asked → no). */
export const hasConsent = async (tx: Tx, contactId: string, purpose: ConsentPurpose): Promise<boolean> =>
  (await latestConsents(tx, contactId)).find((c) => c.purpose === purpose)?.granted === true;

export const recordConsent = async (
  tx: Tx,
  o: {
    officeId: string;
    contactId: string;
    purposes: ConsentPurpose[];
    granted: boolean;
    /** keyword | bot | desk — how it was given or withdrawn. */
    source: "keyword" | "bot" | "desk";
    now: Date;
  },
) => {
  await insertConsents(tx, { ...o, at: o.now });
  // A campaign message queued but not yet taken by a worker is withdrawn with the consent.
  if (!o.granted && o.purposes.includes("broadcast")) await withdrawUnsentBroadcasts(tx, o.contactId, o.now);
};

/** Withdraws every optional purpose (STOP, or a "delete optional data" request). */
export const withdrawAll = (
  tx: Tx,
  o: { officeId: string; contactId: string; source: "keyword" | "bot" | "desk"; now: Date },
) => recordConsent(tx, { ...o, purposes: [...CONSENT_PURPOSES], granted: false });

export const recordNoticeView = (
  tx: Tx,
  o: { officeId: string; contactId: string; version: string; now: Date },
) => insertNoticeView(tx, { ...o, at: o.now });

/** What the bot needs to know before a turn: the notice version seen, and the decisions made. */
export const privacyContextOf = async (tx: Tx, contactId: string) => {
  const noticeSeen = await lastNoticeVersion(tx, contactId);
  const latest = await latestConsents(tx, contactId);
  const consents: Partial<Record<ConsentPurpose, boolean>> = {};
  for (const c of latest)
    if ((CONSENT_PURPOSES as readonly string[]).includes(c.purpose))
      consents[c.purpose as ConsentPurpose] = c.granted;
  return { noticeSeen, consents };
};
