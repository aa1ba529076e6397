import type {
  GraphErrorItem,
  InboundContent,
  InboundMedia,
  InboundMessage,
  StatusUpdate,
  WebhookMessage,
  WebhookPayload,
  WebhookStatus,
} from "./types.ts";

/** Where an item sits in a payload, e.g. "entry[0].changes[1].messages[3]": kept with every problem we report. */
export type ItemPath = string;

export type Route = { phoneNumberId?: string; displayPhoneNumber?: string; wabaId?: string };

export type ParsedItem =
  | { kind: "message"; path: ItemPath; route: Route; message: InboundMessage; profileName?: string }
  | { kind: "status"; path: ItemPath; route: Route; status: StatusUpdate }
  | { kind: "error"; path: ItemPath; route: Route; error: GraphErrorItem }
  | { kind: "ignored"; path: ItemPath; route: Route; field: string }
  | { kind: "invalid"; path: ItemPath; route: Route; reason: string };

/**
 * Walks every entry × change × message / status / error of a webhook payload (Meta batches up to 1000).
 * Each item is parsed on its own: a malformed one becomes `invalid` and never hides its neighbours.
 */
export const walkPayload = (payload: WebhookPayload): ParsedItem[] => {
  const items: ParsedItem[] = [];
  (Array.isArray(payload.entry) ? payload.entry : []).forEach((entry, e) => {
    (Array.isArray(entry?.changes) ? entry.changes : []).forEach((change, c) => {
      const base = `entry[${e}].changes[${c}]`;
      const value = change?.value ?? {};
      const route: Route = {
        phoneNumberId: value.metadata?.phone_number_id,
        displayPhoneNumber: value.metadata?.display_phone_number,
        wabaId: entry?.id,
      };
      if (change?.field !== "messages") {
        items.push({ kind: "ignored", path: base, route, field: String(change?.field) });
        return;
      }
      const contacts = Array.isArray(value.contacts) ? value.contacts : [];
      listOf(value.messages).forEach((raw, i) => {
        const path = `${base}.messages[${i}]`;
        items.push(
          guard(path, route, () => {
            const message = parseMessage(raw as WebhookMessage);
            const contact = contacts.find(
              (k) =>
                (k.wa_id && k.wa_id === message.from.waId) ||
                (k.user_id && k.user_id === message.from.userId),
            );
            // The contacts block names the sender's user_id even when the message itself omits from_user_id.
            if (contact?.user_id && !message.from.userId) message.from.userId = contact.user_id;
            return { kind: "message", path, route, message, profileName: contact?.profile?.name };
          }),
        );
      });
      listOf(value.statuses).forEach((raw, i) => {
        const path = `${base}.statuses[${i}]`;
        items.push(
          guard(path, route, () => ({
            kind: "status",
            path,
            route,
            status: parseStatus(raw as WebhookStatus),
          })),
        );
      });
      listOf(value.errors).forEach((raw, i) => {
        items.push({ kind: "error", path: `${base}.errors[${i}]`, route, error: raw as GraphErrorItem });
      });
    });
  });
  return items;
};

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const guard = (path: ItemPath, route: Route, parse: () => ParsedItem): ParsedItem => {
  try {
    return parse();
  } catch (error) {
    return { kind: "invalid", path, route, reason: (error as Error).message };
  }
};

const requireString = (value: unknown, name: string): string => {
  if (typeof value !== "string" || value.length === 0) throw new Error(`${name} is missing`);
  return value;
};

const parseTimestamp = (value: unknown): Date => {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error("timestamp is not unix seconds");
  return new Date(seconds * 1000);
};

export const parseMessage = (raw: WebhookMessage): InboundMessage => {
  if (!raw || typeof raw !== "object") throw new Error("message is not an object");
  const wamid = requireString(raw.id, "message id");
  const from = { waId: raw.from || undefined, userId: raw.from_user_id || undefined };
  if (!from.waId && !from.userId) throw new Error("message has neither from nor from_user_id");
  return {
    wamid,
    from,
    timestamp: parseTimestamp(raw.timestamp),
    replyTo: raw.context?.id,
    content: parseContent(raw),
  };
};

