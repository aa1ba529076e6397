import { sql } from "drizzle-orm";
import { rows } from "../../../platform/db/client.ts";
import { createDraft, submitApplication } from "../../applications/applications.service.ts";
import { resolveContact } from "../../messaging/inbound.service.ts";
import { lockConversation } from "../../messaging/messaging.repo.ts";
import type { Citizen, Golden } from "./harness.ts";

export type ApplicationRow = {
  id: string;
  status: string;
  tracking_number: string | null;
  subject_nik_encrypted: string | null;
  contact_id: string;
  conversation_id: string;
};

/** The child's NIK as the parent types it (Oebobo, born 14-01-2020: a KIA 5–17 child). */
export const CHILD_NIK = "5371 0414 0120 0003";

/**
 * A parent applying for a school-age child's KIA, answering everything right: every field, the birth
 * certificate as a PDF, the KK and both parents' KTP-el and the child's photo as pictures.
 */
export const applyForKia = async (c: Citizen) => {
  await c.say("selamat pagi");
  await c.tap("menu.apply");
  await c.tap("svc.kia");
  await c.tap("var.usia_5_17");
  await c.tap("anak");
  await c.say("Yohanes Bria");
  await c.say("Maria Goreti Bria");
  await c.say(CHILD_NIK);
  await c.say("5371-0101-1020-0007");
  await c.sendPdf("akta-kelahiran-maria.pdf");
  await c.sendPhoto(); // KK
  await c.sendPhoto(); // KTP-el of the father
  await c.sendPhoto(); // KTP-el of the mother
  await c.sendPhoto(); // the child's photo
  await c.tap("confirm.submit");
};

export const contactOf = (g: Golden, phone: string) =>
  g.one<{ contact_id: string; conversation_id: string }>(sql`
    SELECT c.id AS contact_id, v.id AS conversation_id
    FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE c.wa_id = ${phone}`);

export const applicationsOf = async (g: Golden, phone: string) => {
  const { contact_id } = await contactOf(g, phone);
  return rows<ApplicationRow>(
    g.database.db,
    sql`SELECT id, status, tracking_number, subject_nik_encrypted, contact_id, conversation_id
        FROM applications WHERE contact_id = ${contact_id} ORDER BY created_at`,
  );
};

/** The citizen's one application (fails when there are none or several). */
export const applicationOf = async (g: Golden, phone: string): Promise<ApplicationRow> => {
  const found = await applicationsOf(g, phone);
  if (found.length !== 1) throw new Error(`${phone} has ${found.length} applications, expected 1`);
  return found[0]!;
};

/** An application made without chatting (as if earlier, or by someone else), straight through the services. */
export const submitDirect = (g: Golden, phone: string, name: string) =>
  g.database.db.transaction(async (tx) => {
    const contact = await resolveContact(tx, g.citizens.deps.keys, g.officeId, {
      waId: phone,
      profileName: name,
    });
    const conversation = await lockConversation(tx, {
      officeId: g.officeId,
      contactId: contact.id,
      channelId: g.channelId,
    });
    const { catalogue, calendar, keys } = g.citizens.deps;
    const draft = await createDraft(tx, {
      officeId: g.officeId,
      contactId: contact.id,
      conversationId: conversation.id,
      catalogue,
      serviceCode: "kk",
      variantCode: "hilang_rusak",
      applicantName: name,
      subjectNik: "5371015507880002",
      keys,
    });
    const { application } = await submitApplication(tx, {
      officeId: g.officeId,
      applicationId: draft.id,
      actor: { kind: "citizen", contactId: contact.id },
      catalogue,
      calendar,
    });
    return application.trackingNumber!;
  });
