/**
 * The Standar Pelayanan of the WhatsApp service as an A4 PDF an office attaches to the regulation that gives
 * the online service its footing (a Peraturan Wali Kota/Bupati). Blanks and marked lines are for the office.
 */
import { BLANK, type Doc, numberPages, paper, renderPdf } from "./pdf.ts";
import type { Line, Section } from "./standar-pelayanan.ts";

export type StandarContent = {
  officeName: string;
  /** WALI KOTA KUPANG; undefined prints a blank. */
  regionHead?: string;
  catalogueVersion: string;
  general: Section;
  services: Section[];
};

const MARGIN = 56;
const RED = "#b91c1c";
const AMBER = "#92400e";
export const FILL_MARK = "[DIISI KANTOR]";
export const CHECK_MARK = "[PERIKSA]";

export const renderStandarPdf = (c: StandarContent): Promise<Buffer> =>
  renderPdf(
    {
      size: "A4",
      margin: MARGIN,
      bufferPages: true,
      info: {
        Title: `Standar Pelayanan melalui WhatsApp · ${paper(c.officeName)}`,
        Author: paper(c.officeName),
      },
    },
    (doc) => {
      drawHeading(doc, c);
      drawSection(doc, c.general, false);
      ensureRoom(doc, 60);
      doc.moveDown(0.8).font("Helvetica-Bold").fontSize(11.5).fillColor("#000000");
      doc.text("B. Standar pelayanan per jenis layanan", MARGIN);
      for (const s of c.services) drawSection(doc, s, true);
      drawSignature(doc, c);
      numberPages(doc, "Standar Pelayanan melalui WhatsApp", 8);
    },
  );

const width = (doc: Doc) => doc.page.width - 2 * MARGIN;

/** A heading never sits alone at the foot of a page. */
const ensureRoom = (doc: Doc, points: number) => {
  if (doc.y + points > doc.page.height - MARGIN) doc.addPage();
};

const drawHeading = (doc: Doc, c: StandarContent) => {
  const half = doc.page.width / 2;
  doc.font("Helvetica").fontSize(9).fillColor("#000000");
  for (const line of [
    "LAMPIRAN",
    `PERATURAN ${c.regionHead ?? BLANK}`,
    `NOMOR ${BLANK} TAHUN ${BLANK.slice(0, 12)}`,
    `TENTANG ${BLANK}${BLANK}`,
  ])
    doc.text(line, half, doc.y, { width: half - MARGIN });
  doc.moveDown(1.5).font("Helvetica-Bold").fontSize(13);
  doc.text("STANDAR PELAYANAN ADMINISTRASI KEPENDUDUKAN MELALUI WHATSAPP", MARGIN, doc.y, {
    width: width(doc),
    align: "center",
  });
  doc.fontSize(11).text(paper(c.officeName).toUpperCase(), { width: width(doc), align: "center" });
  doc.moveDown(0.3).font("Helvetica").fontSize(8.5).fillColor("#444444");
  doc.text(`Disusun dari katalog layanan versi ${c.catalogueVersion}.`, {
    width: width(doc),
    align: "center",
  });
  doc.moveDown(1);
  drawLegend(doc);
};

const drawLegend = (doc: Doc) => {
  const top = doc.y;
  const pad = 8;
  const inner = { x: MARGIN + pad, width: width(doc) - 2 * pad };
  doc.y = top + pad;
  doc.font("Helvetica-Bold").fontSize(8.5).fillColor(RED).text(`${FILL_MARK} `, inner.x, doc.y, {
    width: inner.width,
    continued: true,
  });
  doc.font("Helvetica").fillColor("#000000");
  doc.text("komponen yang belum ada di katalog layanan; wajib dilengkapi kantor sebelum ditetapkan.");
  doc.font("Helvetica-Bold").fillColor(AMBER).text(`${CHECK_MARK} `, inner.x, doc.y, {
    width: inner.width,
    continued: true,
  });
  doc.font("Helvetica").fillColor("#000000");
  doc.text("nilai di katalog yang belum dikonfirmasi dengan ketentuan kantor; periksa sebelum ditetapkan.");
  const bottom = doc.y + pad;
  doc
    .lineWidth(0.8)
    .strokeColor("#888888")
    .rect(MARGIN, top, width(doc), bottom - top)
    .stroke();
  doc.y = bottom + 6;
};

const drawLine = (doc: Doc, line: Line, x: number, w: number) => {
  const text = paper(line.text);
  if (!line.mark) {
    doc.font("Helvetica").fillColor("#000000").text(text, x, doc.y, { width: w });
    return;
  }
  const fill = line.mark === "fill";
  doc
    .font("Helvetica-Bold")
    .fillColor(fill ? RED : AMBER)
    .text(`${fill ? FILL_MARK : CHECK_MARK} `, x, doc.y, { width: w, continued: true });
  doc
    .font(fill ? "Helvetica-Bold" : "Helvetica")
    .fillColor(fill ? RED : "#000000")
    .text(fill ? `${text} ${BLANK}` : text);
};

const drawSection = (doc: Doc, s: Section, isService: boolean) => {
  ensureRoom(doc, 90);
  doc
    .moveDown(isService ? 0.9 : 0.5)
    .font("Helvetica-Bold")
    .fontSize(isService ? 10.5 : 11.5)
    .fillColor("#000000");
  doc.text(paper(s.title), MARGIN, doc.y, { width: width(doc) });
  s.components.forEach((c, i) => {
    ensureRoom(doc, 30);
    doc.moveDown(0.25).font("Helvetica-Bold").fontSize(9.5).fillColor("#000000");
    doc.text(c.extra ? c.title : `${i + 1}. ${c.title}`, MARGIN + 10, doc.y, { width: width(doc) - 10 });
    doc.fontSize(9);
    for (const line of c.lines) drawLine(doc, line, MARGIN + 24, width(doc) - 24);
  });
};

const drawSignature = (doc: Doc, c: StandarContent) => {
  ensureRoom(doc, 150);
  const x = doc.page.width / 2;
  const w = doc.page.width / 2 - MARGIN;
  doc.moveDown(2).font("Helvetica").fontSize(10).fillColor("#000000");
  doc.text(`Ditetapkan di ${BLANK}`, x, doc.y, { width: w });
  doc.text(`pada tanggal ${BLANK}`, x, doc.y, { width: w });
  doc
    .moveDown(0.6)
    .font("Helvetica-Bold")
    .text(`${c.regionHead ?? BLANK},`, x, doc.y, { width: w });
  doc
    .moveDown(4)
    .font("Helvetica")
    .text(`(${BLANK}${BLANK.slice(0, 10)})`, x, doc.y, { width: w });
};
