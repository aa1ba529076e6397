import { maskPhone } from "../whatsapp/phone.ts";

/**
 * An error as it may appear in a log: no SQL parameters (they hold message text, names, NIKs), and any
 * run of 8–16 digits (phone numbers, NIK, KK numbers) masked. Stack frames are kept for debugging.
 */
export const safeError = (
  error: unknown,
): { type: string; message: string; code?: string; stack?: string } => {
  const e = error as {
    name?: string;
    message?: string;
    code?: unknown;
    cause?: { code?: unknown };
    stack?: string;
  };
  const message = redact(String(e?.message ?? error).split("\nparams:")[0]!);
  const code = e?.code ?? e?.cause?.code;
  const stack = e?.stack
    ? redact(
        e.stack
          .split("\n")
          .filter((l) => l.trimStart().startsWith("at "))
          .join("\n"),
      )
    : undefined;
  return {
    type: String(e?.name ?? typeof error),
    message,
    code: code === undefined ? undefined : String(code),
    stack,
  };
};

export const redact = (text: string): string => text.replace(/\d{8,16}/g, (digits) => maskPhone(digits));
