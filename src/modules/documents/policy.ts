import { createHash } from "node:crypto";
import { safeFileName } from "./filename.ts";
import { stripJpeg } from "./jpeg.ts";
import { checkPdf } from "./pdf.ts";
import { stripPng } from "./png.ts";
import { foreignSignature } from "./polyglot.ts";
import { isImage, type KeptType, MIME_TYPE, sniffType } from "./sniff.ts";
import { stripWebp } from "./webp.ts";

/** Meta's own ceilings (Cloud API media limits): a configured limit can only be lower. */
export const META_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const META_MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

export type MediaLimits = { maxImageBytes: number; maxDocumentBytes: number };

/** Why a file was not kept; each has its own message to the citizen. */
export type RefusalReason =
  /** Not a JPEG, PNG, WebP or PDF (an executable, a ZIP, a Word file, a voice note, …). */
  | "type_not_allowed"
  /** An iPhone HEIC photo: real, but operators' browsers cannot show it and its metadata cannot be cut. */
  | "heic"
  | "too_large"
  /** Claims a type by its first bytes but is not complete or well-formed. */
  | "damaged"
  /** Also opens as another kind of file (see polyglot.ts). */
  | "polyglot"
  | "empty";

/** A refused file, as the media handler reports it to the conversation (which tells the citizen). */
export type Refusal = { reason: RefusalReason; limits: MediaLimits };

export type Inspected =
  | {
      ok: true;
      type: KeptType;
      mimeType: string;
      /** What to store: images without metadata, PDFs as received. */
      bytes: Buffer;
      sha256: string;
      /** Sanitised, with the real extension; undefined when the sender gave none. */
      name?: string;
    }
  | { ok: false; reason: RefusalReason; type?: KeptType };

/**
 * The media policy for everything a citizen sends: sniff the real type, allow only JPEG, PNG, WebP and PDF,
 * refuse polyglots and damaged files, apply the size limits, strip image metadata (lossless), and name
 * and fingerprint what will be stored. Pure: bytes in, verdict out.
 */
export const inspectFile = (bytes: Buffer, o: { claimedName?: string; limits: MediaLimits }): Inspected => {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  const sniffed = sniffType(bytes);
  if (sniffed === "heic") return { ok: false, reason: "heic" };
  if (!sniffed) return { ok: false, reason: "type_not_allowed" };
  const type = sniffed;
  const limit = isImage(type) ? o.limits.maxImageBytes : o.limits.maxDocumentBytes;
  if (bytes.length > limit) return { ok: false, reason: "too_large", type };
  if (foreignSignature(bytes, type)) return { ok: false, reason: "polyglot", type };
  const kept = clean(bytes, type);
  if (!kept.ok) return { ok: false, reason: kept.reason, type };
  return {
    ok: true,
    type,
    mimeType: MIME_TYPE[type],
    bytes: kept.bytes,
    sha256: createHash("sha256").update(kept.bytes).digest("hex"),
    name: safeFileName(o.claimedName, type),
  };
};

type Cleaned = { ok: true; bytes: Buffer } | { ok: false; reason: "damaged" | "polyglot" };

const clean = (bytes: Buffer, type: KeptType): Cleaned => {
  if (type === "pdf") {
    const check = checkPdf(bytes);
    if (check.ok) return { ok: true, bytes };
    return { ok: false, reason: check.why === "trailing_data" ? "polyglot" : "damaged" };
  }
  const stripped = type === "jpeg" ? stripJpeg(bytes) : type === "png" ? stripPng(bytes) : stripWebp(bytes);
  return stripped ? { ok: true, bytes: stripped } : { ok: false, reason: "damaged" };
};

/** What a requirement asks for, as the catalogue says: a photo, a PDF, or either. */
export type RequirementKind = "photo" | "pdf" | "either";

/** A kept file fits a requirement when its real type is what the requirement asks for. */
export const fitsRequirement = (kind: RequirementKind, type: KeptType): boolean =>
  kind === "either" || (kind === "pdf" ? type === "pdf" : isImage(type));

/** The download ceiling for a WhatsApp media kind, before the real type is known. */
export const downloadLimit = (kind: string, limits: MediaLimits): number =>
  kind === "image" || kind === "sticker"
    ? limits.maxImageBytes
    : Math.max(limits.maxImageBytes, limits.maxDocumentBytes);
