import type { KeptType } from "./sniff.ts";

/**
 * A polyglot is one file that another program also opens as something else (a JPEG that is also a ZIP,
 * a PDF, a web page). The rule, checked on the bytes as received:
 *  1. the type is decided by the signature at byte 0 only (sniff.ts);
 *  2. the file may not carry a signature that another reader finds by searching, wherever it is:
 *     - a PDF header "%PDF-n.n" (PDF readers search for it) — in anything that is not itself the PDF;
 *     - a ZIP end-of-central-directory record whose comment length ends exactly at the end of the file
 *       (that is how ZIP, JAR, APK and Office readers find their directory);
 *     - HTML or script markup (<script, <html, <iframe, <svg, <object, <embed, <?php, <!doctype html,
 *       javascript:), which a browser would run if the file were ever served as a page;
 *  3. the format must end where it says it ends (checked while stripping: nothing after a PDF's %%EOF;
 *     bytes after an image's end are dropped, but only after rule 2 has cleared them).
 * The signatures are long enough that compressed picture data does not hit them by chance.
 */
export const foreignSignature = (bytes: Buffer, type: KeptType): string | undefined => {
  if (type !== "pdf" && hasPdfHeader(bytes)) return "pdf";
  if (hasZipDirectory(bytes)) return "zip";
  if (MARKUP.test(bytes.toString("latin1"))) return "markup";
  return undefined;
};

const MARKUP = /<(?:script|html|iframe|svg|object|embed)[\s>/]|<\?php\s|<!doctype\s+html|javascript:/i;

const hasPdfHeader = (bytes: Buffer): boolean => {
  for (let i = bytes.indexOf("%PDF-"); i !== -1; i = bytes.indexOf("%PDF-", i + 1)) {
    if (/^%PDF-\d\.\d/.test(bytes.toString("latin1", i, i + 8))) return true;
  }
  return false;
};

const EOCD = Buffer.from("PK\x05\x06", "latin1");
/** The record is 22 bytes plus a comment of at most 65535 bytes. */
const EOCD_REACH = 22 + 0xffff;

const hasZipDirectory = (bytes: Buffer): boolean => {
  const floor = Math.max(0, bytes.length - EOCD_REACH);
  for (let i = bytes.lastIndexOf(EOCD); i >= floor; i = i > 0 ? bytes.lastIndexOf(EOCD, i - 1) : -1) {
    if (i + 22 <= bytes.length && i + 22 + bytes.readUInt16LE(i + 20) === bytes.length) return true;
  }
  return false;
};
