/**
 * Real, valid files built byte by byte for tests (no image library): a baseline JPEG, a PNG, a lossless
 * WebP, a PDF, each optionally carrying the metadata the pipeline must remove (EXIF with GPS, text chunks).
 */
import { randomBytes } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
export const segment = (marker: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([0xff, marker]), u16(payload.length + 2), payload]);

/** An APP1 EXIF block: camera make, the place the photo was taken (Kupang), and optionally its orientation. */
export const exifGps = (o: { orientation?: number } = {}): Buffer => {
  const make = Buffer.from("LontarCam\0", "latin1");
  const ifd0Count = o.orientation ? 3 : 2;
  const ifd0At = 8;
  const makeAt = ifd0At + 2 + ifd0Count * 12 + 4;
  const gpsAt = makeAt + make.length;
  const gpsCount = 4;
  const latAt = gpsAt + 2 + gpsCount * 12 + 4;
  const lonAt = latAt + 24;
  const tiff = Buffer.alloc(lonAt + 24);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(ifd0At, 4);
  const entry = (
    at: number,
    tag: number,
    type: number,
    count: number,
    value: (b: Buffer, at: number) => void,
  ) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    value(tiff, at + 8);
  };
  type Entry = [tag: number, type: number, count: number, value: (b: Buffer, at: number) => void];
  const ifd0: Entry[] = [[0x010f, 2, make.length, (b, at) => b.writeUInt32BE(makeAt, at)]];
  if (o.orientation) ifd0.push([0x0112, 3, 1, (b, at) => b.writeUInt16BE(o.orientation!, at)]);
  ifd0.push([0x8825, 4, 1, (b, at) => b.writeUInt32BE(gpsAt, at)]);
  tiff.writeUInt16BE(ifd0.length, ifd0At);
  for (const [i, [tag, type, count, value]] of ifd0.entries())
    entry(ifd0At + 2 + i * 12, tag, type, count, value);
  make.copy(tiff, makeAt);
  tiff.writeUInt16BE(gpsCount, gpsAt);
  entry(gpsAt + 2, 1, 2, 2, (b, at) => b.write("S\0", at, "latin1"));
  entry(gpsAt + 14, 2, 5, 3, (b, at) => b.writeUInt32BE(latAt, at));
  entry(gpsAt + 26, 3, 2, 2, (b, at) => b.write("E\0", at, "latin1"));
  entry(gpsAt + 38, 4, 5, 3, (b, at) => b.writeUInt32BE(lonAt, at));
  const rationals = (at: number, values: number[]) => {
    for (const [i, n] of values.entries()) tiff.writeUInt32BE(n, at + i * 4);
  };
  rationals(latAt, [10, 1, 10, 1, 1234, 100]); // 10°10'12.34" S
  rationals(lonAt, [123, 1, 36, 1, 4321, 100]); // 123°36'43.21" E
  return Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
};

/**
 * The picture part of a grey 8×8 baseline JPEG: quantisation and Huffman tables (one code each), the frame,
 * one scan whose entropy-coded data is the single byte 0x3F (DC difference 0, end of block), and EOI.
 */
export const JPEG_IMAGE = Buffer.concat([
  segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
  segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
  segment(0xc4, Buffer.concat([Buffer.from([0x00, 1]), Buffer.alloc(15), Buffer.from([0])])),
  segment(0xc4, Buffer.concat([Buffer.from([0x10, 1]), Buffer.alloc(15), Buffer.from([0])])),
  segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
  Buffer.from([0x3f, 0xff, 0xd9]),
]);

/**
 * A valid JPEG: SOI, a JFIF APP0 whose 2×2 thumbnail is random (so every call is a different file),
 * then any extra segments (EXIF, comments) given, then the picture. `after` is appended after EOI.
 */
export const jpeg = (o: { segments?: Buffer[]; after?: Buffer } = {}): Buffer => {
  const jfif = Buffer.concat([
    Buffer.from("JFIF\0\x01\x01\x00\x00\x01\x00\x01\x02\x02", "latin1"),
    randomBytes(12),
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, jfif),
    ...(o.segments ?? []),
    JPEG_IMAGE,
    o.after ?? Buffer.alloc(0),
  ]);
};

export const app1 = (payload: Buffer) => segment(0xe1, payload);
export const app13 = (payload: Buffer) => segment(0xed, payload);
export const comment = (text: string) => segment(0xfe, Buffer.from(text, "latin1"));

export const pngChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

/** A 1×1 RGB PNG of a random colour; `extra` chunks go between IHDR and IDAT. */
export const png = (o: { extra?: Buffer[]; after?: Buffer } = {}): Buffer => {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    ...(o.extra ?? []),
    pngChunk("IDAT", deflateSync(Buffer.concat([Buffer.from([0]), randomBytes(3)]))),
    pngChunk("IEND", Buffer.alloc(0)),
    o.after ?? Buffer.alloc(0),
  ]);
};

/** The 1×1 lossless VP8L bitstream browsers use to test for WebP support. */
export const VP8L_1X1 = Buffer.from("LwAAABAHEBERiIj+BwA=", "base64");

const riffChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};

/** A 1×1 WebP: simple (VP8L only), or extended (VP8X) with EXIF and XMP chunks when asked. */
export const webp = (o: { exif?: Buffer; xmp?: string } = {}): Buffer => {
  const chunks: Buffer[] = [];
  if (o.exif || o.xmp) {
    const flags = (o.exif ? 0x08 : 0) | (o.xmp ? 0x04 : 0);
    chunks.push(riffChunk("VP8X", Buffer.from([flags, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
  }
  chunks.push(riffChunk("VP8L", VP8L_1X1));
  if (o.exif) chunks.push(riffChunk("EXIF", o.exif.subarray(6))); // WebP keeps EXIF without "Exif\0\0"
  if (o.xmp) chunks.push(riffChunk("XMP ", Buffer.from(o.xmp, "utf8")));
  const body = Buffer.concat(chunks);
  const head = Buffer.from("RIFF\0\0\0\0WEBP", "latin1");
  head.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([head, body]);
};

/** A one-page PDF with a correct xref table; `note` goes into the page text (a different file per note). */
export const pdf = (note = randomBytes(6).toString("hex")): Buffer => {
  const stream = `BT /F1 24 Tf 72 700 Td (Akta ${note}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets = objects.map((object, i) => {
    const at = Buffer.byteLength(body, "latin1");
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xrefAt = Buffer.byteLength(body, "latin1");
  const entries = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
};

/** A Windows executable's first bytes ("MZ", the DOS stub text): what a spoofed ktp.jpg really is. */
export const exe = (): Buffer =>
  Buffer.concat([
    Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "latin1"),
    Buffer.alloc(50),
    Buffer.from("This program cannot be run in DOS mode.\r\r\n$", "latin1"),
    randomBytes(256),
  ]);

/** An ISO-BMFF "ftyp" box of an iPhone HEIC photo, and some bytes. */
export const heic = (): Buffer =>
  Buffer.concat([Buffer.from("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "latin1"), randomBytes(64)]);

/** A ZIP end-of-central-directory record with no entries (22 bytes): what makes a file open as a ZIP. */
export const zipDirectory = (): Buffer =>
  Buffer.concat([Buffer.from("PK\x05\x06", "latin1"), Buffer.alloc(18)]);
