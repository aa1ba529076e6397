/**
 * Chat contents, the bot's draft answers, raw webhook payloads, complaints, outgoing message bodies (outbox) and
 * citizens' WhatsApp names carry NIKs, names and addresses: they are sealed at rest with the field encryption
 * key (AES-256-GCM, field-crypto.ts), each column under its own associated-data context so a value copied
 * into another column does not open there.
 *
 * Rows written before sealing existed are read as they are (open* returns a value that is not sealed
 * unchanged) until the backfill seals them (privacy/seal-existing.ts); a value that looks sealed but does not
 * decrypt throws DomainError("undecryptable"), never passes as plain text.
 */
import { DomainError } from "./domain-error.ts";
import { decryptField, encryptField, type FieldKeys } from "./field-crypto.ts";

/** A jsonb column keeps its type: the value becomes `{ "sealed": "v1.…" }` (plus any clear fields a query needs). */
export type Sealed = { sealed: string };

export const SEALED = {
  messageContent: "messages.content",
  botState: "conversations.bot_state",
  webhookBody: "webhook_deliveries.body",
  complaintDescription: "complaints.description",
  complaintAnswer: "complaints.answer",
  /** Notes that are text a person wrote: the answer, the reporter's replies, a person's escalation reason. */
  complaintEventNote: "complaint_events.note",
  surveySuggestion: "survey_responses.suggestion",
  outboxPayload: "outbox.payload",
  contactProfileName: "contacts.profile_name",
} as const;

type Context = (typeof SEALED)[keyof typeof SEALED];

// `v1.` + base64url of at least iv (12) + tag (16) bytes: free text or JSON written in clear never matches.
const TOKEN = /^v1\.[A-Za-z0-9_-]{38,}$/;
/** The same test for SQL (`column ~ pattern`, PostgreSQL's regular expressions read it alike). */
export const SEALED_TEXT_PATTERN = TOKEN.source;

export const sealText = (keys: FieldKeys, plain: string, context: Context): string =>
  encryptField(keys.encryptionKey, plain, context);

/** Whether a text column's value is already sealed (the backfill's resume point: never seal twice). */
export const isSealedText = (stored: string): boolean => TOKEN.test(stored);

export const openText = (keys: FieldKeys, stored: string, context: Context): string =>
  isSealedText(stored) ? decrypt(keys, stored, context) : stored;

/** For nullable text columns: null stays null. */
export const sealTextOrNull = (keys: FieldKeys, plain: string | null, context: Context): string | null =>
  plain === null ? null : sealText(keys, plain, context);

export const openTextOrNull = (keys: FieldKeys, stored: string | null, context: Context): string | null =>
  stored === null ? null : openText(keys, stored, context);

export const sealJson = (keys: FieldKeys, value: unknown, context: Context): Sealed => ({
  sealed: sealText(keys, JSON.stringify(value), context),
});

export const isSealed = (stored: unknown): stored is Sealed =>
  typeof stored === "object" && stored !== null && typeof (stored as Sealed).sealed === "string";

/** The plain value of a sealed jsonb column; a row from before sealing comes back as stored. */
export const openJson = (keys: FieldKeys, stored: unknown, context: Context): unknown =>
  isSealed(stored) ? JSON.parse(decrypt(keys, stored.sealed, context)) : stored;

const decrypt = (keys: FieldKeys, token: string, context: Context): string => {
  try {
    return decryptField(keys.encryptionKey, token, context);
  } catch {
    // Names the column (never the value): an operator can tell a wrong LONTAR_MASTER_KEY from a bug.
    throw new DomainError("undecryptable", `${context}: sealed value does not open (wrong key or tampered)`);
  }
};
