/** Metadata removal, format by format, on real files built byte by byte (documents/testing.ts). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { exifOrientation, stripJpeg } from "./jpeg.ts";
import { stripPng } from "./png.ts";
import { app1, app13, comment, exifGps, JPEG_IMAGE, jpeg, png, pngChunk, VP8L_1X1, webp } from "./testing.ts";
import { stripWebp } from "./webp.ts";

const has = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, "latin1"));
const SOI = Buffer.from([0xff, 0xd8]);
const segmentOf = (marker: number, payload: string) => {
  const body = Buffer.from(payload, "latin1");
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
};

describe("JPEG", () => {
  test("an EXIF block with GPS is removed; what is left is the same picture, byte for byte", () => {
    const clean = jpeg();
    const app0 = clean.subarray(2, clean.length - JPEG_IMAGE.length);
    const withGps = Buffer.concat([SOI, app0, app1(exifGps()), JPEG_IMAGE]);
    assert.ok(has(withGps, "Exif") && has(withGps, "LontarCam"), "the test file does carry EXIF");
    const out = stripJpeg(withGps)!;
    assert.deepEqual(out, Buffer.concat([SOI, app0, JPEG_IMAGE]), "only the EXIF segment went");
    assert.equal(has(out, "Exif"), false);
    assert.equal(has(out, "LontarCam"), false);
    assert.equal(out.includes(Buffer.from([0x88, 0x25])), false, "no GPS IFD pointer tag");
    assert.deepEqual(out.subarray(-JPEG_IMAGE.length), JPEG_IMAGE, "tables, frame and scan data unchanged");
    assert.deepEqual(stripJpeg(out), out, "still a complete JPEG (stripping again changes nothing)");
  });

  test("XMP (APP1), IPTC (APP13), comments and vendor APPn go; JFIF, ICC and Adobe stay", () => {
    const icc = segmentOf(0xe2, "ICC_PROFILE\0\x01\x01profile-bytes");
    const mpf = segmentOf(0xe2, "MPF\0\x4d\x4d\x00\x2a");
    const adobe = segmentOf(0xee, "Adobe\x00\x64\x00\x00\x00\x00\x01");
    const xmp = app1(Buffer.from("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude</x:xmpmeta>"));
    const ducky = segmentOf(0xec, "Ducky\0\0");
    const input = jpeg({
      segments: [xmp, icc, mpf, adobe, app13(Buffer.from("Photoshop 3.0\x008BIM")), comment("Maria"), ducky],
    });
    const out = stripJpeg(input)!;
    for (const gone of ["xmpmeta", "Photoshop", "8BIM", "Maria", "MPF", "Ducky"])
      assert.equal(has(out, gone), false, gone);
    assert.ok(out.includes(icc) && out.includes(adobe), "colour information kept");
  });

  test("the orientation survives as a one-field EXIF block (phone photos are stored sideways)", () => {
    const out = stripJpeg(jpeg({ segments: [app1(exifGps({ orientation: 6 }))] }))!;
    assert.equal(has(out, "LontarCam"), false);
    assert.equal(out.includes(Buffer.from([0x88, 0x25])), false, "no GPS pointer");
    const at = out.indexOf(Buffer.from("Exif\0\0", "latin1"));
    assert.ok(at > 0);
    const length = out.readUInt16BE(at - 2);
    assert.equal(length, 2 + 6 + 26, "header, TIFF header, one entry, nothing else");
    assert.equal(exifOrientation(out.subarray(at, at + length - 2)), 6);
  });

  test("bytes after EOI are dropped; an incomplete JPEG is not a JPEG", () => {
    const clean = jpeg();
    assert.deepEqual(stripJpeg(Buffer.concat([clean, Buffer.from("SEFHtrailer")])), clean);
    assert.equal(stripJpeg(clean.subarray(0, clean.length - 2)), undefined, "no EOI");
    assert.equal(stripJpeg(clean.subarray(0, 40)), undefined, "cut inside a segment");
    const noFrame = Buffer.concat([
      SOI,
      Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x3f, 0xff, 0xd9]),
    ]);
    assert.equal(stripJpeg(noFrame), undefined, "a scan without a frame");
    assert.equal(stripJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xd9])), undefined, "no picture at all");
  });
});

describe("PNG", () => {
  test("eXIf, tEXt, iTXt, zTXt and tIME chunks go; the image chunks are copied as they were", () => {
    const metadata = [
      pngChunk("eXIf", exifGps().subarray(6)),
      pngChunk("tEXt", Buffer.from("Author\0Maria Goreti", "latin1")),
      pngChunk("iTXt", Buffer.from("GPS\0\0\0\0\0-10.17,123.60", "latin1")),
      pngChunk("zTXt", Buffer.from("Comment\0\0x", "latin1")),
      pngChunk("tIME", Buffer.from([7, 234, 11, 27, 10, 0, 0])),
    ];
    const phys = pngChunk("pHYs", Buffer.from([0, 0, 11, 19, 0, 0, 11, 19, 1]));
    const clean = png({ extra: [phys] });
    const dirty = Buffer.concat([clean.subarray(0, 33), ...metadata, clean.subarray(33)]);
    const out = stripPng(dirty)!;
    assert.deepEqual(out, clean, "signature, IHDR, pHYs, IDAT and IEND unchanged");
    for (const gone of ["eXIf", "tEXt", "iTXt", "zTXt", "tIME", "Maria", "123.60"])
      assert.equal(has(out, gone), false);
  });

  test("bytes after IEND are dropped; a PNG without IHDR first, IDAT or IEND is not a PNG", () => {
    const clean = png();
    assert.deepEqual(stripPng(Buffer.concat([clean, Buffer.from("junk")])), clean);
    assert.equal(stripPng(clean.subarray(0, clean.length - 12)), undefined, "no IEND");
    const noIdat = Buffer.concat([clean.subarray(0, 33), pngChunk("IEND", Buffer.alloc(0))]);
    assert.equal(stripPng(noIdat), undefined);
    assert.equal(
      stripPng(Buffer.concat([clean.subarray(0, 8), pngChunk("IEND", Buffer.alloc(0))])),
      undefined,
    );
  });
});

describe("WebP", () => {
  test("EXIF and XMP chunks go, their VP8X flags are cleared and the RIFF size is fixed", () => {
    const dirty = webp({ exif: exifGps(), xmp: "<x:xmpmeta>Maria</x:xmpmeta>" });
    assert.equal(dirty[20]! & 0x0c, 0x0c, "the test file flags EXIF and XMP");
    const out = stripWebp(dirty)!;
    assert.equal(has(out, "EXIF") || has(out, "XMP ") || has(out, "LontarCam") || has(out, "Maria"), false);
    assert.equal(out.readUInt32LE(4), out.length - 8, "RIFF size");
    assert.equal(out.toString("latin1", 12, 16), "VP8X");
    assert.equal(out[20]! & 0x0c, 0, "EXIF and XMP flags cleared");
    assert.ok(out.includes(VP8L_1X1), "the image bitstream is unchanged");
    assert.equal(dirty[20]! & 0x0c, 0x0c, "the input is not modified");
  });

  test("a simple WebP passes unchanged; a truncated one is not a WebP", () => {
    const simple = webp();
    assert.deepEqual(stripWebp(simple), simple);
    assert.equal(stripWebp(simple.subarray(0, simple.length - 4)), undefined);
    const noImage = Buffer.from("RIFF\x04\x00\x00\x00WEBP", "latin1");
    assert.equal(stripWebp(Buffer.concat([noImage, Buffer.alloc(8)])), undefined);
  });
});
