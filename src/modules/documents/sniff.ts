/**
 * The real type of a file, from its first bytes only: never from its name or the MIME type the sender
 * claimed. A signature counts only at byte 0, so a file with a foreign header in front is not that type.
 */
export type FileType = "jpeg" | "png" | "webp" | "pdf" | "heic";

/** The types Lontar keeps. HEIC is recognised only to tell the citizen what to do instead. */
export type KeptType = Exclude<FileType, "heic">;

export const MIME_TYPE: Record<KeptType, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  pdf: "application/pdf",
};

export const EXTENSION: Record<KeptType, string> = { jpeg: ".jpg", png: ".png", webp: ".webp", pdf: ".pdf" };

export const isImage = (type: KeptType): boolean => type !== "pdf";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** ISO-BMFF brands of HEIF stills and sequences (HEVC or any codec) as phones write them. */
const HEIF_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1"]);

const ascii = (bytes: Buffer, start: number, end: number) => bytes.toString("latin1", start, end);

export const sniffType = (bytes: Buffer): FileType | undefined => {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (/^%PDF-\d\.\d/.test(ascii(bytes, 0, 8))) return "pdf";
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === "ftyp" && HEIF_BRANDS.has(ascii(bytes, 8, 12)))
    return "heic";
  return undefined;
};

/** The kept type behind a stored MIME type (blobs.mime_type holds the sniffed one). */
export const sniffedTypeOf = (mimeType: string | undefined): KeptType | undefined =>
  (Object.keys(MIME_TYPE) as KeptType[]).find((type) => MIME_TYPE[type] === mimeType);
