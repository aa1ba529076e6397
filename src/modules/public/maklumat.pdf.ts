/**
 * The Maklumat Pelayanan (the public pledge that accompanies a Standar Pelayanan, PermenPAN-RB 15/2014) for
 * the WhatsApp service, on one A4 page: the standard pledge, what it means here (from the catalogue), and a
 * place for the head of office to sign and date it.
 */
import { BLANK, paper, renderPdf } from "./pdf.ts";

export type MaklumatContent = {
  officeName: string;
  /** What the office promises on WhatsApp, each from the catalogue (free of charge, privacy, scams, complaints). */
  promises: string[];
};

/** The pledge wording of PermenPAN-RB 15/2014's Maklumat Pelayanan. */
export const PLEDGE =
  "DENGAN INI, KAMI MENYATAKAN SANGGUP MENYELENGGARAKAN PELAYANAN SESUAI STANDAR PELAYANAN YANG TELAH DITETAPKAN DAN APABILA TIDAK MENEPATI JANJI INI, KAMI SIAP MENERIMA SANKSI SESUAI PERATURAN PERUNDANG-UNDANGAN YANG BERLAKU.";

const MARGIN = 64;

export const renderMaklumatPdf = (c: MaklumatContent): Promise<Buffer> =>
  renderPdf(
    {
      size: "A4",
      margin: MARGIN,
      info: { Title: `Maklumat Pelayanan · ${paper(c.officeName)}`, Author: paper(c.officeName) },
    },
    (doc) => {
      const width = doc.page.width - 2 * MARGIN;
      const centred = { width, align: "center" as const };
      const office = paper(c.officeName).toUpperCase();
      doc.font("Helvetica-Bold").fontSize(12).fillColor("#000000").text(office, MARGIN, MARGIN, centred);
      doc.moveDown(2).fontSize(22).text("MAKLUMAT PELAYANAN", centred);
      doc.moveDown(0.2).font("Helvetica").fontSize(12);
      doc.text("Pelayanan Administrasi Kependudukan melalui WhatsApp", centred);

      const top = doc.y + 24;
      doc.font("Helvetica-Bold").fontSize(13);
      const pledgeHeight = doc.heightOfString(PLEDGE, { width: width - 40, align: "center", lineGap: 4 });
      doc
        .lineWidth(2)
        .strokeColor("#0b4f6c")
        .rect(MARGIN, top, width, pledgeHeight + 40)
        .stroke();
      doc.text(PLEDGE, MARGIN + 20, top + 20, { width: width - 40, align: "center", lineGap: 4 });

      doc.y = top + pledgeHeight + 40 + 24;
      doc
        .font("Helvetica-Bold")
        .fontSize(11)
        .text("Dalam pelayanan melalui WhatsApp, kami berjanji:", MARGIN);
      doc.moveDown(0.3).font("Helvetica").fontSize(10.5);
      c.promises.forEach((p, i) => {
        // A hanging number: the promise wraps under its own first word, not under the number.
        const y = doc.y;
        doc.text(`${i + 1}.`, MARGIN, y, { width: 18, lineBreak: false });
        doc.text(paper(p), MARGIN + 20, y, { width: width - 20 }).moveDown(0.3);
      });

      const x = doc.page.width / 2;
      const w = doc.page.width / 2 - MARGIN;
      doc.y = Math.max(doc.y + 24, doc.page.height - MARGIN - 170);
      doc.font("Helvetica").fontSize(11).text(`${BLANK}, ${BLANK}`, x, doc.y, { width: w });
      doc.moveDown(0.5).font("Helvetica-Bold").text(`KEPALA ${office},`, x, doc.y, { width: w });
      doc.moveDown(4.5).font("Helvetica").text(`Nama: ${BLANK}`, x, doc.y, { width: w });
      doc.text(`NIP: ${BLANK}`, x, doc.y, { width: w });
    },
  );
