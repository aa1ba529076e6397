/** Test support: reading back what a printable PDF shows — its pages, page size, words and QR code. */
import { inflateSync } from "node:zlib";
import QRCode from "qrcode";
import { pdfText } from "../receipts/receipt.testing.ts";

const latin1 = (pdf: Buffer) => pdf.toString("latin1");

/** Page objects (not the /Pages tree node). */
export const pageCount = (pdf: Buffer) => (latin1(pdf).match(/\/Type \/Page\b(?!s)/g) ?? []).length;

/** Every page's [x0, y0, x1, y1], in points. */
export const mediaBoxes = (pdf: Buffer) =>
  [...latin1(pdf).matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1]!.trim().split(/\s+/).map(Number));

/** The text of the whole document on one line: lines wrapped by the layout read as one sentence again. */
export const pdfWords = (pdf: Buffer) => pdfText(pdf).join(" ").replace(/\s+/g, " ");

// pdfText reads the standard fonts' WinAnsi bytes as Latin-1; these are the code points that differ.
const WIN_ANSI: Record<string, string> = {
  "–": "\x96",
  "—": "\x97",
  "•": "\x95",
  "’": "\x92",
  "“": "\x93",
  "”": "\x94",
};

/**
 * Whether the words include `expected`, ignoring where the layout broke lines (it may break after a hyphen,
 * so spaces are not compared at all).
 */
export const pdfShows = (words: string, expected: string): boolean => {
  const squeeze = (s: string) => s.replace(/\s+/g, "");
  return squeeze(words).includes(squeeze([...expected].map((c) => WIN_ANSI[c] ?? c).join("")));
};

const contentStreams = (pdf: Buffer): string[] =>
  [...latin1(pdf).matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].flatMap((m) => {
    try {
      return [inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1")];
    } catch {
      return [];
    }
  });

/**
 * True when the squares drawn on the page are exactly the dark modules of `text`'s QR code: the most
 * common square size is taken as the module, and every module position is compared.
 */
export const drawsQrOf = (pdf: Buffer, text: string): boolean => {
  const squares = contentStreams(pdf).flatMap((s) =>
    [...s.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re/g)]
      .map((m) => m.slice(1, 5).map(Number) as [number, number, number, number])
      .filter(([, , w, h]) => Math.abs(w - h) < 1e-6),
  );
  const bySize = new Map<string, Array<[number, number]>>();
  for (const [x, y, w] of squares) bySize.set(w.toFixed(4), [...(bySize.get(w.toFixed(4)) ?? []), [x, y]]);
  const [size, cells] = [...bySize.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? ["0", []];
  const cell = Number(size);
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const x0 = Math.min(...cells.map(([x]) => x));
  const y0 = Math.min(...cells.map(([, y]) => y));
  const drawn = new Set(
    cells.map(([x, y]) => `${Math.round((y - y0) / cell)},${Math.round((x - x0) / cell)}`),
  );
  let expected = 0;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      expected++;
      if (!drawn.has(`${r},${c}`)) return false;
    }
  return drawn.size === expected;
};
