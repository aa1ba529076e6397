/**
 * PNG metadata removal by dropping whole chunks: each chunk carries its own CRC, so the kept ones are
 * copied byte for byte and the image data (IDAT) is untouched.
 */

/** Text, EXIF (with GPS) and the time of last change: nothing a viewer needs to draw the picture. */
const METADATA = new Set(["eXIf", "tEXt", "iTXt", "zTXt", "tIME"]);

/**
 * The copy without metadata chunks, or undefined when the bytes are not a complete PNG (IHDR first,
 * IDAT present, IEND reached, no chunk running past the end). Bytes after IEND are dropped.
 */
export const stripPng = (bytes: Buffer): Buffer | undefined => {
  const parts: Buffer[] = [bytes.subarray(0, 8)];
  let pos = 8;
  let data = false;
  while (pos + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString("latin1", pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) return undefined;
    if (pos === 8 && type !== "IHDR") return undefined;
    data ||= type === "IDAT";
    if (!METADATA.has(type)) parts.push(bytes.subarray(pos, end));
    if (type === "IEND") return data ? Buffer.concat(parts) : undefined;
    pos = end;
  }
  return undefined;
};
