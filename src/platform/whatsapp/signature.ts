import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "sha256=";

/** HMAC-SHA256 of the exact bytes Meta sent, as the `X-Hub-Signature-256` header value. */
export const signatureHeader = (rawBody: Buffer | string, appSecret: string): string =>
  PREFIX + createHmac("sha256", appSecret).update(rawBody).digest("hex");

/**
 * Verifies `X-Hub-Signature-256` over the raw bytes, in constant time.
 * The body is never re-serialised: Meta signs its own ASCII-escaped JSON.
 */
export const isValidSignature = (rawBody: Buffer, header: string | undefined, appSecret: string): boolean => {
  if (!header?.startsWith(PREFIX)) return false;
  const given = header.slice(PREFIX.length);
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(given.toLowerCase(), "hex"), expected);
};

/** JSON with every non-ASCII character written as \uXXXX, the way Meta serialises webhooks. */
export const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
