/**
 * What the printables share: a pdfkit document collected into a Buffer, text made safe for the standard
 * fonts, and the QR code drawn as vector squares (sharp at any print size), as the receipt PDF does.
 */
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

export type Doc = PDFKit.PDFDocument;

/** Builds a document with `draw` and returns its bytes. Standard fonts only: no font files to ship. */
export const renderPdf = async (
  options: PDFKit.PDFDocumentOptions,
  draw: (doc: Doc) => void,
): Promise<Buffer> => {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  draw(doc);
  doc.end();
  await done;
  return Buffer.concat(chunks);
};

/** The characters WinAnsi (the standard fonts' encoding) has beyond Latin-1. */
export const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const SUBSTITUTES: Record<string, string> = { "◦": "-", "✓": "v", "⚠": "!", "≤": "<=", "≥": ">=", "→": "->" };

/**
 * WhatsApp emphasis (*bold*, _italic_) means nothing on paper; a character the standard fonts cannot draw
 * is replaced rather than printed as a wrong glyph (the catalogue is admin-edited text).
 */
export const paper = (text: string): string =>
  [...text.replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=$|[\s).,:;])/g, "$1$2")]
    .map((c) => (c.charCodeAt(0) < 256 || WIN_ANSI_EXTRA.has(c) ? c : (SUBSTITUTES[c] ?? "?")))
    .join("");

/** Dark modules as filled squares inside a quiet zone of 4 modules; `size` includes the quiet zone. */
export const drawQr = (doc: Doc, text: string, x: number, y: number, size: number) => {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  const x0 = x + 4 * cell;
  const y0 = y + 4 * cell;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x0 + c * cell, y0 + r * cell, cell, cell);
  doc.fillColor("#000000").fill();
};

/** "label · halaman 2 dari 5" under every page; needs `bufferPages: true`. */
export const numberPages = (doc: Doc, label: string, size: number) => {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit start a new page; lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("Helvetica")
      .fontSize(size)
      .fillColor("#555555")
      .text(
        `${label} · halaman ${i + 1} dari ${range.count}`,
        doc.page.margins.left,
        doc.page.height - bottom / 2,
        {
          width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
          align: "center",
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = bottom;
  }
};

/** The dotted blanks of a form the office fills in by hand. */
export const BLANK = "..............................";
