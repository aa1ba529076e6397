/** The breach helper: pasted ids or a time window → the citizens to notify, the search itself audited. */
import type { Tx } from "../../platform/db/client.ts";
import { csvRow } from "../audit/audit.csv.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { openProfileName } from "../messaging/messaging.repo.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { parseTrackingNumber } from "../shared/tracking-number.ts";
import { type AffectedCitizen, findAffected } from "./breach.repo.ts";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const MAX_ITEMS = 5000;

/** Blob ids and tracking numbers from whatever was pasted (one per line, commas, a log excerpt). */
export const parseBreachInput = (text: string) => {
  const blobIds = [...new Set((text.match(UUID) ?? []).map((s) => s.toLowerCase()))].slice(0, MAX_ITEMS);
  const trackingNumbers = [
    ...new Set(
      text
        .replace(UUID, " ")
        .split(/[\n,;]+/)
        .flatMap((part) => {
          const found = parseTrackingNumber(part);
          return found ? [found.text] : [];
        }),
    ),
  ].slice(0, MAX_ITEMS);
  return { blobIds, trackingNumbers };
};

/** `+62812•••••0101`: enough to tell two citizens apart on screen, not enough to call them from the list. */
export const maskPhone = (waId: string | null) =>
  waId ? `+${waId.slice(0, 5)}${"•".repeat(Math.max(0, waId.length - 9))}${waId.slice(-4)}` : "—";

export type BreachQuery = { text: string; from?: Date; to?: Date };

/** By name (names are sealed at rest, so they are opened and ordered here), nameless last, then by number. */
const byName = (a: AffectedCitizen, b: AffectedCitizen) =>
  a.profile_name === b.profile_name
    ? (a.wa_id ?? "").localeCompare(b.wa_id ?? "")
    : a.profile_name === null
      ? 1
      : b.profile_name === null
        ? -1
        : a.profile_name.localeCompare(b.profile_name, "id");

export const findAffectedCitizens = async (
  tx: Tx,
  o: {
    officeId: string;
    staffId: string;
    keys: FieldKeys;
    query: BreachQuery;
    export: boolean;
    ip?: string;
    now: Date;
  },
): Promise<AffectedCitizen[]> => {
  const { blobIds, trackingNumbers } = parseBreachInput(o.query.text);
  const window = o.query.from && o.query.to ? { from: o.query.from, to: o.query.to } : undefined;
  const found =
    blobIds.length || trackingNumbers.length || window
      ? (await findAffected(tx, { officeId: o.officeId, blobIds, trackingNumbers, window }))
          .map((r) => ({ ...r, profile_name: openProfileName(o.keys, r.profile_name) }))
          .sort(byName)
      : [];
  // Who looked up whom, and why (counts only: the audit trail holds no personal data).
  await recordAudit(tx, {
    officeId: o.officeId,
    actorId: o.staffId,
    action: o.export ? "privacy.breach_export" : "privacy.breach_search",
    details: {
      blobs: blobIds.length,
      trackingNumbers: trackingNumbers.length,
      window: window ? { from: window.from.toISOString(), to: window.to.toISOString() } : null,
      contacts: found.length,
    },
    ip: o.ip,
    at: o.now,
  });
  return found;
};

export const BREACH_CSV_HEADER = ["whatsapp", "name", "applications_or_complaints", "documents"];

/** The full number in the export (the notice has to reach these people); the export itself is audited. */
export const breachCsv = (found: AffectedCitizen[]) =>
  csvRow(BREACH_CSV_HEADER) +
  found
    .map((r) =>
      csvRow([r.wa_id ?? "", r.profile_name ?? "", (r.tracking_numbers ?? []).join(" "), r.documents]),
    )
    .join("");
