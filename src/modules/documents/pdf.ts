/**
 * A PDF is taken as sent (no rewriting: a signed or certified PDF must stay byte-identical), after a
 * structural check without a PDF library: the header at byte 0, %%EOF at the end, and a startxref that
 * points at a cross-reference table or stream inside the file.
 */

/** Readers look for %%EOF in the last 1024 bytes. */
const TAIL = 1024;
const WHITESPACE = /^[\0\t\n\f\r ]*$/;

export type PdfCheck = { ok: true } | { ok: false; why: "damaged" | "trailing_data" };

export const checkPdf = (bytes: Buffer): PdfCheck => {
  if (!/^%PDF-\d\.\d/.test(bytes.toString("latin1", 0, 8))) return { ok: false, why: "damaged" };
  const tailStart = Math.max(0, bytes.length - TAIL);
  const tail = bytes.toString("latin1", tailStart);
  const eof = tail.lastIndexOf("%%EOF");
  if (eof === -1) return { ok: false, why: "damaged" };
  // Something after the last %%EOF that is not whitespace is another file riding along.
  if (!WHITESPACE.test(tail.slice(eof + 5))) return { ok: false, why: "trailing_data" };
  const startxref = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eof));
  if (!startxref) return { ok: false, why: "damaged" };
  const offset = Number(startxref[1]);
  if (offset <= 0 || offset >= tailStart + startxref.index) return { ok: false, why: "damaged" };
  // A classic "xref" table, or (PDF 1.5+) an xref stream: an indirect object "N G obj".
  const at = bytes.toString("latin1", offset, offset + 32);
  if (!/^\s*(xref|\d+\s+\d+\s+obj)/.test(at)) return { ok: false, why: "damaged" };
  return { ok: true };
};
