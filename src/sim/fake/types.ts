/** Public types of the fake WhatsApp Cloud API (see shared/domain/whatsapp-cloud-api.md). */
import type { EventEmitter } from "node:events";
import type { FastifyPluginAsync } from "fastify";
import type { OutboundMessage, ReadReceipt, WebhookPayload } from "../../platform/whatsapp/types.ts";

export type FakeNumber = { phoneNumberId: string; displayPhoneNumber: string; wabaId: string };

export type FakeCloudApiOptions = {
  appSecret: string;
  accessToken: string;
  /** A getter works too: the demo learns its own port only after listen(). */
  webhookUrl: string | (() => string);
  apiVersion?: string;
  numbers: FakeNumber[];
  publicBaseUrl?: () => string;
  statuses?: { auto: boolean; delaysMs?: [number, number, number] };
  webhookRetry?: { attempts: number; baseDelayMs: number };
  /** Clock in epoch ms; tests jump it to expire media URLs without waiting 5 minutes. */
  now?: () => number;
  /** Max webhook POSTs in flight, so bulk sends do not open thousands of sockets. Default 16. */
  webhookConcurrency?: number;
};

export type ReceivedRequest =
  | {
      kind: "message";
      phoneNumberId: string;
      apiVersion: string;
      wamid: string;
      at: Date;
      body: OutboundMessage;
    }
  | {
      kind: "read";
      phoneNumberId: string;
      apiVersion: string;
      /** The message_id that Lontar marked as read. */
      wamid: string;
      at: Date;
      body: ReadReceipt;
    };

export type MediaRecord = { bytes: Buffer; mimeType: string; filename?: string; uploadedAt: Date };

type FaultCommon = {
  times?: number;
  /** Only requests to this recipient (`to` or `recipient`; a leading "+" is ignored). */
  to?: string;
  /** Which endpoint consumes the fault; default "messages". Mark-as-read calls never consume faults. */
  endpoint?: "messages" | "media";
};

export type Fault = FaultCommon &
  (
    | { kind: "http500" }
    | { kind: "http503" }
    | { kind: "throttle"; code: 130429 | 131056 | 80007 }
    | { kind: "reengagement" }
    | { kind: "undeliverable" }
    | { kind: "async_fail"; code: number; details?: string }
    | { kind: "slow"; ms: number }
    | { kind: "drop_after_accept" }
    | { kind: "reorder_statuses" }
    /** Escape hatch for any other synchronous Graph error (131048, 131049, 368, 131053…). */
    | { kind: "graph_error"; code: number; httpStatus?: number; details?: string; subcode?: number }
  );

export type InboundMessageInput =
  | { type: "text"; body: string }
  | { type: "button_reply"; id: string; title: string; contextWamid?: string }
  | { type: "list_reply"; id: string; title: string; description?: string; contextWamid?: string }
  | { type: "template_button"; payload: string; text: string; contextWamid?: string }
  | {
      type: "image" | "document" | "audio" | "video" | "sticker";
      mediaId: string;
      mimeType?: string;
      caption?: string;
      filename?: string;
      voice?: boolean;
      animated?: boolean;
      /** Include the (gradually rolled out) `url` field pointing at this fake's download route. */
      includeUrl?: boolean;
    }
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | { type: "contacts"; contacts: Array<Record<string, unknown>> }
  | { type: "reaction"; messageId: string; emoji: string }
  | { type: "unsupported"; errorCode?: number; errorTitle?: string }
  | { type: "system"; systemType?: string; body?: string; newWaId?: string };

export type InboundInput = {
  phoneNumberId: string;
  from?: string;
  userId?: string;
  name?: string;
  /** Sets `context` as if the citizen swiped-to-reply to this business message. */
  replyTo?: string;
  /** Extra message-level fields merged verbatim (e.g. `origin`), for shapes Meta may add later. */
  extra?: Record<string, unknown>;
  message: InboundMessageInput;
};

export type DeliveryOptions = { duplicates?: number; delayMs?: number };

export type StatusName = "sent" | "delivered" | "read" | "failed" | "played";

export type StatusOptions = DeliveryOptions & { error?: { code: number; details?: string } };

export type FakeStats = { accepted: number; rejected: number; webhooksSent: number; webhooksFailed: number };

export type FakeCloudApi = {
  routes: FastifyPluginAsync;
  /** The configured default Graph version, for clients building URLs (others are accepted too). */
  apiVersion: string;
  listen(): Promise<string>;
  close(): Promise<void>;
  received: ReceivedRequest[];
  media: Map<string, MediaRecord>;
  injectFault(f: Fault): void;
  clearFaults(): void;
  sendInbound(input: InboundInput, opts?: DeliveryOptions): Promise<string>;
  uploadInboundMedia(bytes: Buffer, mimeType: string, filename?: string): string;
  emitWebhook(payload: WebhookPayload, opts?: DeliveryOptions): Promise<number[]>;
  /** Builds (without sending) what sendInbound would send, so tests can batch/reorder it. */
  buildInbound(input: InboundInput): { payload: WebhookPayload; wamid: string };
  /** Builds a status webhook for a wamid this fake accepted; throws for unknown wamids. */
  buildStatus(wamid: string, status: StatusName, error?: StatusOptions["error"]): WebhookPayload;
  /** Emits one status webhook by hand (useful with `statuses.auto: false`). */
  emitStatus(wamid: string, status: StatusName, opts?: StatusOptions): Promise<number[]>;
  events: EventEmitter;
  stats(): FakeStats;
};
