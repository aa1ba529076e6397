/**
 * JPEG metadata removal by byte surgery: the segments are walked from SOI to EOI and only those a decoder
 * needs are copied; the compressed image data is copied untouched (no re-encoding, no quality loss).
 */

/** APPn segments that change how the picture looks are kept; every other APPn and COM is metadata. */
const keepsApp = (marker: number, payload: Buffer): boolean => {
  if (marker === 0xe0) return true; // JFIF/JFXX: pixel density (and an optional thumbnail of the same picture)
  if (marker === 0xe2) return payload.toString("latin1", 0, 12) === "ICC_PROFILE\0"; // colours
  if (marker === 0xee) return payload.toString("latin1", 0, 5) === "Adobe"; // CMYK/YCCK colour transform
  return false;
};

const isApp = (m: number) => m >= 0xe0 && m <= 0xef;
const COMMENT = 0xfe;
const SOS = 0xda;
const EOI = 0xd9;
/** Start-of-frame markers (C0–CF without DHT C4, JPG C8 and DAC CC): the picture's size and components. */
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7);

/** The end of the entropy-coded data after a SOS header: the next 0xFF that starts a real marker. */
const scanEnd = (bytes: Buffer, from: number): number => {
  let i = bytes.indexOf(0xff, from);
  while (i !== -1 && i + 1 < bytes.length) {
    const next = bytes[i + 1]!;
    // FF00 is an escaped data byte, FFD0–FFD7 restart markers inside the scan, FFFF fill before a marker.
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i = bytes.indexOf(0xff, i + 2);
    else if (next === 0xff) i += 1;
    else return i;
  }
  return -1;
};

/**
 * The copy without metadata, or undefined when the bytes are not a complete JPEG (no frame, no scan,
 * a segment running past the end, no EOI). Bytes after EOI (maker trailers, HDR gain maps) are dropped.
 */
export const stripJpeg = (bytes: Buffer): Buffer | undefined => {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let pos = 2;
  let frame = false;
  let scan = false;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) return undefined;
    while (bytes[pos] === 0xff) pos++;
    const marker = bytes[pos++];
    if (marker === undefined || marker === 0x00 || marker === 0xd8) return undefined;
    if (marker === EOI) {
      if (!frame || !scan) return undefined;
      parts.push(Buffer.from([0xff, EOI]));
      return Buffer.concat(parts);
    }
    if (isStandalone(marker)) {
      parts.push(Buffer.from([0xff, marker]));
      continue;
    }
    if (pos + 2 > bytes.length) return undefined;
    const end = pos + bytes.readUInt16BE(pos);
    if (end < pos + 2 || end > bytes.length) return undefined;
    const payload = bytes.subarray(pos + 2, end);
    if (isApp(marker) && !keepsApp(marker, payload)) {
      const orientation = marker === 0xe1 ? exifOrientation(payload) : undefined;
      if (orientation) parts.push(orientationSegment(orientation));
    } else if (marker !== COMMENT) {
      parts.push(bytes.subarray(pos - 2, end));
    }
    frame ||= isFrame(marker);
    pos = end;
    if (marker === SOS) {
      if (!frame) return undefined;
      scan = true;
      const dataEnd = scanEnd(bytes, pos);
      if (dataEnd === -1) return undefined;
      parts.push(bytes.subarray(pos, dataEnd));
      pos = dataEnd;
    }
  }
  return undefined;
};

const EXIF_HEADER = "Exif\0\0";
const ORIENTATION_TAG = 0x0112;

/**
 * The EXIF Orientation (2–8) of an APP1 payload, else undefined. It is the one EXIF field worth keeping:
 * phone photos taken upright are stored sideways and shown upright only because of it.
 */
export const exifOrientation = (payload: Buffer): number | undefined => {
  if (payload.toString("latin1", 0, 6) !== EXIF_HEADER || payload.length < 14) return undefined;
  const tiff = payload.subarray(6);
  const order = tiff.toString("latin1", 0, 2);
  if (order !== "II" && order !== "MM") return undefined;
  const u16 = (at: number) => (order === "II" ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (order === "II" ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) !== ORIENTATION_TAG || u16(entry + 2) !== 3) continue;
    const value = u16(entry + 8);
    return value >= 2 && value <= 8 ? value : undefined;
  }
  return undefined;
};

/** A fresh APP1 holding one IFD with the Orientation only (big-endian TIFF, no next IFD). */
const orientationSegment = (orientation: number): Buffer => {
  const tiff = Buffer.alloc(26);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(ORIENTATION_TAG, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // count
  tiff.writeUInt16BE(orientation, 18); // value, left-aligned in the 4-byte field
  tiff.writeUInt32BE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from(EXIF_HEADER, "latin1"), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};
