/** Builds webhook payloads shaped like Meta's (facts doc §1.3–1.6). */
import { createHash, randomBytes } from "node:crypto";
import type {
  WebhookChangeValue,
  WebhookContact,
  WebhookMessage,
  WebhookPayload,
  WebhookStatus,
} from "../../platform/whatsapp/types.ts";
import { errorItem } from "./graph-errors.ts";
import { newWamid, unixSeconds, userIdFor, waIdOf } from "./ids.ts";
import type { FakeNumber, InboundInput, InboundMessageInput, MediaRecord, StatusName } from "./types.ts";

export type PayloadContext = {
  number(phoneNumberId: string): FakeNumber;
  now(): number;
  media: Map<string, MediaRecord>;
  /** A short-lived download URL for the `url` field some media webhooks now carry. */
  mediaUrl(mediaId: string): string;
  /** Last business message sent to this citizen, used as the default `context` of button taps. */
  lastOutboundTo(key: string): string | undefined;
};

/** What the fake remembers about each accepted send, to build its status webhooks. */
export type SentInfo = {
  wamid: string;
  phoneNumberId: string;
  waId?: string;
  userId: string;
  sentToPhone: boolean;
  callbackData?: string;
  template: boolean;
};

export const envelope = (num: FakeNumber, value: WebhookChangeValue): WebhookPayload => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: num.wabaId,
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: num.displayPhoneNumber, phone_number_id: num.phoneNumberId },
            ...value,
          },
        },
      ],
    },
  ],
});

const mediaFields = (ctx: PayloadContext, m: Extract<InboundMessageInput, { mediaId: string }>) => {
  const stored = ctx.media.get(m.mediaId);
  // Meta's webhook examples carry a base64 sha256 (GET /{media-id} gives hex): mimic both.
  const sha256 = stored
    ? createHash("sha256").update(stored.bytes).digest("base64")
    : randomBytes(32).toString("base64");
  const mime = m.mimeType ?? stored?.mimeType ?? "application/octet-stream";
  const base: Record<string, unknown> = { id: m.mediaId, mime_type: mime, sha256 };
  if (m.includeUrl) base.url = ctx.mediaUrl(m.mediaId);
  if (m.caption !== undefined && m.type !== "audio" && m.type !== "sticker") base.caption = m.caption;
  if (m.type === "document") base.filename = m.filename ?? stored?.filename ?? "document";
  if (m.type === "audio") base.voice = m.voice ?? false;
  if (m.type === "sticker") base.animated = m.animated ?? false;
  return base;
};

const messageBody = (ctx: PayloadContext, m: InboundMessageInput, waId?: string): Partial<WebhookMessage> => {
  switch (m.type) {
    case "text":
      return { type: "text", text: { body: m.body } };
    case "button_reply":
      return {
        type: "interactive",
        interactive: { type: "button_reply", button_reply: { id: m.id, title: m.title } },
      };
    case "list_reply": {
      const reply = {
        id: m.id,
        title: m.title,
        ...(m.description === undefined ? {} : { description: m.description }),
      };
      return { type: "interactive", interactive: { type: "list_reply", list_reply: reply } };
    }
    case "template_button":
      return { type: "button", button: { payload: m.payload, text: m.text } };
    case "image":
    case "document":
    case "audio":
    case "video":
    case "sticker":
      return { type: m.type, [m.type]: mediaFields(ctx, m) };
    case "location": {
      const { type: _t, ...location } = m;
      return { type: "location", location };
    }
    case "contacts":
      return { type: "contacts", contacts: m.contacts };
    case "reaction":
      return { type: "reaction", reaction: { message_id: m.messageId, emoji: m.emoji } };
    case "unsupported": {
      const code = m.errorCode ?? 131051;
      const item = errorItem(code);
      if (m.errorTitle) item.title = item.message = m.errorTitle;
      return { type: "unsupported", errors: [item] };
    }
    case "system": {
      const newWaId = m.newWaId ?? "";
      const body = m.body ?? `User ${waId ?? ""} changed from ${waId ?? ""} to ${newWaId}`;
      const systemType = m.systemType ?? "user_changed_number";
      return { type: "system", system: { type: systemType, body, ...(newWaId ? { wa_id: newWaId } : {}) } };
    }
  }
};

const replyContext = (input: InboundInput, key: string, ctx: PayloadContext): string | undefined => {
  const m = input.message;
  const explicit = "contextWamid" in m ? m.contextWamid : undefined;
  if (explicit ?? input.replyTo) return explicit ?? input.replyTo;
  // Meta always sets context on interactive/template taps; default to our last message to them.
  const tapped = m.type === "button_reply" || m.type === "list_reply" || m.type === "template_button";
  return tapped ? ctx.lastOutboundTo(key) : undefined;
};

