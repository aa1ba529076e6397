/**
 * Tells citizens who wait on an open application that SIAK is down and their clock is paused. Only inside
 * the 24-hour customer-service window: outside it only approved templates may be sent, and an outage notice
 * is not worth a template (the status reply tells them when they ask).
 */
import { sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { rows } from "../../platform/db/client.ts";
import { textMessage } from "../../platform/whatsapp/builders.ts";
import { isWindowOpen } from "../messaging/delivery-status.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { OPEN_STATUSES } from "./lifecycle.ts";

export const OUTAGE_NOTICE = {
  id: "Info Dukcapil: sistem SIAK pusat sedang gangguan. Batas waktu permohonan Anda dihentikan sementara dan berjalan lagi setelah SIAK pulih. Mohon maaf atas ketidaknyamanannya.",
  en: "Dukcapil notice: the central SIAK system is down. The time limit of your application is paused and resumes once SIAK is back. We apologise for the inconvenience.",
} as const;

type Waiting = {
  contact_id: string;
  locale: string;
  wa_id: string | null;
  user_id: string | null;
  conversation_id: string;
  office_id: string;
  channel_id: string;
  last_inbound_at: Date | null;
};

/** Each contact with an open application of the office, with the conversation they last wrote in. */
const listWaitingContacts = (tx: Tx, officeId: string) =>
  rows<Waiting>(
    tx,
    sql`SELECT DISTINCT ON (ct.id) ct.id AS contact_id, ct.locale, ct.wa_id, ct.user_id,
               c.id AS conversation_id, c.office_id, c.channel_id, c.last_inbound_at
        FROM applications a
        JOIN contacts ct ON ct.id = a.contact_id
        JOIN conversations c ON c.contact_id = ct.id AND c.office_id = a.office_id
        WHERE a.office_id = ${officeId}
          AND a.status IN (${sql.join(
            OPEN_STATUSES.map((s) => sql`${s}`),
            sql`, `,
          )})
        ORDER BY ct.id, c.last_inbound_at DESC NULLS LAST`,
  );

/** Queues one short text per waiting contact whose window is open; returns how many were told and skipped. */
export const tellWaitingCitizens = async (
  tx: Tx,
  o: { keys: FieldKeys; officeId: string; now: Date },
): Promise<{ told: number; skipped: number }> => {
  let told = 0;
  let skipped = 0;
  for (const w of await listWaitingContacts(tx, o.officeId)) {
    const to = w.wa_id ?? w.user_id;
    const lastInbound = w.last_inbound_at ? new Date(w.last_inbound_at) : null;
    if (!to || !isWindowOpen(lastInbound, o.now)) {
      skipped++;
      continue;
    }
    await queueMessage(tx, o.keys, {
      conversation: { id: w.conversation_id, officeId: w.office_id, channelId: w.channel_id },
      recipient: to,
      body: textMessage({ to, body: OUTAGE_NOTICE[w.locale === "en" ? "en" : "id"] }),
    });
    told++;
  }
  return { told, skipped };
};
