import type { InboundContent } from "../../platform/whatsapp/types.ts";
import type { BotInput } from "../bot/types.ts";

/** What the bot sees of a WhatsApp message: the text, the tapped option, a file, or "something else". */
export const toBotInput = (content: InboundContent, messageId: string): BotInput => {
  switch (content.kind) {
    case "text":
      return { kind: "text", text: content.body };
    case "button_reply":
    case "list_reply":
      return { kind: "choice", id: content.id, title: content.title };
    case "template_button":
      return { kind: "choice", id: content.payload, title: content.text };
    case "image":
      return { kind: "file", fileKind: "image", mimeType: content.media.mimeType, messageId };
    case "document":
      return {
        kind: "file",
        fileKind: "document",
        mimeType: content.media.mimeType,
        filename: content.filename,
        messageId,
      };
    case "audio":
    case "video":
    case "sticker":
    case "location":
    case "contacts":
    case "reaction":
    case "system":
      return { kind: "other", what: content.kind };
    default:
      return { kind: "other", what: "unsupported" };
  }
};
