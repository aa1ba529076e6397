/**
 * The satisfaction survey over WhatsApp: invited after a completed application (only with the citizen's
 * consent to surveys, checked at the moment of sending and of every answer), answered through the bot
 * (bot/survey.ts), scored in the reports from `survey_responses`.
 */
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { buttonsMessage, templateMessage } from "../../platform/whatsapp/builders.ts";
import type { OutboundMessage } from "../../platform/whatsapp/types.ts";
import type { Locale } from "../bot/types.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import { hasConsent } from "../privacy/consent.service.ts";
import { dayIn } from "../reports/rollup-metrics.ts";
import { officeTimeZone } from "../reports/rollups.repo.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { SEALED, sealJson } from "../shared/sealed.ts";
import { ESQUAL_ANSWERS, ESQUAL_ITEMS } from "./esqual.ts";

const OPEN = sql`status IN ('invited', 'answering')`;

/** The citizen's newest open survey, and the elements already answered (to resume where they left). */
export const openSurveyOf = async (tx: Tx, contactId: string) => {
  const [row] = await rows<{ id: string; answers: Record<string, number> }>(
    tx,
    sql`SELECT id, answers FROM survey_responses
         WHERE contact_id = ${contactId} AND instrument = 'skm' AND channel = 'whatsapp' AND ${OPEN}
         ORDER BY created_at DESC LIMIT 1`,
  );
  return row ? { responseId: row.id, answered: Object.keys(row.answers ?? {}) } : undefined;
};

type Invitation = {
  keys: FieldKeys;
  conversation: { id: string; officeId: string; channelId: string };
  contactId: string;
  application: { id: string; serviceCode: string };
  to: string;
  locale: Locale;
  windowOpen: boolean;
  /** Template parameters: the citizen's name, the service's name, the tracking number. */
  name: string;
  serviceName: string;
  trackingNumber: string;
  now: Date;
};

const TEXT = {
  id: (service: string, tracking: string) =>
    `Terima kasih sudah menggunakan layanan *${service}* (${tracking}). Bantu kami memperbaiki layanan dengan mengisi survei kepuasan singkat: 9 pertanyaan, sekitar 2 menit. Sukarela, dan tidak memengaruhi layanan Anda.`,
  en: (service: string, tracking: string) =>
    `Thank you for using our *${service}* service (${tracking}). Help us improve with a short satisfaction survey: 9 questions, about 2 minutes. It is voluntary and does not affect your service.`,
};
const BUTTONS = {
  id: [
    { id: "survey.start", title: "Isi survei" },
    { id: "survey.decline", title: "Tidak, terima kasih" },
  ],
  en: [
    { id: "survey.start", title: "Answer survey" },
    { id: "survey.decline", title: "No, thank you" },
  ],
};

/**
 * Invites the citizen to the survey about this application, once, and only with their consent: a message
 * with two buttons inside the 24-hour window, the approved utility template (same buttons) outside it.
 */
