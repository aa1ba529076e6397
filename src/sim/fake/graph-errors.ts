/** Graph error envelopes and the failure items of `failed` status webhooks, as Meta shapes them. */
import type { GraphErrorItem } from "../../platform/whatsapp/types.ts";
import { fbtraceId } from "./ids.ts";

type Known = { title: string; details: string; httpStatus: number; subcode?: number };

const KNOWN: Record<number, Known> = {
  1: { title: "An unknown error has occurred.", details: "An unknown error occurred.", httpStatus: 500 },
  2: {
    title: "Service temporarily unavailable",
    details: "Service temporarily unavailable. Please retry your request later.",
    httpStatus: 503,
  },
  100: { title: "Invalid parameter", details: "Invalid parameter", httpStatus: 400 },
  190: {
    title: "Invalid OAuth access token - Cannot parse access token",
    details: "Invalid OAuth access token",
    httpStatus: 401,
  },
  80007: {
    title: "Rate limit issues",
    details: "The WhatsApp Business Account has reached its rate limit.",
    httpStatus: 429,
  },
  130429: {
    title: "Rate limit hit",
    details: "Cloud API message throughput has been reached.",
    httpStatus: 400,
  },
  131026: {
    title: "Message Undeliverable",
    details: "Message Undeliverable.",
    httpStatus: 400,
  },
  131047: {
    title: "Re-engagement message",
    details:
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    httpStatus: 400,
  },
  131048: {
    title: "Spam rate limit hit",
    details: "Message failed to send because there are restrictions on how many messages can be sent.",
    httpStatus: 400,
  },
  131049: {
    title: "This message was not delivered to maintain healthy ecosystem engagement.",
    details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
    httpStatus: 400,
  },
  131051: {
    title: "Message type unknown",
    details: "Message type is currently not supported.",
    httpStatus: 400,
  },
  131052: {
    title: "Media download error",
    details: "Unable to download the media sent by the user.",
    httpStatus: 400,
  },
  131053: { title: "Media upload error", details: "Unable to upload the media.", httpStatus: 400 },
  131056: {
    title: "(Business Account, Consumer Account) pair rate limit hit",
    details:
      "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
    httpStatus: 400,
    subcode: 2494071,
  },
  131057: {
    title: "Account in maintenance mode",
    details: "Business account is in maintenance mode.",
    httpStatus: 400,
  },
};

const known = (code: number): Known =>
  KNOWN[code] ?? { title: `Error ${code}`, details: `Error ${code}`, httpStatus: 400 };

export type GraphErrorReply = { status: number; body: { error: Record<string, unknown> } };

export const graphError = (
  code: number,
  opts: { details?: string; httpStatus?: number; subcode?: number; message?: string } = {},
): GraphErrorReply => {
  const k = known(code);
  const subcode = opts.subcode ?? k.subcode;
  // Graph prefixes platform error messages with "(#code)"; auth errors (190) are not prefixed.
  const message = opts.message ?? (code === 190 ? k.title : `(#${code}) ${k.title}`);
  return {
    status: opts.httpStatus ?? k.httpStatus,
    body: {
      error: {
        message,
        type: "OAuthException",
        code,
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        error_data: { messaging_product: "whatsapp", details: opts.details ?? k.details },
        fbtrace_id: fbtraceId(),
      },
    },
  };
};

export const invalidParameter = (details: string): GraphErrorReply => graphError(100, { details });

/** The `errors[]` item of a failed status or of an inbound unsupported message. */
export const errorItem = (code: number, details?: string): GraphErrorItem => {
  const k = known(code);
  return {
    code,
    title: k.title,
    message: k.title,
    error_data: { details: details ?? k.details },
    href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
  };
};
