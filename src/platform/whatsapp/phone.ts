/**
 * Recipient numbers as citizens and operators type them, turned into the digits-only international
 * form (`6281234567890`) that WhatsApp uses as `wa_id`. Indonesian national numbers must be
 * rewritten: Cloud API prepends the *business number's* country code to anything without one,
 * so a raw `0812…` would be misdelivered.
 */

export type ParsedRecipient = { ok: true; value: string } | { ok: false; reason: string };

export class InvalidPhoneNumberError extends Error {
  override name = "InvalidPhoneNumberError";
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

const INDONESIA = "62";
// E.164 allows at most 15 digits; anything under 8 cannot be a reachable subscriber number.
const MIN_DIGITS = 8;
const MAX_DIGITS = 15;
const SEPARATORS = /[\s\-.()]/g;

const fail = (reason: string): ParsedRecipient => ({ ok: false, reason });

/** Digits of an international number, or why the input cannot be one. */
export const parseRecipient = (input: string): ParsedRecipient => {
  const trimmed = input.trim();
  if (trimmed === "") return fail("The phone number is empty.");
  if (/\p{L}/u.test(trimmed)) return fail("The phone number contains letters.");

  const compact = trimmed.replace(SEPARATORS, "");
  const plus = compact.startsWith("+");
  const rest = plus ? compact.slice(1) : compact;
  if (!/^\d+$/.test(rest)) return fail("The phone number contains characters other than digits.");

  let digits: string;
  if (plus || rest.startsWith("00")) {
    digits = plus ? rest : rest.slice(2);
    if (digits.startsWith("0")) return fail("A country code cannot start with 0.");
  } else if (rest.startsWith("0")) {
    // Indonesian national format: the trunk 0 is replaced by the country code.
    digits = INDONESIA + rest.slice(1);
  } else if (rest.startsWith("8") && rest.length >= 9 && rest.length <= 12) {
    // Indonesian mobile typed without its trunk 0 (e.g. "812 3456 7890").
    digits = INDONESIA + rest;
  } else {
    digits = rest;
  }

  // "+62 (0)812…" and "62 0812…" are common ways of writing Indonesian numbers;
  // no Indonesian subscriber number starts with 0, so the 0 is always a leftover trunk prefix.
  if (digits.startsWith(`${INDONESIA}0`)) digits = INDONESIA + digits.slice(3);

  if (digits.length < MIN_DIGITS) {
    return fail(`The phone number has ${digits.length} digits; at least ${MIN_DIGITS} are needed.`);
  }
  if (digits.length > MAX_DIGITS) {
    return fail(`The phone number has ${digits.length} digits; at most ${MAX_DIGITS} are allowed.`);
  }
  return { ok: true, value: digits };
};

/** Like parseRecipient, but throws InvalidPhoneNumberError for callers that treat a bad number as a bug. */
export const normaliseRecipient = (input: string): string => {
  const parsed = parseRecipient(input);
  if (!parsed.ok) throw new InvalidPhoneNumberError(parsed.reason);
  return parsed.value;
};

const MASK = "•";

/** For logs: phone numbers are personal data, so only enough is kept to tell numbers apart. */
export const maskPhone = (digits: string): string => {
  const chars = [...digits];
  // Too short to reveal 6 characters and still hide something meaningful.
  if (chars.length <= 6) return MASK.repeat(chars.length);
  return chars.slice(0, 4).join("") + MASK.repeat(chars.length - 6) + chars.slice(-2).join("");
};

/** Business-scoped user id: ISO-3166 alpha-2 country, a period, then up to 128 alphanumerics. */
export const isBsuid = (s: string): boolean => /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/.test(s);
