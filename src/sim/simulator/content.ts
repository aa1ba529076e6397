/**
 * Turns what travels through the fake (inbound inputs, outbound Graph bodies) into the simulator's
 * bubble shapes. Outbound bodies come from Lontar over HTTP, so every field is read defensively:
 * a shape we do not know still gets a readable bubble instead of breaking the chat.
 */
import type { OutboundMessage } from "../../platform/whatsapp/types.ts";
import type { InboundMessageInput } from "../fake/types.ts";
import type { SimContent, SimRow, SimSection, SimTemplateButton } from "./types.ts";

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
/** Spreads `{ key: value }` only when the value is a string, so optional fields stay absent. */
const opt = <K extends string>(key: K, v: unknown): Partial<Record<K, string>> =>
  typeof v === "string" ? ({ [key]: v } as Record<K, string>) : {};

const LABELS: Record<string, string> = {
  audio: "🎤 Pesan suara",
  video: "🎬 Video",
  sticker: "Stiker",
  location: "📍 Lokasi",
  contacts: "👤 Kontak",
  reaction: "Reaksi",
  system: "Pesan sistem",
  unsupported: "Pesan tidak didukung",
};

/** A citizen message as the fake received it from the simulator (or from any other caller). */
export const fromInbound = (m: InboundMessageInput): SimContent => {
  switch (m.type) {
    case "text":
      return { kind: "text", body: m.body };
    case "button_reply":
      return { kind: "reply", title: m.title };
    case "list_reply":
      return { kind: "reply", title: m.title, ...opt("description", m.description) };
    case "template_button":
      return { kind: "reply", title: m.text };
    case "image":
      return { kind: "image", mediaId: m.mediaId, ...opt("caption", m.caption) };
    case "document":
      return {
        kind: "document",
        mediaId: m.mediaId,
        filename: m.filename ?? "dokumen",
        ...opt("caption", m.caption),
      };
    case "location":
      return { kind: "other", label: LABELS.location!, text: [m.name, m.address].filter(Boolean).join("\n") };
    case "reaction":
      return { kind: "other", label: LABELS.reaction!, text: m.emoji };
    default:
      return { kind: "other", label: LABELS[m.type] ?? m.type };
  }
};

const media = (kind: "image" | "document", v: unknown): SimContent => {
  const o = obj(v);
  const ref = { ...opt("mediaId", o.id), ...opt("link", o.link), ...opt("caption", o.caption) };
  if (kind === "image") return { kind, ...ref };
  return { kind, ...ref, filename: str(o.filename) ?? "dokumen" };
};

const rows = (v: unknown): SimRow[] =>
  arr(v).map((r) => {
    const o = obj(r);
    return { id: str(o.id) ?? "", title: str(o.title) ?? "", ...opt("description", o.description) };
  });

const interactive = (v: unknown): SimContent => {
  const o = obj(v);
  const frame = {
    ...opt("header", obj(o.header).text),
    body: str(obj(o.body).text) ?? "",
    ...opt("footer", obj(o.footer).text),
  };
  const action = obj(o.action);
  if (o.type === "button") {
    const buttons = arr(action.buttons).map((b) => {
      const reply = obj(obj(b).reply);
      return { id: str(reply.id) ?? "", title: str(reply.title) ?? "" };
    });
    return { kind: "buttons", ...frame, buttons };
  }
  if (o.type === "list") {
    const sections: SimSection[] = arr(action.sections).map((s) => ({
      ...opt("title", obj(s).title),
      rows: rows(obj(s).rows),
    }));
    return { kind: "list", ...frame, buttonLabel: str(action.button) ?? "Pilih", sections };
  }
  // cta_url, flows, location requests…: show the text and say what kind it was.
  const text = [frame.header, frame.body, frame.footer].filter(Boolean).join("\n\n");
  return { kind: "other", label: `Pesan interaktif (${str(o.type) ?? "?"})`, text };
};

const textParams = (parameters: unknown[]): string[] =>
  parameters.flatMap((p) => {
    const text = str(obj(p).text);
    return text === undefined ? [] : [text];
  });

const template = (v: unknown): SimContent => {
  const o = obj(v);
  const result: Extract<SimContent, { kind: "template" }> = {
    kind: "template",
    name: str(o.name) ?? "?",
    language: str(obj(o.language).code) ?? "?",
    body: [],
    buttons: [],
  };
  for (const c of arr(o.components).map(obj)) {
    const parameters = arr(c.parameters);
    if (c.type === "header") {
      const first = obj(parameters[0]);
      const mediaKind = str(first.type);
      if (mediaKind && mediaKind !== "text") {
        const ref = obj(first[mediaKind]);
        result.header = { mediaKind, ...opt("mediaId", ref.id), ...opt("filename", ref.filename) };
      } else result.header = { text: textParams(parameters) };
    } else if (c.type === "body") result.body = textParams(parameters);
    else if (c.type === "button") {
      const p = obj(parameters[0]);
      const button: SimTemplateButton = {
        index: Number(c.index ?? 0),
        subType: str(c.sub_type) ?? "?",
        ...opt("payload", p.payload),
        ...opt("text", p.text),
      };
      result.buttons.push(button);
    }
  }
  return result;
};

/** A message Lontar sent through the fake's POST /messages. */
export const fromOutbound = (body: OutboundMessage): SimContent => {
  const payload = body[body.type];
  switch (body.type) {
    case "text":
      return { kind: "text", body: str(obj(payload).body) ?? "" };
    case "image":
    case "document":
      return media(body.type, payload);
    case "interactive":
      return interactive(payload);
    case "template":
      return template(payload);
    case "video":
    case "audio":
    case "sticker":
      return { kind: "other", label: LABELS[body.type]!, ...opt("text", obj(payload).caption) };
    case "reaction":
      return { kind: "other", label: LABELS.reaction!, ...opt("text", obj(payload).emoji) };
    case "location": {
      const o = obj(payload);
      return {
        kind: "other",
        label: LABELS.location!,
        text: [str(o.name), str(o.address)].filter(Boolean).join("\n"),
      };
    }
    default:
      return { kind: "other", label: `Jenis pesan "${body.type}"` };
  }
};
