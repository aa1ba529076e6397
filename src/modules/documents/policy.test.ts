/**
 * The media policy's "must show": a spoofed file (an executable named ktp.jpg, a PDF declared as an image,
 * a polyglot) is refused or taken for what it really is; sizes, PDF structure and names follow the rules.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import PDFDocument from "pdfkit";
import { manyPagePdf } from "../conversations/golden/many-pages.ts";
import { safeFileName } from "./filename.ts";
import { checkPdf } from "./pdf.ts";
import { downloadLimit, fitsRequirement, inspectFile, type MediaLimits } from "./policy.ts";
import { sniffType } from "./sniff.ts";
import { app1, comment, exe, exifGps, heic, jpeg, pdf, png, webp, zipDirectory } from "./testing.ts";

const MB = 1024 * 1024;
const limits: MediaLimits = { maxImageBytes: 5 * MB, maxDocumentBytes: 20 * MB };
const inspect = (bytes: Buffer, claimedName?: string) => inspectFile(bytes, { claimedName, limits });
const reasonOf = (bytes: Buffer) => {
  const r = inspect(bytes);
  return r.ok ? `kept as ${r.type}` : r.reason;
};

const pdfkitFile = () =>
  new Promise<Buffer>((done) => {
    const doc = new PDFDocument({ compress: true, info: { Title: "Akta" } });
    const parts: Buffer[] = [];
    doc.on("data", (b: Buffer) => parts.push(b));
    doc.on("end", () => done(Buffer.concat(parts)));
    doc.text("Kutipan akta kelahiran");
    doc.addPage().text("Halaman 2");
    doc.end();
  });

describe("sniffing: the bytes decide, never the name or the claimed type", () => {
  test("JPEG, PNG, WebP, PDF and HEIC are recognised by their signature at byte 0", () => {
    assert.equal(sniffType(jpeg()), "jpeg");
    assert.equal(sniffType(png()), "png");
    assert.equal(sniffType(webp()), "webp");
    assert.equal(sniffType(pdf()), "pdf");
    assert.equal(sniffType(heic()), "heic");
    assert.equal(sniffType(exe()), undefined);
    assert.equal(sniffType(Buffer.from("RIFF\0\0\0\0WAVEfmt ", "latin1")), undefined, "RIFF but not WebP");
  });

  test("an executable named ktp.jpg is refused", () => {
    assert.deepEqual(inspect(exe(), "ktp.jpg"), { ok: false, reason: "type_not_allowed" });
  });

  test("ZIP, HTML, SVG and GIF are not allowed", () => {
    for (const bytes of [
      Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(40), zipDirectory()]),
      Buffer.from("<!doctype html><script>alert(1)</script>"),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"),
    ])
      assert.equal(reasonOf(bytes), "type_not_allowed");
  });

  test("a PDF declared as an image is kept as the PDF it is, named .pdf; the requirement decides if it fits", () => {
    const r = inspect(pdf(), "KTP.jpg");
    assert.ok(r.ok);
    assert.equal(r.type, "pdf");
    assert.equal(r.mimeType, "application/pdf");
    assert.equal(r.name, "KTP.pdf");
    assert.equal(fitsRequirement("photo", "pdf"), false);
    assert.equal(fitsRequirement("pdf", "pdf"), true);
    assert.equal(fitsRequirement("either", "pdf"), true);
    assert.equal(fitsRequirement("pdf", "jpeg"), false);
    assert.equal(fitsRequirement("photo", "webp"), true);
  });

  test("HEIC is recognised and refused with its own reason; an empty file is refused", () => {
    assert.equal(reasonOf(heic()), "heic");
    assert.equal(reasonOf(Buffer.alloc(0)), "empty");
  });
});

describe("polyglots: one file that also opens as something else is refused", () => {
  test("a valid JPEG with a ZIP directory appended after its end", () => {
    assert.equal(
      reasonOf(jpeg({ after: Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), zipDirectory()]) })),
      "polyglot",
    );
  });

  test("a valid JPEG carrying a PDF, or a PDF behind a JPEG header", () => {
    assert.equal(reasonOf(jpeg({ after: pdf() })), "polyglot");
    assert.equal(reasonOf(jpeg({ segments: [comment(pdf().toString("latin1"))] })), "polyglot");
  });

  test("a PDF with a leading non-PDF header is not a PDF", () => {
    assert.equal(reasonOf(Buffer.concat([Buffer.from("GIF89a;"), pdf()])), "type_not_allowed");
  });

  test("markup inside an image (a comment, EXIF, after the end) or a PDF", () => {
    assert.equal(reasonOf(jpeg({ segments: [comment("<script>fetch('/desk')</script>")] })), "polyglot");
    assert.equal(reasonOf(jpeg({ segments: [app1(Buffer.from("Exif\0\0<SVG onload=x>"))] })), "polyglot");
    assert.equal(reasonOf(png({ after: Buffer.from("<html><body>hi</body></html>") })), "polyglot");
    assert.equal(reasonOf(webp({ xmp: "<?php system($_GET[0]); ?>" })), "polyglot");
    const withLink = pdf().toString("latin1").replace("(Akta", "(javascript:alert(1) Akta");
    assert.equal(reasonOf(Buffer.from(withLink, "latin1")), "polyglot");
  });

  test("a PDF with a ZIP or anything else after its %%EOF", () => {
    assert.equal(reasonOf(Buffer.concat([pdf(), zipDirectory()])), "polyglot");
    assert.equal(reasonOf(Buffer.concat([pdf(), Buffer.from("MZ\x90\x00")])), "polyglot");
    assert.equal(
      reasonOf(Buffer.concat([pdf(), Buffer.from("\r\n\n  ")])),
      "kept as pdf",
      "whitespace is fine",
    );
  });

  test("ZIP bytes that no ZIP reader would find (not ending the file) are not a polyglot", () => {
    assert.equal(reasonOf(jpeg({ segments: [comment(`PK\x05\x06${"\0".repeat(18)}`)] })), "kept as jpeg");
  });
});

describe("PDF structure", () => {
  test("hand-built, pdfkit-made and 100-page PDFs pass and are kept byte for byte", async () => {
    for (const file of [pdf(), await pdfkitFile(), manyPagePdf(100)]) {
      const r = inspect(file);
      assert.ok(r.ok, "kept");
      assert.deepEqual(r.bytes, file);
    }
  });

  test("no %%EOF, no startxref, or a startxref pointing at nothing is damaged", () => {
    const good = pdf().toString("latin1");
    const bad = [
      good.replace("%%EOF", "%%EOX"),
      good.replace("startxref", "startxrex"),
      good.replace(/startxref\n\d+/, "startxref\n12"),
      good.replace(/startxref\n\d+/, "startxref\n999999"),
      "%PDF-1.4\n%%EOF\n",
    ];
    for (const text of bad)
      assert.deepEqual(checkPdf(Buffer.from(text, "latin1")), { ok: false, why: "damaged" });
    assert.equal(reasonOf(Buffer.from(bad[0]!, "latin1")), "damaged");
  });
});

describe("size limits", () => {
  const comments = (n: number) => Array.from({ length: n }, () => comment("x".repeat(65000)));

  test("a photo over the image limit is refused; a PDF of the same size is within the document limit", () => {
    const bigPhoto = jpeg({ segments: comments(81) });
    assert.ok(bigPhoto.length > 5 * MB);
    assert.equal(reasonOf(bigPhoto), "too_large");
    assert.equal(inspectFile(bigPhoto, { limits: { ...limits, maxImageBytes: 6 * MB } }).ok, true);
    const bigPdf = pdf("x".repeat(6 * MB));
    assert.ok(bigPdf.length > 5 * MB && bigPdf.length < 20 * MB);
    assert.equal(reasonOf(bigPdf), "kept as pdf");
    assert.equal(inspectFile(bigPdf, { limits: { ...limits, maxDocumentBytes: 5 * MB } }).ok, false);
  });

  test("the download ceiling follows the WhatsApp kind before the type is known", () => {
    assert.equal(downloadLimit("image", limits), 5 * MB);
    assert.equal(downloadLimit("sticker", limits), 5 * MB);
    assert.equal(downloadLimit("document", limits), 20 * MB);
  });
});

describe("what is stored", () => {
  test("an image is stored without metadata and fingerprinted after stripping", () => {
    const photo = jpeg({ segments: [app1(exifGps())] });
    const r = inspect(photo);
    assert.ok(r.ok);
    assert.ok(r.bytes.length < photo.length);
    assert.equal(r.sha256, createHash("sha256").update(r.bytes).digest("hex"));
    assert.notEqual(r.sha256, createHash("sha256").update(photo).digest("hex"));
  });

  test("file names lose folders, control and direction characters, get the real extension and a cap", () => {
    assert.equal(safeFileName("../../etc/passwd", "pdf"), "passwd.pdf");
    assert.equal(safeFileName("C:\\Users\\Maria\\ktp.exe", "jpeg"), "ktp.jpg");
    assert.equal(safeFileName("KTP\u202Egpj.exe", "jpeg"), "KTPgpj.jpg", "no right-to-left override");
    assert.equal(safeFileName("akta\u0000\n\tanak.PDF", "pdf"), "aktaanak.pdf");
    assert.equal(safeFileName('surat <pindah>: "baru"?.pdf', "pdf"), "surat _pindah__ _baru__.pdf");
    assert.equal(safeFileName("...", "png"), undefined);
    assert.equal(safeFileName(undefined, "png"), undefined);
    assert.equal(safeFileName(".bashrc", "pdf"), undefined, "a dot-file name is all extension");
    const long = safeFileName(`${"é".repeat(300)}.pdf`, "pdf")!;
    assert.equal(Array.from(long).length, 104);
    assert.ok(long.endsWith("é.pdf"));
  });
});