export const inviteToSurvey = async (tx: Tx, o: Invitation): Promise<boolean> => {
  if (!(await hasConsent(tx, o.contactId, "survey"))) return false;
  const inserted = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO survey_responses (office_id, instrument, channel, application_id, contact_id, service_code, status, invited_at)
        VALUES (${o.conversation.officeId}, 'skm', 'whatsapp', ${o.application.id}, ${o.contactId},
                ${o.application.serviceCode}, 'invited', ${o.now})
        ON CONFLICT (application_id, instrument) DO NOTHING RETURNING id`,
  );
  if (!inserted[0]) return false;
  const template = templateMessage({
    to: o.to,
    name: "lontar_undangan_survei",
    language: "id",
    components: [
      { type: "body", params: [o.name, o.serviceName, o.trackingNumber] },
      { type: "button", subType: "quick_reply", index: 0, payload: "survey.start" },
      { type: "button", subType: "quick_reply", index: 1, payload: "survey.decline" },
    ],
  });
  const inWindow: OutboundMessage = buttonsMessage({
    to: o.to,
    body: TEXT[o.locale](o.serviceName, o.trackingNumber),
    buttons: BUTTONS[o.locale],
  });
  await queueMessage(tx, o.keys, {
    conversation: o.conversation,
    recipient: o.to,
    body: o.windowOpen ? inWindow : template,
    ...(o.windowOpen ? { fallback: template } : {}),
  });
  return true;
};

type Answering = { keys: FieldKeys; contactId: string; officeId: string; now: Date };

/** Only the citizen's own open survey changes, and only while they still consent (STOP ends it at once). */
const update = async (tx: Tx, o: Answering, responseId: string, set: ReturnType<typeof sql>) => {
  if (!(await hasConsent(tx, o.contactId, "survey"))) return;
  await tx.execute(sql`UPDATE survey_responses SET ${set}, updated_at = ${o.now}
                        WHERE id = ${responseId} AND contact_id = ${o.contactId} AND ${OPEN}`);
};

export const recordSurveyAnswer = (tx: Tx, o: Answering, responseId: string, key: string, value: number) =>
  update(
    tx,
    o,
    responseId,
    sql`answers = answers || jsonb_build_object(${key}::text, ${value}::int), status = 'answering'`,
  );

export const recordSurveyProfile = (tx: Tx, o: Answering, responseId: string, field: string, code: string) =>
  update(tx, o, responseId, sql`profile = profile || jsonb_build_object(${field}::text, ${code}::text)`);

export const completeSurvey = async (tx: Tx, o: Answering, responseId: string, suggestion?: string) => {
  const day = dayIn(await officeTimeZone(tx, o.officeId), o.now);
  const sealed = suggestion ? JSON.stringify(sealJson(o.keys, suggestion, SEALED.surveySuggestion)) : null;
  await update(
    tx,
    o,
    responseId,
    sql`status = 'completed', completed_at = ${o.now}, answered_on = ${day}::date, suggestion = ${sealed}::jsonb`,
  );
};

/**
 * One answer to the optional adapted E-S-QUAL questions asked after the SKM (bot/esqual.ts). They are kept in
 * their own row (instrument 'esqual') of the SKM's application, created by the first answer and merged into
 * by the next ones, so the IKM (which reads 'skm' only) never sees them. Same rules as the SKM: only the
 * citizen's own completed SKM leads here, only while they consent, and a finished row is not changed.
 * `answered_on` follows the latest answer, so a row left half answered still counts in its period.
 */
export const recordEsqualAnswer = async (
  tx: Tx,
  o: Answering,
  skmResponseId: string,
  key: string,
  value: number,
) => {
  if (!ESQUAL_ITEMS.some((i) => i.code === key) || !ESQUAL_ANSWERS.some((a) => a.score === value)) return;
  if (!(await hasConsent(tx, o.contactId, "survey"))) return;
  const day = dayIn(await officeTimeZone(tx, o.officeId), o.now);
  await tx.execute(sql`
    INSERT INTO survey_responses (office_id, instrument, channel, application_id, contact_id, service_code,
                                  status, answers, answered_on, created_at, updated_at)
    SELECT office_id, 'esqual', channel, application_id, contact_id, service_code, 'answering',
           jsonb_build_object(${key}::text, ${value}::int), ${day}::date, ${o.now}, ${o.now}
      FROM survey_responses
     WHERE id = ${skmResponseId} AND contact_id = ${o.contactId} AND instrument = 'skm'
       AND status = 'completed' AND application_id IS NOT NULL
    ON CONFLICT (application_id, instrument) DO UPDATE
       SET answers = survey_responses.answers || EXCLUDED.answers,
           answered_on = EXCLUDED.answered_on, updated_at = EXCLUDED.updated_at
     WHERE survey_responses.status = 'answering' AND survey_responses.contact_id = EXCLUDED.contact_id`);
};

export const completeEsqual = async (tx: Tx, o: Answering, skmResponseId: string) => {
  if (!(await hasConsent(tx, o.contactId, "survey"))) return;
  const day = dayIn(await officeTimeZone(tx, o.officeId), o.now);
  await tx.execute(sql`
    UPDATE survey_responses e
       SET status = 'completed', completed_at = ${o.now}, answered_on = ${day}::date, updated_at = ${o.now}
      FROM survey_responses s
     WHERE s.id = ${skmResponseId} AND s.instrument = 'skm' AND s.contact_id = ${o.contactId}
       AND e.application_id = s.application_id AND e.instrument = 'esqual'
       AND e.contact_id = ${o.contactId} AND e.status = 'answering'`);
};

/** Declining is not optional processing: it is recorded even without consent. */
export const declineSurvey = async (tx: Tx, o: Answering, responseId: string) => {
  await tx.execute(sql`UPDATE survey_responses SET status = 'declined', updated_at = ${o.now}
                        WHERE id = ${responseId} AND contact_id = ${o.contactId} AND ${OPEN}`);
};

/**
 * Deleting one's optional data (UU 27/2022): the answers stay in the statistics but lose every link to the
 * person — contact, profile and suggestion go. Both instruments carry the contact, so both are covered. An
 * unfinished SKM is closed (only completed ones count in the IKM); a half-answered E-S-QUAL row keeps its
 * status because its answers already count, and without a contact nothing can be added to it any more.
 */
export const anonymiseSurveys = async (tx: Tx, contactId: string) => {
  await tx.execute(sql`UPDATE survey_responses
                          SET contact_id = NULL, profile = '{}'::jsonb, suggestion = NULL,
                              status = CASE WHEN instrument = 'skm' AND ${OPEN} THEN 'declined' ELSE status END
                        WHERE contact_id = ${contactId}`);
};
