/**
 * The copy of a citizen's data (UU 27/2022 Pasal 32) as an A4 PDF: the file they can keep, print or show, and
 * what reaches them through a template's document header once the 24-hour window has closed.
 *
 * It is laid out from the very text the WhatsApp copy sends (dsr.copy.ts), line by line, so the two can never
 * say different things and identity numbers are masked in exactly the same way. The copy's few WhatsApp marks
 * become layout: a line that is all `*bold*` is a heading, `• *number* …` an entry, a two-space indent its
 * detail, the closing `_italic_` line the masking note. Anything the citizen typed is shown as written.
 *
 * Embedded standard fonts only, as for receipts (no font files to ship): they cover WinAnsi (Latin letters with
 * their accents, bullets, dashes), so other characters, mostly emoji in a complaint, are left out.
 */
import type { Locale } from "../catalogue/schema.ts";
import { type Doc, renderPdf, WIN_ANSI_EXTRA } from "../public/pdf.ts";

export type DataCopyPdf = {
  locale: Locale;
  officeName: string;
  /** PDP-… */
  requestNumber: string;
  /** When it was made, already in office time (WITA). */
  madeAt: string;
  /** The WhatsApp text copy (buildDataCopy). */
  copy: string;
  /** Fixed in the file's metadata, so the same copy gives the same bytes. */
  createdAt: Date;
};

const WORDS: Record<Locale, { request: string; made: string; footer: string }> = {
  id: {
    request: "Nomor permintaan",
    made: "Dibuat",
    footer:
      "Salinan ini dibuat atas permintaan Anda sesuai UU 27/2022 Pasal 32. Simpan baik-baik dan jangan bagikan kepada orang lain.",
  },
  en: {
    request: "Request number",
    made: "Made on",
    footer:
      "This copy was made at your request under UU 27/2022 Pasal 32. Keep it safe and do not share it with others.",
  },
};

/** Emoji and their parts (joiners, variation selectors, skin tones, flags); marks and controls too. */
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\p{M}\p{Cc}\p{Cf}]/u;

/** Characters the standard fonts cannot draw are dropped (pictographs) or shown as "?" (other scripts). */
export const drawable = (text: string): string =>
  [...text.normalize("NFC")]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch))
        return ch;
      if (ch === "\t") return "  ";
      return PICTOGRAPH.test(ch) ? "" : "?";
    })
    .join("");

const HEADING = /^\*([^*]+)\*$/;
const ENTRY = /^• \*([^*]+)\*(.*)$/;
const NOTE = /^_(.+)_$/;

export const renderDataCopyPdf = (c: DataCopyPdf): Promise<Buffer> => {
  const w = WORDS[c.locale];
  const [first = "", ...lines] = c.copy.split("\n");
  const title = drawable(HEADING.exec(first)?.[1] ?? first);
  const options = {
    size: "A4",
    margin: 50,
    info: { Title: `${title} ${c.requestNumber}`, Author: c.officeName, CreationDate: c.createdAt },
  };
  return renderPdf(options, (doc) => {
    doc.font("Helvetica-Bold").fontSize(11).text(drawable(c.officeName), { align: "center" });
    doc.moveDown(0.3).fontSize(15).text(title, { align: "center" });
    doc.moveDown(0.5).font("Helvetica").fontSize(9).fillColor("#444444");
    doc.text(`${w.request}: ${c.requestNumber} · ${w.made}: ${drawable(c.madeAt)}`, { align: "center" });
    doc.fillColor("#000000").moveDown(1);
    for (const line of lines) drawLine(doc, line);
    doc.moveDown(1.5).font("Helvetica").fontSize(8).fillColor("#444444").text(w.footer);
  });
};

const drawLine = (doc: Doc, line: string) => {
  const heading = HEADING.exec(line);
  const entry = ENTRY.exec(line);
  const note = NOTE.exec(line);
  if (heading) {
    doc.moveDown(0.7).font("Helvetica-Bold").fontSize(12).text(drawable(heading[1]!)).moveDown(0.2);
  } else if (entry) {
    doc
      .moveDown(0.3)
      .font("Helvetica-Bold")
      .fontSize(10)
      .text(`• ${drawable(entry[1]!)}`, { continued: true });
    doc.font("Helvetica").text(drawable(entry[2]!));
  } else if (note) {
    doc.moveDown(1).font("Helvetica-Oblique").fontSize(9).text(drawable(note[1]!));
  } else if (line.startsWith("  ")) {
    doc.font("Helvetica").fontSize(10).text(drawable(line.trimStart()), { indent: 14, indentAllLines: true });
  } else {
    doc
      .font("Helvetica")
      .fontSize(10)
      .text(drawable(line) || " ");
  }
};
