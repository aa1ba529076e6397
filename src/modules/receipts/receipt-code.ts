import { randomBytes } from "node:crypto";

/**
 * The code of a receipt's public verification page /v/<code>: 144 random bits in base64url (24 characters).
 * Knowing a tracking number must not let anyone read a page, so the code is never derived from it.
 */
export const newReceiptCode = (): string => randomBytes(18).toString("base64url");

export const isReceiptCode = (text: string): boolean => /^[A-Za-z0-9_-]{24}$/.test(text);

export const verificationUrl = (publicUrl: string, code: string) => `${publicUrl}/v/${code}`;
