import { eq } from "drizzle-orm";
import type { Database } from "../../platform/db/client.ts";
import { channels, offices, templateStatuses } from "../../platform/db/schema/index.ts";
import { countOperators, createOperator } from "../operators/operators.service.ts";
import { seedOfficeCalendar } from "./calendar.service.ts";

export const DEMO_OFFICE = {
  slug: "kota-kupang",
  name: "Dinas Kependudukan dan Pencatatan Sipil Kota Kupang",
  code: "KPG",
  timeZone: "Asia/Makassar",
};

export type SeedResult = {
  officeId: string;
  channelId: string;
  createdOffice: boolean;
  admin?: { username: string; password: string };
};

/**
 * The demo office (Dukcapil Kota Kupang) with its first WhatsApp number, its working calendar and a first admin.
 * Idempotent: a second run changes nothing and prints no password again.
 */
export const seedDemo = async (
  database: Database,
  o: { phoneNumberId: string; displayPhoneNumber?: string; wabaId?: string },
): Promise<SeedResult> =>
  database.db.transaction(async (tx) => {
    let [office] = await tx.select().from(offices).where(eq(offices.slug, DEMO_OFFICE.slug));
    const createdOffice = !office;
    if (!office) [office] = await tx.insert(offices).values(DEMO_OFFICE).returning();
    const officeId = office!.id;
    let [channel] = await tx.select().from(channels).where(eq(channels.phoneNumberId, o.phoneNumberId));
    if (!channel) {
      [channel] = await tx
        .insert(channels)
        .values({
          officeId,
          phoneNumberId: o.phoneNumberId,
          displayPhoneNumber: o.displayPhoneNumber ?? null,
          wabaId: o.wabaId ?? null,
          label: "Layanan Dukcapil (semua layanan)",
        })
        .returning();
    }
    // Default hours and the 2026 holidays (unconfirmed) once; the admin edits them in the desk.
    await seedOfficeCalendar(tx, officeId);
    const admin =
      (await countOperators(tx, officeId)) === 0
        ? {
            username: "admin",
            ...(await createOperator(tx, {
              officeId,
              username: "admin",
              displayName: "Administrator",
              role: "admin",
            })),
          }
        : undefined;
    return {
      officeId,
      channelId: channel!.id,
      createdOffice,
      admin: admin && { username: admin.username, password: admin.password },
    };
  });

/**
 * The demo talks to the built-in fake Cloud API, which accepts every template, so the catalogue's
 * templates are recorded as approved (in Indonesian, their only language at Meta). Never for a real
 * number: there only the admin records what Meta approved. Idempotent; a status the admin set stays.
 */
export const approveDemoTemplates = async (database: Database, officeId: string, names: string[]) => {
  if (names.length === 0) return;
  await database.db
    .insert(templateStatuses)
    .values(names.map((name) => ({ officeId, name, language: "id", status: "approved" })))
    .onConflictDoNothing();
};