export const buildInboundPayload = (
  ctx: PayloadContext,
  input: InboundInput,
): { payload: WebhookPayload; wamid: string; waId?: string; userId: string } => {
  const num = ctx.number(input.phoneNumberId);
  const waId = input.from === undefined ? undefined : waIdOf(input.from);
  if (!waId && !input.userId) throw new Error("sendInbound needs `from` or `userId`");
  const userId = input.userId ?? userIdFor(waId!);
  const wamid = newWamid();
  const message = {
    ...(waId ? { from: waId } : {}),
    from_user_id: userId,
    id: wamid,
    timestamp: unixSeconds(ctx.now()),
    ...messageBody(ctx, input.message, waId),
    ...input.extra,
  } as WebhookMessage;
  const contextId = replyContext(input, waId ?? userId, ctx);
  if (contextId) message.context = { from: num.displayPhoneNumber, id: contextId };
  const value: WebhookChangeValue = {};
  // System messages (number changes) come without a contacts block.
  if (input.message.type !== "system") {
    const contact: WebhookContact = { profile: { name: input.name ?? "Warga" } };
    if (waId) contact.wa_id = waId;
    contact.user_id = userId;
    value.contacts = [contact];
  }
  value.messages = [message];
  return { payload: envelope(num, value), wamid, waId, userId };
};

const pricing = (info: SentInfo) =>
  info.template
    ? { billable: true, pricing_model: "PMP", type: "regular", category: "utility" }
    : { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" };

export const buildStatusPayload = (
  ctx: PayloadContext,
  info: SentInfo,
  status: StatusName,
  error?: { code: number; details?: string },
): WebhookPayload => {
  const item: WebhookStatus = { id: info.wamid, status, timestamp: unixSeconds(ctx.now()) };
  if (info.waId) item.recipient_id = info.waId;
  // Failed statuses drop the BSUID when the message was addressed to a phone number (doc §1.5).
  if (status !== "failed" || !info.sentToPhone) item.recipient_user_id = info.userId;
  if (info.callbackData !== undefined) item.biz_opaque_callback_data = info.callbackData;
  if (status === "sent" || status === "delivered") item.pricing = pricing(info);
  if (status === "failed") item.errors = [errorItem(error?.code ?? 131026, error?.details)];
  const value: WebhookChangeValue = {};
  if (status !== "failed") {
    const contact: WebhookContact = {};
    if (info.waId) contact.wa_id = info.waId;
    contact.user_id = info.userId;
    value.contacts = [contact];
  }
  value.statuses = [item];
  return envelope(ctx.number(info.phoneNumberId), value);
};

export type BatchShape = "entries" | "changes" | "values";

/**
 * Merges payloads into one POST like Meta's batching. "entries": one entry per item;
 * "changes" (default): one entry per WABA holding several changes; "values": items of the same
 * business number merged into a single value's messages/statuses/contacts arrays.
 * Reorder by ordering `items` before calling.
 */
export const batchPayload = (items: WebhookPayload[], shape: BatchShape = "changes"): WebhookPayload => {
  const entries = items.flatMap((p) => p.entry ?? []);
  if (shape === "entries") return { object: "whatsapp_business_account", entry: entries };
  const byWaba = new Map<string, NonNullable<WebhookPayload["entry"]>[number]>();
  for (const e of entries) {
    const key = e.id ?? "";
    const merged = byWaba.get(key) ?? { id: e.id, changes: [] };
    byWaba.set(key, merged);
    for (const change of e.changes ?? []) {
      const pnid = change.value?.metadata?.phone_number_id;
      const same =
        shape === "values"
          ? merged.changes?.find((c) => c.value?.metadata?.phone_number_id === pnid)
          : undefined;
      if (!same?.value || !change.value) {
        merged.changes?.push(structuredClone(change));
        continue;
      }
      for (const k of ["contacts", "messages", "statuses", "errors"] as const) {
        const add = change.value[k];
        if (add) same.value[k] = [...(same.value[k] ?? []), ...structuredClone(add)] as never;
      }
      // Meta lists each citizen once per value even when they sent several messages.
      const seen = new Set<string>();
      same.value.contacts = same.value.contacts?.filter((c) => {
        const key = c.user_id ?? c.wa_id ?? "";
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
  }
  return { object: "whatsapp_business_account", entry: [...byWaba.values()] };
};
