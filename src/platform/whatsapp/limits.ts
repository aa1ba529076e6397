/** Checks shared by the message builders; each failure names the field and Meta's limit. */

export class MessageLimitError extends Error {
  override name = "MessageLimitError";
}

/**
 * Meta states its limits in "characters". We count Unicode code points (`[...s].length`), not
 * UTF-16 units, so an emoji in a Bahasa Indonesia label counts once, as it does on the phone.
 */
export const charCount = (s: string): number => [...s].length;

export const checkText = (field: string, value: string, min: number, max: number): void => {
  if (value.trim() === "" && min > 0) {
    const range = Number.isFinite(max) ? `; WhatsApp requires ${min} to ${max} characters` : "";
    throw new MessageLimitError(`${field} is empty${range}`);
  }
  const n = charCount(value);
  if (n < min) throw new MessageLimitError(`${field} is ${n} characters; WhatsApp requires at least ${min}`);
  if (n > max) throw new MessageLimitError(`${field} is ${n} characters; WhatsApp allows ${max}`);
};

/** An optional text field: absent or "" means "leave it out", anything else must fit. */
export const optionalText = (field: string, value: string | undefined, max: number): string | undefined => {
  if (value === undefined || value === "") return undefined;
  checkText(field, value, 1, max);
  return value;
};

export const checkCount = (field: string, n: number, min: number, max: number): void => {
  if (n < min || n > max) {
    throw new MessageLimitError(`${field} count is ${n}; WhatsApp allows ${min} to ${max}`);
  }
};

export const checkUnique = (field: string, values: string[]): void => {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v))
      throw new MessageLimitError(`${field} "${v}" is used twice; WhatsApp requires unique values`);
    seen.add(v);
  }
};

/** Media goes by uploaded id only: a `link` would make citizen files reachable by URL. */
export const checkMediaId = (mediaId: string): void => {
  checkText("media id", mediaId, 1, Number.POSITIVE_INFINITY);
  if (/[\s/:]/.test(mediaId)) {
    throw new MessageLimitError(`media id "${mediaId}" must be an uploaded media id, not a link`);
  }
};

export const FILENAME_MAX = 240;

export const checkFilename = (filename: string | undefined): string | undefined => {
  const value = optionalText(`filename "${filename}"`, filename, FILENAME_MAX);
  if (value !== undefined && /[/\\]/.test(value)) {
    throw new MessageLimitError(`filename "${value}" contains a path separator; send the bare file name`);
  }
  return value;
};
