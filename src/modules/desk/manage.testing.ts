/** Fixtures for the supervisor and admin tests: citizens with applications and complaints, made directly. */
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/client.ts";
import { conversations } from "../../platform/db/schema/index.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { createDraft, submitApplication } from "../applications/applications.service.ts";
import { openComplaint } from "../complaints/complaints.service.ts";
import { resolveContact } from "../messaging/inbound.service.ts";
import { lockConversation } from "../messaging/messaging.repo.ts";

const VARIANT: Record<string, string> = { kk: "hilang_rusak", kia: "usia_5_17" };

/** A citizen (with a conversation last written in at `lastInboundAt`) and one submitted application. */
export const submitFor = (
  lontar: RunningLontar,
  database: Database,
  o: { phone: string; name: string; service: "kk" | "kia"; lastInboundAt?: Date; locale?: "id" | "en" },
) =>
  database.db.transaction(async (tx) => {
    const officeId = lontar.officeId;
    const contact = await resolveContact(tx, lontar.keys, officeId, { waId: o.phone, profileName: o.name });
    if (o.locale) await tx.execute(sqlLocale(contact.id, o.locale));
    const conversation = await lockConversation(tx, {
      officeId,
      contactId: contact.id,
      channelId: lontar.channelId,
    });
    await tx
      .update(conversations)
      .set({ lastInboundAt: o.lastInboundAt ?? new Date() })
      .where(eq(conversations.id, conversation.id));
    const { catalogue, calendar, keys } = lontar.citizens!.deps;
    const draft = await createDraft(tx, {
      officeId,
      contactId: contact.id,
      conversationId: conversation.id,
      catalogue,
      serviceCode: o.service,
      variantCode: VARIANT[o.service],
      applicantName: o.name,
      keys,
    });
    const { application } = await submitApplication(tx, {
      officeId,
      applicationId: draft.id,
      actor: { kind: "citizen", contactId: contact.id },
      catalogue,
      calendar,
    });
    return { application, contactId: contact.id, conversationId: conversation.id };
  });

const sqlLocale = (contactId: string, locale: string) =>
  sql`UPDATE contacts SET locale = ${locale} WHERE id = ${contactId}`;

/** A complaint by a citizen, about their application or (without `applicationId`) the office. */
export const complainFor = (
  lontar: RunningLontar,
  database: Database,
  o: {
    contactId: string;
    conversationId: string;
    applicationId?: string;
    confidential?: boolean;
    description?: string;
  },
) =>
  database.db.transaction(async (tx) =>
    openComplaint(tx, {
      keys: lontar.keys,
      officeId: lontar.officeId,
      contactId: o.contactId,
      conversationId: o.conversationId,
      applicationId: o.applicationId,
      category: "layanan_lambat",
      description: o.description ?? "Sudah dua minggu belum selesai",
      confidential: o.confidential ?? false,
      calendar: lontar.citizens!.deps.calendar,
    }),
  );
