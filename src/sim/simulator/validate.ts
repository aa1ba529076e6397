/**
 * Checks on what the simulator page posts. The messages are shown to the person at the page, so
 * they are in Bahasa Indonesia.
 */
import { parseRecipient } from "../../platform/whatsapp/phone.ts";
import type { InboundMessageInput } from "../fake/types.ts";
import type { SimMessage } from "./types.ts";

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export const TEXT_MAX = 4096;
const NAME_MAX = 60;
const CAPTION_MAX = 1024;

/** Accepts 6281…, +62 812…, 0812… (as citizens write it) and returns the wa_id digits. */
export const checkPhone = (raw: unknown): Checked<string> => {
  if (typeof raw !== "string" || raw.trim() === "")
    return fail("Nomor warga wajib diisi, mis. 6281234567890.");
  const parsed = parseRecipient(raw);
  if (!parsed.ok) {
    return fail(
      `Nomor warga "${raw.trim().slice(0, 30)}" tidak valid: tulis 8–15 angka, mis. 6281234567890.`,
    );
  }
  return { ok: true, value: parsed.value };
};

/** The WhatsApp profile name; optional, like on a real phone. */
export const cleanName = (raw: unknown): string => {
  const name = typeof raw === "string" ? raw.replace(/\s+/g, " ").trim().slice(0, NAME_MAX) : "";
  return name === "" ? "Warga" : name;
};

export const cleanCaption = (raw: unknown): string | undefined => {
  const caption = typeof raw === "string" ? raw.trim().slice(0, CAPTION_MAX) : "";
  return caption === "" ? undefined : caption;
};

export const checkText = (raw: unknown): Checked<string> => {
  if (typeof raw !== "string" || raw.trim() === "") return fail("Pesan kosong: ketik sesuatu dulu.");
  if (raw.length > TEXT_MAX) return fail(`Pesan terlalu panjang (maks. ${TEXT_MAX} karakter).`);
  return { ok: true, value: raw };
};

export type ReplyRequest = { type?: unknown; contextWamid?: unknown; id?: unknown; index?: unknown };

/**
 * A tap on a button, list row or template quick reply of a message Lontar sent to this citizen.
 * The title comes from the stored message, not from the page: a phone can only tap what it was sent.
 */
export const resolveReply = (
  req: ReplyRequest,
  find: (wamid: string) => SimMessage | undefined,
): Checked<InboundMessageInput> => {
  const contextWamid = typeof req.contextWamid === "string" ? req.contextWamid : "";
  const target = contextWamid ? find(contextWamid) : undefined;
  if (target?.from !== "office") return fail("Pesan yang dibalas tidak ditemukan di obrolan ini.");
  const c = target.content;
  if (req.type === "button_reply" && c.kind === "buttons") {
    const button = c.buttons.find((b) => b.id === req.id);
    if (button)
      return { ok: true, value: { type: "button_reply", id: button.id, title: button.title, contextWamid } };
  }
  if (req.type === "list_reply" && c.kind === "list") {
    const row = c.sections.flatMap((s) => s.rows).find((r) => r.id === req.id);
    if (row) {
      const description = row.description === undefined ? {} : { description: row.description };
      return {
        ok: true,
        value: { type: "list_reply", id: row.id, title: row.title, ...description, contextWamid },
      };
    }
  }
  if (req.type === "template_button" && c.kind === "template") {
    const button = c.buttons.find((b) => b.index === req.index && b.subType === "quick_reply");
    if (button?.payload !== undefined) {
      // The approved button label lives in WhatsApp Manager, not in the send request.
      const text = `Balasan cepat ${button.index + 1}`;
      return { ok: true, value: { type: "template_button", payload: button.payload, text, contextWamid } };
    }
  }
  return fail("Pilihan itu tidak ada di pesan yang dibalas.");
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const UPLOAD_KINDS: Record<
  string,
  { type: "image" | "document"; magic: (b: Buffer) => boolean; ext: string }
> = {
  "image/jpeg": { type: "image", magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, ext: "jpg" },
  "image/png": { type: "image", magic: (b) => b.subarray(0, 8).equals(PNG_SIGNATURE), ext: "png" },
  "image/webp": {
    type: "image",
    magic: (b) =>
      b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
    ext: "webp",
  },
  "application/pdf": {
    type: "document",
    magic: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-",
    ext: "pdf",
  },
};

export type Upload = { type: "image" | "document"; mimeType: string; filename: string };

/** Photos and PDFs only, and the bytes must match the claimed type: Lontar stores what we send. */
export const checkUpload = (bytes: Buffer | undefined, mimeType: string, filename: string | undefined) => {
  if (!bytes || bytes.length === 0) return fail("Pilih foto atau PDF yang akan dikirim.");
  const kind = UPLOAD_KINDS[mimeType.toLowerCase()];
  if (!kind) return fail("Hanya foto (JPG, PNG, WebP) atau PDF yang bisa dikirim.");
  if (!kind.magic(bytes)) return fail("Berkas rusak atau isinya bukan foto/PDF.");
  const name = (filename ?? "")
    .replace(/[\\/\r\n\t]/g, "_")
    .trim()
    .slice(-200);
  const value: Upload = {
    type: kind.type,
    mimeType: mimeType.toLowerCase(),
    filename: name || `${kind.type === "image" ? "foto" : "dokumen"}.${kind.ext}`,
  };
  return { ok: true as const, value };
};
