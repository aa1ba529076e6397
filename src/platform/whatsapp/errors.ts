/**
 * What the outbox should do after a failed send: retry, give up, or switch to a template.
 * Decisions key on Graph's numeric `code` (Meta advises against matching titles); see
 * shared/domain/whatsapp-cloud-api.md §2 and §5.
 */
import type { GraphErrorItem } from "./types.ts";

export type SendOutcome =
  | { kind: "retry"; code?: number; reason: string; minDelayMs?: number }
  | { kind: "permanent"; code?: number; reason: string }
  | { kind: "needs_template"; code: 131047; reason: string };

const REENGAGEMENT = 131047;
const NEEDS_TEMPLATE_REASON = "The citizen has not written in the last 24 hours; a template is needed.";
// At most one message per 6 s to the same citizen; the worker adds 4^attempt seconds on top.
const PAIR_RATE_DELAY_MS = 6000;

const RETRYABLE: ReadonlyMap<number, string> = new Map([
  [130429, "The number's sending rate limit was hit; the message will be retried."],
  [131056, "Too many messages to this citizen in a short time; the message will be retried after a pause."],
  [131057, "WhatsApp is upgrading this number's throughput; the message will be retried shortly."],
  [80007, "The WhatsApp Business Account hit its request rate limit; the message will be retried."],
  [4, "The app hit its API request rate limit; the message will be retried."],
  [2, "The WhatsApp API was temporarily unavailable; the message will be retried."],
  [1, "The WhatsApp API had a temporary unknown error; the message will be retried."],
]);

const PERMANENT: ReadonlyMap<number, string> = new Map([
  [131026, "The message could not be delivered: the number may not use WhatsApp or has an outdated app."],
  [131049, "WhatsApp held back this message to protect engagement; do not resend it automatically."],
  [131048, "The number is limited for spam (low quality rating); check its quality in WhatsApp Manager."],
  [
    368,
    "The business account is blocked for a policy violation; an administrator must check WhatsApp Manager.",
  ],
  [131031, "The business account is locked; an administrator must check WhatsApp Manager."],
  [100, "WhatsApp rejected a parameter of the message; the message content must be fixed."],
  [190, "The WhatsApp access token is invalid or expired; an administrator must renew it."],
]);

// Meta's own texts can be long and are only a hint for the operator.
const DETAIL_MAX = 200;

const clip = (s: string): string => (s.length > DETAIL_MAX ? `${s.slice(0, DETAIL_MAX - 1)}…` : s);

const withDetail = (reason: string, detail: string | undefined): string =>
  detail ? `${reason} Details: ${clip(detail)}` : reason;

/** Outcome for a known code, or undefined so the caller can fall back on the HTTP status. */
const byCode = (code: number, detail: string | undefined): SendOutcome | undefined => {
  if (code === REENGAGEMENT)
    return { kind: "needs_template", code: REENGAGEMENT, reason: NEEDS_TEMPLATE_REASON };
  const retry = RETRYABLE.get(code);
  if (retry !== undefined) {
    return code === 131056
      ? { kind: "retry", code, reason: retry, minDelayMs: PAIR_RATE_DELAY_MS }
      : { kind: "retry", code, reason: retry };
  }
  const permanent = PERMANENT.get(code);
  // A bad parameter is only fixable with Meta's details, so they are kept for the operator.
  if (permanent !== undefined)
    return { kind: "permanent", code, reason: code === 100 ? withDetail(permanent, detail) : permanent };
  return undefined;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

const asCode = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return undefined;
};

const asText = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

type GraphError = { code?: number; message?: string; details?: string };

/** The Graph `error` envelope, from whatever came back (a proxy may answer with HTML or nothing). */
const readGraphError = (body: unknown): GraphError => {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (!isRecord(parsed) || !isRecord(parsed.error)) return {};
  const error = parsed.error;
  const data = isRecord(error.error_data) ? error.error_data : {};
  return { code: asCode(error.code), message: asText(error.message), details: asText(data.details) };
};

/** Classifies a non-2xx answer (or an error envelope) from POST /{v}/{phone-number-id}/messages. */
export const classifyGraphError = ({
  httpStatus,
  body,
}: {
  httpStatus: number;
  body: unknown;
}): SendOutcome => {
  const { code, message, details } = readGraphError(body);
  const detail = details ?? message;
  if (code !== undefined) {
    const known = byCode(code, detail);
    if (known) return known;
  }
  if (httpStatus >= 500) {
    return {
      kind: "retry",
      code,
      reason: `The WhatsApp API answered HTTP ${httpStatus}; the message will be retried.`,
    };
  }
  if (httpStatus === 429 || httpStatus === 408) {
    return {
      kind: "retry",
      code,
      reason: `The WhatsApp API answered HTTP ${httpStatus}; the message will be retried.`,
    };
  }
  if (code !== undefined) {
    return {
      kind: "permanent",
      code,
      reason: withDetail(`WhatsApp rejected the message (error ${code}).`, detail),
    };
  }
  // No code to go on. Retrying a 4xx would fail the same way, and anything else is unexpected
  // enough that a blind retry could send the message twice.
  return {
    kind: "permanent",
    reason: `The WhatsApp API answered HTTP ${httpStatus} without a recognisable error; the message was not retried.`,
  };
};

/** Classifies the first error of a `failed` status webhook (the send was accepted earlier). */
export const classifyStatusError = (error: GraphErrorItem): SendOutcome => {
  const detail = asText(error.error_data?.details) ?? asText(error.message) ?? asText(error.title);
  const code = asCode(error.code);
  if (code === undefined)
    return { kind: "permanent", reason: withDetail("WhatsApp could not deliver the message.", detail) };
  return (
    byCode(code, detail) ?? {
      kind: "permanent",
      code,
      reason: withDetail(`WhatsApp could not deliver the message (error ${code}).`, detail),
    }
  );
};

// Failures before any byte reached Meta: retrying cannot send the message twice.
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const errorCode = (err: unknown): string | undefined => {
  if (!isRecord(err)) return undefined;
  // fetch (undici) wraps the socket error: TypeError("fetch failed") with `cause.code`.
  return asText(err.code) ?? (isRecord(err.cause) ? asText(err.cause.code) : undefined);
};

/** A send that threw instead of answering: DNS, refused connection, reset or timeout. */
export const classifyNetworkError = (err: unknown): SendOutcome => {
  const code = errorCode(err);
  if (code !== undefined && NOT_SENT.has(code)) {
    return {
      kind: "retry",
      reason: `Could not reach the WhatsApp API (${code}); the message will be retried.`,
    };
  }
  const name = isRecord(err) ? asText(err.name) : undefined;
  const what = code ?? (name === "TimeoutError" || name === "AbortError" ? "timeout" : "network error");
  // The request may have reached Meta, so a retry can duplicate it; the worker should reconcile
  // through status webhooks (biz_opaque_callback_data) before resending.
  return {
    kind: "retry",
    reason: `The request to the WhatsApp API failed (${what}); it may have been sent, so the retry could duplicate it.`,
  };
};
