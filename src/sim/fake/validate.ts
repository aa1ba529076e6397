/**
 * Checks POST /messages bodies against Meta's documented limits, so tests can prove Lontar's
 * builders never produce a body the real API would refuse with code 100.
 */
import type { OutboundMessage, ReadReceipt } from "../../platform/whatsapp/types.ts";

export type Checked =
  | { kind: "send"; body: OutboundMessage; recipient: string }
  | { kind: "read"; body: ReadReceipt }
  | { kind: "invalid"; details: string };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const tooLong = (v: unknown, max: number): boolean => typeof v === "string" && [...v].length > max;

const SEND_TYPES = new Set([
  "text",
  "interactive",
  "template",
  "image",
  "document",
  "audio",
  "video",
  "sticker",
  "location",
  "contacts",
  "reaction",
]);
const MEDIA_TYPES = new Set(["image", "document", "audio", "video", "sticker"]);

const checkButtons = (action: Obj): string | undefined => {
  const buttons = action.buttons;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3)
    return "interactive.action.buttons must have 1 to 3 items";
  const ids = new Set<string>();
  const titles = new Set<string>();
  for (const b of buttons) {
    const reply = isObj(b) && isObj(b.reply) ? b.reply : undefined;
    const id = str(reply?.id);
    const title = str(reply?.title);
    if (!id || !title) return "Each button needs reply.id and reply.title";
    if (tooLong(title, 20)) return `Button title length invalid. Should be maximum 20 characters: "${title}"`;
    if (tooLong(id, 256)) return "Button id too long (max 256)";
    if (ids.has(id) || titles.has(title)) return "Button ids and titles must be unique";
    ids.add(id);
    titles.add(title);
  }
  return undefined;
};

const checkList = (action: Obj): string | undefined => {
  if (!str(action.button) || tooLong(action.button, 20))
    return "List button label required, max 20 characters";
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10)
    return "interactive.action.sections must have 1 to 10 items";
  let rowCount = 0;
  for (const s of sections) {
    if (!isObj(s) || !Array.isArray(s.rows)) return "Each section needs rows";
    if (sections.length > 1 && !str(s.title)) return "Section title required when there are several sections";
    if (tooLong(s.title, 24)) return "Section title too long (max 24)";
    for (const r of s.rows) {
      rowCount += 1;
      if (!isObj(r) || !str(r.id) || !str(r.title)) return "Each row needs id and title";
      if (tooLong(r.title, 24)) return `Row title too long (max 24): "${r.title}"`;
      if (tooLong(r.id, 200)) return "Row id too long (max 200)";
      if (tooLong(r.description, 72)) return "Row description too long (max 72)";
    }
  }
  if (rowCount < 1 || rowCount > 10) return `Total row count exceed max allowed count: 10 (got ${rowCount})`;
  return undefined;
};

const checkInteractive = (i: unknown): string | undefined => {
  if (!isObj(i)) return "interactive object required";
  const body = isObj(i.body) ? i.body : undefined;
  const action = isObj(i.action) ? i.action : undefined;
  if (isObj(i.footer) && tooLong(i.footer.text, 60)) return "Footer text too long (max 60)";
  if (isObj(i.header) && tooLong(i.header.text, 60)) return "Header text too long (max 60)";
  if (i.type === "button") {
    if (!str(body?.text) || tooLong(body?.text, 1024)) return "Body text required, max 1024 characters";
    return action ? checkButtons(action) : "interactive.action required";
  }
  if (i.type === "list") {
    if (!str(body?.text) || tooLong(body?.text, 4096)) return "Body text required, max 4096 characters";
    return action ? checkList(action) : "interactive.action required";
  }
  // Other interactive kinds (cta_url, request_contact_info, flow…) are passed through unchecked.
  return typeof i.type === "string" ? undefined : "interactive.type required";
};

const checkContent = (b: Obj, type: string, hasMedia: (id: string) => boolean): string | undefined => {
  const content = b[type];
  if (!isObj(content) && type !== "contacts") return `Param ${type} is required`;
  if (type === "text") {
    const body = str((content as Obj).body);
    if (!body) return "Param text['body'] is required";
    if (tooLong(body, 4096)) return "Param text['body'] must be at most 4096 characters long.";
  }
  if (type === "interactive") return checkInteractive(content);
  if (MEDIA_TYPES.has(type)) {
    const m = content as Obj;
    const id = str(m.id);
    if (!id && !str(m.link)) return `Param ${type} must have id or link`;
    if (id && !hasMedia(id))
      return `Param ${type}['id'] is not a valid whatsapp business account media attachment ID`;
    if (tooLong(m.caption, 1024)) return "Caption too long (max 1024)";
  }
  if (type === "template") {
    const t = content as Obj;
    if (!str(t.name) || !isObj(t.language) || !str(t.language.code))
      return "Param template['name'] and template['language']['code'] are required";
  }
  if (type === "reaction" && !str((content as Obj).message_id))
    return "Param reaction['message_id'] is required";
  return undefined;
};

export const checkMessagesBody = (raw: unknown, hasMedia: (id: string) => boolean): Checked => {
  if (!isObj(raw)) return { kind: "invalid", details: "Request body must be a JSON object" };
  if (raw.messaging_product !== "whatsapp")
    return {
      kind: "invalid",
      details: "The parameter messaging_product is required and must be 'whatsapp'.",
    };
  if (raw.status === "read" && raw.type === undefined) {
    if (!str(raw.message_id)) return { kind: "invalid", details: "The parameter message_id is required." };
    return { kind: "read", body: raw as ReadReceipt };
  }
  const type = str(raw.type);
  if (!type || !SEND_TYPES.has(type))
    return { kind: "invalid", details: `Unsupported message type: ${type}` };
  const recipient = str(raw.to) ?? str(raw.recipient);
  if (!recipient) return { kind: "invalid", details: "The parameter to is required." };
  const problem = checkContent(raw, type, hasMedia);
  if (problem) return { kind: "invalid", details: problem };
  if (raw.context !== undefined && !(isObj(raw.context) && str(raw.context.message_id)))
    return { kind: "invalid", details: "Param context['message_id'] is required" };
  return { kind: "send", body: raw as OutboundMessage, recipient };
};
