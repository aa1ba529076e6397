/**
 * The A4 poster and the A6 flyer: one layout at two sizes, for counters, kelurahan offices, schools and
 * clinics. The QR code opens the chat; the number is printed big for those who type it in.
 */
import { type Doc, drawQr, paper, renderPdf } from "./pdf.ts";

export type PosterContent = {
  officeName: string;
  /** The number the QR code opens, as printed. */
  number: string;
  chatUrl: string;
  /** "MENU": what to send first. */
  greeting: string;
  /** Other numbers of the office ("Layanan KIA: +62 …"), printed small. */
  otherNumbers: string[];
  services: string[];
  hours: string;
  antiScam: string;
  siteUrl: string;
};

type Format = {
  size: "A4" | "A6";
  margin: number;
  band: number;
  office: number;
  headline: number;
  body: number;
  qr: number;
  number: number;
  small: number;
  services: number;
  gap: number;
};

export const POSTER_A4: Format = {
  size: "A4",
  margin: 42,
  band: 78,
  office: 15,
  headline: 30,
  body: 14,
  qr: 265,
  number: 34,
  small: 11.5,
  services: 6,
  gap: 14,
};

/** A6 is half of A4 each way; text is kept a little larger than half so the flyer stays readable. */
export const FLYER_A6: Format = {
  size: "A6",
  margin: 18,
  band: 36,
  office: 7.5,
  headline: 15,
  body: 7.5,
  qr: 136,
  number: 16,
  small: 6.5,
  services: 4,
  gap: 6,
};

const BLUE = "#0b4f6c";
const GREEN = "#0b6b3a";
const AMBER = "#b45309";

const WORDS = {
  headline: "Layanan Dukcapil lewat WhatsApp — gratis",
  sub: "Tanya syarat, ajukan permohonan, kirim dokumen, cek status. Tanpa antre.",
  scan: "Pindai kode QR dengan kamera HP untuk membuka chat",
  send: (g: string) => `Simpan nomor ini, lalu kirim pesan ${g}`,
  popular: "Layanan yang paling sering diurus:",
  others: "Nomor layanan lain:",
  hours: "Jam layanan kantor:",
  more: "Persyaratan lengkap semua layanan:",
};

/**
 * A poster is one page. Long content (an office with many numbers, long hours) would spill onto a second
 * one, so the QR code, the most elastic block, shrinks until everything fits.
 */
export const renderPosterPdf = async (c: PosterContent, f: Format): Promise<Buffer> => {
  for (const scale of [1, 0.85, 0.7, 0.55]) {
    let pages = 1;
    const bytes = await renderPdf(
      {
        size: f.size,
        margin: f.margin,
        info: { Title: `${WORDS.headline} · ${paper(c.officeName)}`, Author: paper(c.officeName) },
      },
      (doc) => {
        doc.on("pageAdded", () => pages++);
        drawPoster(doc, c, { ...f, qr: f.qr * scale });
      },
    );
    if (pages === 1) return bytes;
  }
  throw new Error("The poster's content does not fit one page");
};

const drawPoster = (doc: Doc, c: PosterContent, f: Format) => {
  const width = doc.page.width - 2 * f.margin;
  const x = f.margin;
  const centred = { width, align: "center" as const };
  doc.rect(0, 0, doc.page.width, f.band).fill(BLUE);
  doc.font("Helvetica-Bold").fontSize(f.office).fillColor("#ffffff");
  doc.text(paper(c.officeName), x, (f.band - doc.heightOfString(paper(c.officeName), centred)) / 2, centred);

  doc.y = f.band + f.gap * 1.5;
  doc.font("Helvetica-Bold").fontSize(f.headline).fillColor(BLUE).text(WORDS.headline, x, doc.y, centred);
  doc
    .moveDown(0.3)
    .font("Helvetica")
    .fontSize(f.body)
    .fillColor("#222222")
    .text(WORDS.sub, x, doc.y, centred);

  const qrTop = doc.y + f.gap * 0.5;
  drawQr(doc, c.chatUrl, (doc.page.width - f.qr) / 2, qrTop, f.qr);
  doc.y = qrTop + f.qr;
  doc.font("Helvetica").fontSize(f.small).fillColor("#333333").text(WORDS.scan, x, doc.y, centred);
  doc
    .moveDown(0.4)
    .font("Helvetica-Bold")
    .fontSize(f.number)
    .fillColor(GREEN)
    .text(c.number, x, doc.y, centred);
  doc.font("Helvetica").fontSize(f.body).fillColor("#222222").text(WORDS.send(c.greeting), x, doc.y, centred);
  if (c.otherNumbers.length > 0)
    doc
      .moveDown(0.3)
      .fontSize(f.small)
      .text(`${WORDS.others} ${c.otherNumbers.map(paper).join(" · ")}`, x, doc.y, centred);

  doc.y += f.gap;
  drawServices(doc, c.services.slice(0, f.services), f, x, width);
  doc.y += f.gap * 0.6;
  doc.font("Helvetica-Bold").fontSize(f.small).fillColor("#222222").text(WORDS.hours, x, doc.y, { width });
  doc.font("Helvetica").text(paper(c.hours), { width });
  doc.y += f.gap * 0.8;
  drawScam(doc, c.antiScam, f, x, width);
  doc.y += f.gap * 0.6;
  doc.font("Helvetica").fontSize(f.small).fillColor("#222222");
  doc.text(`${WORDS.more} ${c.siteUrl}`, x, doc.y, { ...centred, link: c.siteUrl });
};

/** The most used services in two columns, so six fit where three lines would. */
const drawServices = (doc: Doc, services: string[], f: Format, x: number, width: number) => {
  doc.font("Helvetica-Bold").fontSize(f.body).fillColor(BLUE).text(WORDS.popular, x, doc.y, { width });
  doc.font("Helvetica").fontSize(f.body).fillColor("#222222");
  const column = width / 2;
  const top = doc.y + f.gap * 0.3;
  let bottom = top;
  services.forEach((name, i) => {
    const y = top + Math.floor(i / 2) * doc.currentLineHeight(true) * 1.5;
    doc.text(`• ${paper(name)}`, x + (i % 2) * column, y, {
      width: column - 6,
      lineBreak: false,
      ellipsis: true,
    });
    bottom = Math.max(bottom, y + doc.currentLineHeight(true) * 1.5);
  });
  doc.y = bottom;
};

/** The catalogue's scam warning in an amber box, its lead words ("Waspada penipuan:") in bold. */
const drawScam = (doc: Doc, text: string, f: Format, x: number, width: number) => {
  const pad = f.gap * 0.7;
  const inner = width - 2 * pad;
  const body = paper(text);
  const m = body.match(/^([^:]{3,40}:)\s*(.*)$/s);
  const [lead, rest] = m ? [m[1]!, m[2]!] : ["", body];
  doc.font("Helvetica").fontSize(f.body);
  const top = doc.y;
  const height = doc.heightOfString(`${lead} ${rest}`, { width: inner }) + 2 * pad;
  doc.rect(x, top, width, height).fill("#fff4e5");
  doc
    .lineWidth(f.size === "A4" ? 2 : 1)
    .strokeColor(AMBER)
    .rect(x, top, width, height)
    .stroke();
  doc.fillColor("#4d2600");
  if (lead)
    doc.font("Helvetica-Bold").text(`${lead} `, x + pad, top + pad, { width: inner, continued: true });
  doc
    .font("Helvetica")
    .text(rest, lead ? undefined : x + pad, lead ? undefined : top + pad, { width: inner });
  doc.y = top + height;
};