const media = (
  m: { id?: string; mime_type?: string; sha256?: string; url?: string } | undefined,
): InboundMedia => ({
  id: requireString(m?.id, "media id"),
  mimeType: m?.mime_type,
  sha256: m?.sha256,
  url: m?.url,
});

const parseContent = (raw: WebhookMessage): InboundContent => {
  switch (raw.type) {
    case "text":
      return { kind: "text", body: String(raw.text?.body ?? "") };
    case "interactive":
      return parseInteractive(raw);
    case "button":
      return {
        kind: "template_button",
        payload: String(raw.button?.payload ?? ""),
        text: String(raw.button?.text ?? ""),
      };
    case "image":
    case "video":
      return { kind: raw.type, media: media(raw[raw.type]), caption: raw[raw.type]?.caption };
    case "document":
      return {
        kind: "document",
        media: media(raw.document),
        filename: raw.document?.filename,
        caption: raw.document?.caption,
      };
    case "audio":
      return { kind: "audio", media: media(raw.audio), voice: Boolean(raw.audio?.voice) };
    case "sticker":
      return { kind: "sticker", media: media(raw.sticker), animated: Boolean(raw.sticker?.animated) };
    case "location":
      return parseLocation(raw);
    case "contacts":
      return parseContacts(raw);
    case "reaction":
      return {
        kind: "reaction",
        messageId: String(raw.reaction?.message_id ?? ""),
        emoji: raw.reaction?.emoji ?? "",
      };
    case "system":
      return {
        kind: "system",
        systemType: String(raw.system?.type ?? "unknown"),
        body: String(raw.system?.body ?? ""),
        newWaId: raw.system?.wa_id,
      };
    default:
      // unsupported, unknown, and any type Meta adds later: kept, never dropped.
      return { kind: "unsupported", originalType: String(raw.type), errorCode: raw.errors?.[0]?.code };
  }
};

const parseInteractive = (raw: WebhookMessage): InboundContent => {
  const i = raw.interactive;
  if (i?.type === "button_reply" && i.button_reply) {
    return { kind: "button_reply", id: String(i.button_reply.id), title: String(i.button_reply.title) };
  }
  if (i?.type === "list_reply" && i.list_reply) {
    const { id, title, description } = i.list_reply;
    return { kind: "list_reply", id: String(id), title: String(title), description };
  }
  return { kind: "unsupported", originalType: `interactive.${String(i?.type)}` };
};

const parseLocation = (raw: WebhookMessage): InboundContent => {
  const l = raw.location;
  const latitude = Number(l?.latitude);
  const longitude = Number(l?.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude))
    throw new Error("location without coordinates");
  return { kind: "location", latitude, longitude, name: l?.name, address: l?.address };
};

const parseContacts = (raw: WebhookMessage): InboundContent => {
  const cards = (raw.contacts ?? []).map((card) => {
    const c = card as {
      name?: { formatted_name?: string };
      phones?: Array<{ phone?: string; wa_id?: string }>;
    };
    return {
      name: String(c.name?.formatted_name ?? ""),
      phones: (c.phones ?? []).map((p) => String(p.wa_id ?? p.phone ?? "")).filter(Boolean),
    };
  });
  const origin = (raw.contacts?.[0] as { origin?: string } | undefined)?.origin;
  return { kind: "contacts", contacts: cards, origin };
};

const STATUS_VALUES = new Set(["sent", "delivered", "read", "failed", "played"]);

export const parseStatus = (raw: WebhookStatus): StatusUpdate => {
  if (!raw || typeof raw !== "object") throw new Error("status is not an object");
  const wamid = requireString(raw.id, "status id");
  if (!STATUS_VALUES.has(raw.status)) throw new Error(`unknown status "${String(raw.status)}"`);
  const error = raw.errors?.[0];
  return {
    wamid,
    status: raw.status as StatusUpdate["status"],
    timestamp: parseTimestamp(raw.timestamp),
    recipient: { waId: raw.recipient_id || undefined, userId: raw.recipient_user_id || undefined },
    callbackData: raw.biz_opaque_callback_data,
    error: error
      ? {
          code: Number(error.code),
          title: String(error.title ?? error.message ?? ""),
          details: error.error_data?.details,
        }
      : undefined,
  };
};
