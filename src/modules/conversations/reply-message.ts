import { buttonsMessage, listMessage, textMessage } from "../../platform/whatsapp/builders.ts";
import type { OutboundMessage } from "../../platform/whatsapp/types.ts";
import type { Reply } from "../bot/types.ts";

const clip = (s: string, max: number) => ([...s].length <= max ? s : `${[...s].slice(0, max - 1).join("")}…`);

/**
 * The WhatsApp message for a bot reply. Catalogue text is long and edited by admins, so bodies are clipped to
 * Meta's limits here rather than rejected: a citizen gets a slightly shorter message instead of none.
 */
export const toWhatsApp = (reply: Reply, to: string): OutboundMessage => {
  if (reply.kind === "text") return textMessage({ to, body: clip(reply.body, 4096) });
  if (reply.kind === "buttons") {
    return buttonsMessage({
      to,
      body: clip(reply.body, 1024),
      buttons: reply.buttons.map((b) => ({ id: b.id, title: clip(b.title, 20) })),
    });
  }
  return listMessage({
    to,
    body: clip(reply.body, 1024),
    buttonLabel: clip(reply.button, 20),
    sections: [
      {
        rows: reply.rows.map((r) => ({
          id: r.id,
          title: clip(r.title, 24),
          ...(r.description ? { description: clip(r.description, 72) } : {}),
        })),
      },
    ],
  });
};

/** A template parameter as Meta accepts it: no newlines, tabs or runs of spaces (error 132018), never empty. */
export const templateParam = (s: string) =>
  s
    .replace(/[\t\n\r]+/g, "; ")
    .replace(/ {2,}/g, " ")
    .trim()
    .slice(0, 200) || "-";
