/** Shapes of the WhatsApp Cloud API that Lontar reads and writes (see shared/domain/whatsapp-cloud-api.md). */

export type GraphMediaRef = { id: string; mime_type?: string; sha256?: string; url?: string };

export type WebhookMessage = {
  from?: string;
  from_user_id?: string;
  id: string;
  timestamp: string;
  type: string;
  context?: { from?: string; id?: string };
  text?: { body: string };
  interactive?: {
    type: "button_reply" | "list_reply" | string;
    button_reply?: { id: string; title: string };
    list_reply?: { id: string; title: string; description?: string };
  };
  button?: { payload: string; text: string };
  image?: GraphMediaRef & { caption?: string };
  video?: GraphMediaRef & { caption?: string };
  document?: GraphMediaRef & { filename?: string; caption?: string };
  audio?: GraphMediaRef & { voice?: boolean };
  sticker?: GraphMediaRef & { animated?: boolean };
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  contacts?: Array<Record<string, unknown>>;
  reaction?: { message_id: string; emoji?: string };
  system?: { type?: string; body?: string; wa_id?: string; customer?: string };
  errors?: GraphErrorItem[];
};

export type GraphErrorItem = {
  code: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
  href?: string;
};

export type WebhookStatus = {
  id: string;
  status: "sent" | "delivered" | "read" | "failed" | "played" | string;
  timestamp: string;
  recipient_id?: string;
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  conversation?: unknown;
  pricing?: unknown;
  errors?: GraphErrorItem[];
};

export type WebhookContact = { profile?: { name?: string }; wa_id?: string; user_id?: string };

export type WebhookChangeValue = {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: WebhookContact[];
  messages?: WebhookMessage[];
  statuses?: WebhookStatus[];
  errors?: GraphErrorItem[];
};

export type WebhookPayload = {
  object: string;
  entry?: Array<{ id?: string; changes?: Array<{ field?: string; value?: WebhookChangeValue }> }>;
};

/** Our own typed view of an inbound message. Unknown kinds are kept as `unsupported` with the raw item. */
export type InboundContent =
  | { kind: "text"; body: string }
  | { kind: "button_reply"; id: string; title: string }
  | { kind: "list_reply"; id: string; title: string; description?: string }
  | { kind: "template_button"; payload: string; text: string }
  | { kind: "image" | "video"; media: InboundMedia; caption?: string }
  | { kind: "document"; media: InboundMedia; filename?: string; caption?: string }
  | { kind: "audio"; media: InboundMedia; voice: boolean }
  | { kind: "sticker"; media: InboundMedia; animated: boolean }
  | { kind: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | { kind: "contacts"; contacts: Array<{ name: string; phones: string[] }>; origin?: string }
  | { kind: "reaction"; messageId: string; emoji: string }
  | { kind: "system"; systemType: string; body: string; newWaId?: string }
  | { kind: "unsupported"; originalType: string; errorCode?: number };

export type InboundMedia = { id: string; mimeType?: string; sha256?: string; url?: string };

export type InboundMessage = {
  wamid: string;
  from: { waId?: string; userId?: string };
  timestamp: Date;
  replyTo?: string;
  content: InboundContent;
};

export type DeliveryStatus = "accepted" | "sent" | "delivered" | "read" | "failed";

export type StatusUpdate = {
  wamid: string;
  status: DeliveryStatus | "played";
  timestamp: Date;
  recipient: { waId?: string; userId?: string };
  callbackData?: string;
  error?: { code: number; title: string; details?: string };
};

/** Body of POST /{version}/{phone-number-id}/messages, as built by builders.ts. */
export type OutboundMessage = {
  messaging_product: "whatsapp";
  recipient_type?: "individual";
  to?: string;
  recipient?: string;
  type: string;
  biz_opaque_callback_data?: string;
  context?: { message_id: string };
  [key: string]: unknown;
};

/** Mark-as-read, which goes to the same endpoint but has no `type`. */
export type ReadReceipt = {
  messaging_product: "whatsapp";
  status: "read";
  message_id: string;
  typing_indicator?: { type: "text" };
};
