/** Test helpers for broadcasts: an approved desk template, many opted-in contacts at once, the settings. */
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { messageTemplates } from "../../platform/db/schema/index.ts";
import type { BroadcastSettings } from "./campaigns.service.ts";

export const settingsFor = (o: Partial<BroadcastSettings> = {}): BroadcastSettings => ({
  tier: 250,
  rates: { marketing: 0.0411, utility: 0.02 },
  currency: "USD",
  defaultRatePerSecond: 80,
  ...o,
});

/** An approved marketing template with one body variable, as the template registry would hold it. */
export const approvedTemplate = async (
  tx: Tx,
  officeId: string,
  o: { name?: string; category?: string; status?: string } = {},
) =>
  (
    await tx
      .insert(messageTemplates)
      .values({
        officeId,
        name: o.name ?? "lontar_info_ktp_el",
        language: "id",
        category: o.category ?? "marketing",
        purpose: "Ajakan perekaman KTP-el",
        body: "Halo {{1}}, perekaman KTP-el kini bisa di kantor kecamatan. Balas STOP untuk berhenti.",
        variables: [{ name: "sapaan", example: "Bapak/Ibu" }],
        status: o.status ?? "approved",
      })
      .returning()
  )[0]!;

/**
 * `count` contacts with wa_ids `<prefix><000001…>`, each with a broadcast opt-in dated `at`, in two
 * statements (a per-row insert of 20,000 would dominate the test's time).
 */
export const optedInContacts = async (
  tx: Tx,
  o: { officeId: string; count: number; prefix?: string; at: Date },
): Promise<Array<{ id: string; wa_id: string }>> => {
  const prefix = o.prefix ?? "62813";
  const inserted = await rows<{ id: string; wa_id: string }>(
    tx,
    sql`INSERT INTO contacts (office_id, wa_id, profile_name)
        SELECT ${o.officeId}, ${prefix} || lpad(i::text, 8, '0'), 'Warga ' || i FROM generate_series(1, ${o.count}) i
        RETURNING id, wa_id`,
  );
  await tx.execute(sql`
    INSERT INTO consents (office_id, contact_id, purpose, granted, source, at)
    SELECT ${o.officeId}, id, 'broadcast', true, 'keyword', ${o.at} FROM contacts
    WHERE office_id = ${o.officeId} AND wa_id LIKE ${`${prefix}%`}`);
  return inserted;
};
