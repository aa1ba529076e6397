/**
 * The receipt (tanda terima) as a one-page A5 PDF: embedded standard fonts only (no font files to ship), and
 * the QR code drawn as vector squares so it stays sharp when printed.
 */
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { Locale } from "../catalogue/schema.ts";

export type ReceiptContent = {
  locale: Locale;
  officeName: string;
  trackingNumber: string;
  serviceName: string;
  submittedAt: string;
  dueAt?: string;
  documents: Array<{ label: string; pages: number }>;
  freeOfCharge: string;
  verifyUrl: string;
  /** Fixed in the file's metadata, so a re-render of the same receipt gives the same bytes. */
  createdAt: Date;
};

const WORDS: Record<Locale, Record<string, string>> = {
  id: {
    title: "TANDA TERIMA PERMOHONAN",
    tracking: "Nomor permohonan",
    service: "Layanan",
    submitted: "Tanggal diterima",
    due: "Perkiraan selesai",
    documents: "Dokumen yang diterima",
    none: "Tidak ada dokumen.",
    pages: "hlm.",
    verify: "Pindai kode QR untuk memeriksa keaslian tanda terima ini dan status permohonan:",
  },
  en: {
    title: "APPLICATION RECEIPT",
    tracking: "Tracking number",
    service: "Service",
    submitted: "Received on",
    due: "Expected completion",
    documents: "Documents received",
    none: "No documents.",
    pages: "p.",
    verify: "Scan the QR code to check that this receipt is genuine and to see the application's status:",
  },
};

/** WhatsApp emphasis (*bold*, _italic_) means nothing on paper. */
const plain = (text: string) => text.replace(/[*_~]/g, "");

export const renderReceiptPdf = async (c: ReceiptContent): Promise<Buffer> => {
  const w = WORDS[c.locale];
  const doc = new PDFDocument({
    size: "A5",
    margin: 36,
    info: { Title: `${w.title} ${c.trackingNumber}`, Author: c.officeName, CreationDate: c.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });

  doc.font("Helvetica-Bold").fontSize(11).text(c.officeName, { align: "center" });
  doc.moveDown(0.3).fontSize(14).text(w.title!, { align: "center" });
  doc.moveDown(0.8);
  const row = (label: string, value: string) => {
    doc.font("Helvetica").fontSize(9).fillColor("#444444").text(label);
    doc.font("Helvetica-Bold").fontSize(11).fillColor("#000000").text(value).moveDown(0.4);
  };
  row(w.tracking!, c.trackingNumber);
  row(w.service!, c.serviceName);
  row(w.submitted!, c.submittedAt);
  if (c.dueAt) row(w.due!, c.dueAt);
  doc.font("Helvetica").fontSize(9).fillColor("#444444").text(w.documents!);
  doc.font("Helvetica").fontSize(10).fillColor("#000000");
  if (c.documents.length === 0) doc.text(w.none!);
  for (const d of c.documents) doc.text(`- ${d.label} (${d.pages} ${w.pages})`);
  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(10).text(plain(c.freeOfCharge));
  doc.moveDown(0.8).font("Helvetica").fontSize(9).text(w.verify!);
  drawQr(doc, c.verifyUrl, 110);
  doc.font("Helvetica").fontSize(8).text(c.verifyUrl, { align: "center" });
  doc.end();
  await done;
  return Buffer.concat(chunks);
};

/** Dark modules as filled squares, centred, with the quiet zone the scanners need. */
const drawQr = (doc: PDFKit.PDFDocument, text: string, size: number) => {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  const x0 = (doc.page.width - size) / 2 + 4 * cell;
  const y0 = doc.y + 4 * cell;
  for (let r = 0; r < n; r++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(r, col)) doc.rect(x0 + col * cell, y0 + r * cell, cell, cell);
  doc.fillColor("#000000").fill();
  doc.y = y0 + n * cell + 4 * cell;
};
