/**
 * A plain table for pdfkit: wrapped cells, a grey header row repeated on every page the table runs onto,
 * and text limited to what the standard fonts can print.
 */
type Doc = PDFKit.PDFDocument;

export type Column = { header: string; width: number; align?: "left" | "right" };

/**
 * Every character of Windows-1252, the encoding of pdfkit's standard fonts: printable Latin-1 and the
 * 0x80–0x9F extras (Node's TextDecoder decodes "windows-1252" as Latin-1, so they are listed here).
 */
const WIN_ANSI = new Set([
  ...String.fromCharCode(...Array.from({ length: 95 }, (_, i) => i + 0x20)),
  ...String.fromCharCode(...Array.from({ length: 96 }, (_, i) => i + 0xa0)),
  ..."€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ",
]);
const SUBSTITUTES: Record<string, string> = { "≤": "<=", "≥": ">=", Σ: "jumlah ", "→": "->", "−": "-" };

/**
 * Text the standard fonts can print: a few symbols spelt out, anything else outside Windows-1252 (an emoji
 * in a name) replaced by "?", rather than silently printing a wrong glyph.
 */
export const pdfSafe = (text: string) =>
  [...text.normalize("NFC")]
    .map((ch) => (WIN_ANSI.has(ch) || ch === "\n" ? ch : (SUBSTITUTES[ch] ?? "?")))
    .join("");

const PAD = 3;
const FONT_SIZE = 8;

const rowHeight = (doc: Doc, columns: Column[], cells: string[], bold: boolean) => {
  doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(FONT_SIZE);
  return (
    Math.max(
      ...cells.map((text, i) => doc.heightOfString(text || " ", { width: columns[i]!.width - 2 * PAD })),
    ) +
    2 * PAD
  );
};

const drawRow = (doc: Doc, columns: Column[], cells: string[], x0: number, y: number, header: boolean) => {
  const height = rowHeight(doc, columns, cells, header);
  const width = columns.reduce((a, c) => a + c.width, 0);
  if (header) doc.rect(x0, y, width, height).fill("#eeeeee");
  doc
    .fillColor("#000000")
    .font(header ? "Helvetica-Bold" : "Helvetica")
    .fontSize(FONT_SIZE);
  let x = x0;
  cells.forEach((text, i) => {
    const column = columns[i]!;
    doc.text(text, x + PAD, y + PAD, {
      width: column.width - 2 * PAD,
      align: header ? "left" : column.align,
    });
    x += column.width;
  });
  doc
    .moveTo(x0, y + height)
    .lineTo(x0 + width, y + height)
    .lineWidth(0.5)
    .strokeColor("#cccccc")
    .stroke();
  return height;
};

/** Draws the table from the current y; starts a new page (and repeats the header) when a row won't fit. */
export const drawTable = (doc: Doc, columns: Column[], rows: string[][], x0: number) => {
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const header = columns.map((c) => pdfSafe(c.header));
  let y = doc.y;
  y += drawRow(doc, columns, header, x0, y, true);
  for (const row of rows) {
    const cells = row.map(pdfSafe);
    if (y + rowHeight(doc, columns, cells, false) > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      y += drawRow(doc, columns, header, x0, y, true);
    }
    y += drawRow(doc, columns, cells, x0, y, false);
  }
  doc.x = x0;
  doc.y = y + 4;
};
