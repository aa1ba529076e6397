/** Small pure rules the application use cases share: which catalogue entry applies, how a NIK is kept. */

import { findService, findVariant } from "../catalogue/resolve.ts";
import type { Catalogue, Sla } from "../catalogue/schema.ts";
import { maskNik, parseNik } from "../identity/index.ts";
import { DomainError } from "../shared/domain-error.ts";
import { decryptField, encryptField, type FieldKeys, identityNumberIndex } from "../shared/field-crypto.ts";

/** AES-GCM associated data: this ciphertext decrypts only as an application's subject NIK. */
const NIK_CONTEXT = "applications.subject_nik";

/**
 * The service (and variant) an application is filed under, and its time promise (variant first). A service
 * with variants is always filed under one of them (catalogue `applicationScopes`).
 */
export const serviceRules = (
  catalogue: Pick<Catalogue, "services">,
  serviceCode: string,
  variantCode: string | undefined,
): { sla?: Sla } => {
  const service = findService(catalogue, serviceCode);
  if (service?.kind !== "application") throw new DomainError("unknown_service", serviceCode);
  const variant = findVariant(service, variantCode);
  const scopeOk = service.variants.length === 0 ? variantCode === undefined : variant !== undefined;
  if (!scopeOk) throw new DomainError("unknown_variant", `${serviceCode}/${variantCode ?? "-"}`);
  const sla = variant?.sla ?? service.sla;
  return sla ? { sla } : {};
};

/** Validates the NIK and returns the columns that store it: ciphertext and blind index, never the digits. */
export const protectSubjectNik = (
  keys: FieldKeys,
  input: string,
  now: Date,
): { subjectNikEncrypted: string; subjectNikIndex: string } => {
  const parsed = parseNik(input, now);
  if (!parsed.ok) throw new DomainError("invalid_nik", parsed.error.code);
  return {
    subjectNikEncrypted: encryptField(keys.encryptionKey, parsed.nik, NIK_CONTEXT),
    subjectNikIndex: identityNumberIndex(keys.indexKey, parsed.nik),
  };
};

/** The subject NIK in clear. Callers showing it to an operator must audit the reveal (DESIGN "Data rules"). */
export const readSubjectNik = (
  app: { subjectNikEncrypted: string | null },
  keys: FieldKeys,
): string | undefined =>
  app.subjectNikEncrypted
    ? decryptField(keys.encryptionKey, app.subjectNikEncrypted, NIK_CONTEXT)
    : undefined;

/** `5371••••••••0042`: what screens show without a reveal. */
export const maskedSubjectNik = (
  app: { subjectNikEncrypted: string | null },
  keys: FieldKeys,
): string | undefined => {
  const nik = readSubjectNik(app, keys);
  return nik === undefined ? undefined : maskNik(nik);
};

/** The blind index to look an application up by a NIK as typed. */
export const subjectNikLookup = (keys: FieldKeys, input: string): string =>
  identityNumberIndex(keys.indexKey, input);

const SEALED = "sealed:";
const ID_NUMBER = /^\d{16}$/;
const fieldContext = (key: string) => `applications.fields.${key}`;

/**
 * The answers as stored: every 16-digit identity number (a parent's NIK, a witness's NIK, the KK number)
 * encrypted, whatever the field is called, and the subject NIK left out (it has its own encrypted column).
 */
export const sealIdentityNumbers = (
  keys: FieldKeys,
  fields: Record<string, unknown>,
): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(fields)
      .filter(([key]) => key !== "subject_nik")
      .map(([key, value]) => {
        const digits = typeof value === "string" ? value.replace(/[\s.-]/g, "") : "";
        return ID_NUMBER.test(digits)
          ? [key, SEALED + encryptField(keys.encryptionKey, digits, fieldContext(key))]
          : [key, value];
      }),
  );

/** An answer in clear, for code that must show (masked) or use it. */
export const openAnswer = (keys: FieldKeys, key: string, value: unknown): unknown =>
  typeof value === "string" && value.startsWith(SEALED)
    ? decryptField(keys.encryptionKey, value.slice(SEALED.length), fieldContext(key))
    : value;
