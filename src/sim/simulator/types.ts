/** What the phone simulator keeps per chat and sends to the page as JSON (see client/render.js). */

/** Ticks on the citizen's own messages, as WhatsApp shows them on a phone. */
export type Tick = "pending" | "sent" | "read";

export type SimButton = { id: string; title: string };
export type SimRow = { id: string; title: string; description?: string };
export type SimSection = { title?: string; rows: SimRow[] };
export type SimTemplateButton = { index: number; subType: string; payload?: string; text?: string };

export type SimContent =
  | { kind: "text"; body: string }
  /** The citizen tapped a reply button, a list row or a template quick reply. */
  | { kind: "reply"; title: string; description?: string }
  | { kind: "image"; mediaId?: string; link?: string; caption?: string }
  | { kind: "document"; mediaId?: string; link?: string; filename: string; caption?: string }
  | { kind: "buttons"; header?: string; body: string; footer?: string; buttons: SimButton[] }
  | {
      kind: "list";
      header?: string;
      body: string;
      footer?: string;
      buttonLabel: string;
      sections: SimSection[];
    }
  | {
      kind: "template";
      name: string;
      language: string;
      header?: { text?: string[]; mediaKind?: string; mediaId?: string; filename?: string };
      body: string[];
      buttons: SimTemplateButton[];
    }
  /** Anything the simulator does not draw specially (audio, location, reactions, new Meta types). */
  | { kind: "other"; label: string; text?: string };

export type SimMessage = {
  /** The wamid: inbound ones come from the fake's 'inbound' event, outbound ones from its /messages. */
  id: string;
  /** Arrival order within the session; the page keeps bubbles sorted by it. */
  seq: number;
  from: "citizen" | "office";
  /** ISO timestamp. */
  at: string;
  tick?: Tick;
  /** wamid of the message this one answers (button taps carry the tapped message's wamid). */
  replyTo?: string;
  content: SimContent;
};
