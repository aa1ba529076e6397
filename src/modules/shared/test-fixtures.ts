/** Test support for applications and complaints: a seeded office, people, keys, a calendar and a small catalogue. */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { channels, contacts, conversations, offices, operators } from "../../platform/db/schema/index.ts";
import { type Service, Service as ServiceSchema } from "../catalogue/schema.ts";
import { insertContactIfAbsent } from "../messaging/messaging.repo.ts";
import { createCalendar } from "../sla/calendar.ts";
import type { Actor } from "./actor.ts";
import { DomainError } from "./domain-error.ts";
import { deriveFieldKeys } from "./field-crypto.ts";

export const KEYS = deriveFieldKeys(randomBytes(32));
export const CALENDAR = createCalendar();

/** A WITA wall-clock time as an instant: wita("2026-11-02 09:00"). */
export const wita = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);

const text = (id: string) => ({ id, en: id });
const sourced = { source: "test", confidence: "unconfirmed" } as const;
const service = (s: Record<string, unknown>): Service =>
  ServiceSchema.parse({
    names: text(String(s.code)),
    short_title: text(String(s.code)),
    description: text("test service"),
    legal_basis: [sourced],
    kind: "application",
    ...s,
  });

/** kk has variants (baru: 1 working day; perubahan: the service's 2); akta_kematian 2 working hours; info is info-only. */
export const CATALOGUE = {
  version: "2026.11-test.1",
  digest: "digest-1",
  services: [
    service({
      code: "kk",
      sla: { value: 2, unit: "working_days", ...sourced },
      variants: [
        {
          code: "baru",
          names: text("baru"),
          short_title: text("baru"),
          description: text("baru"),
          sla: { value: 1, unit: "working_days", ...sourced },
        },
        { code: "perubahan", names: text("ubah"), short_title: text("ubah"), description: text("ubah") },
      ],
    }),
    service({ code: "akta_kematian", sla: { value: 2, unit: "working_hours", ...sourced } }),
    service({ code: "legalisir" }),
    service({ code: "info", kind: "info_only" }),
  ],
};

export type Seeded = {
  officeId: string;
  channelId: string;
  /** A citizen with a conversation; `citizen()` makes more. */
  contactId: string;
  conversationId: string;
  operatorId: string;
  otherOperatorId: string;
  supervisorId: string;
};

export const seedOffice = async (db: Db, code = "KPG"): Promise<Seeded> => {
  const [office] = await db
    .insert(offices)
    .values({ slug: `test-${randomUUID()}`, name: "Dukcapil Test", code, timeZone: "Asia/Makassar" })
    .returning();
  const officeId = office!.id;
  const [channel] = await db
    .insert(channels)
    .values({ officeId, phoneNumberId: randomUUID(), label: "test" })
    .returning();
  const person = await addCitizen(db, officeId, channel!.id);
  const staff = async (role: string) =>
    (
      await db
        .insert(operators)
        .values({ officeId, username: `u${randomUUID()}`, displayName: role, role, passwordHash: "-" })
        .returning()
    )[0]!.id;
  return {
    officeId,
    channelId: channel!.id,
    ...person,
    operatorId: await staff("operator"),
    otherOperatorId: await staff("operator"),
    supervisorId: await staff("supervisor"),
  };
};

export const addCitizen = async (db: Db, officeId: string, channelId: string) => {
  // Through the real path, so the daily rollups count the new contact as production does.
  const waId = `62812${Math.floor(Math.random() * 1e8)}`;
  await insertContactIfAbsent(db, KEYS, officeId, { waId });
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.officeId, officeId), eq(contacts.waId, waId)));
  const [conversation] = await db
    .insert(conversations)
    .values({ officeId, contactId: contact!.id, channelId })
    .returning();
  return { contactId: contact!.id, conversationId: conversation!.id };
};

export const citizenActor = (contactId: string): Actor => ({ kind: "citizen", contactId });
export const operatorActor = (operatorId: string): Actor => ({
  kind: "operator",
  operatorId,
  role: "operator",
});
export const supervisorActor = (operatorId: string): Actor => ({
  kind: "operator",
  operatorId,
  role: "supervisor",
});

/** Valid NIKs (Kota Kupang region, plausible birth dates). */
export const NIK_A = "5371014101900042";
export const NIK_B = "5371025401900001";

/** For assert.rejects: the use case failed with this DomainError code. */
export const isCode = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;
