/**
 * WebP metadata removal: the EXIF and XMP chunks of the RIFF container are dropped, the VP8X header's
 * flags for them cleared and the RIFF size fixed. Image chunks (VP8, VP8L, ALPH, ANIM, ANMF, ICCP) are
 * copied byte for byte.
 */

const METADATA = new Set(["EXIF", "XMP "]);
const IMAGE = new Set(["VP8 ", "VP8L", "ANMF"]);
/** VP8X flags byte: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04, animation 0x02. */
const EXIF_FLAG = 0x08;
const XMP_FLAG = 0x04;

/**
 * The copy without metadata, or undefined when the bytes are not a complete WebP (RIFF size beyond the
 * file, a chunk running past it, no image chunk). Bytes after the RIFF size are dropped.
 */
export const stripWebp = (bytes: Buffer): Buffer | undefined => {
  if (bytes.length < 20) return undefined;
  const riffEnd = 8 + bytes.readUInt32LE(4);
  if (riffEnd > bytes.length || riffEnd < 20) return undefined;
  const chunks: Buffer[] = [];
  let pos = 12;
  let image = false;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) return undefined;
    const type = bytes.toString("latin1", pos, pos + 4);
    const size = bytes.readUInt32LE(pos + 4);
    const end = pos + 8 + size + (size % 2); // chunks are padded to an even size
    if (end > riffEnd) return undefined;
    image ||= IMAGE.has(type);
    if (!METADATA.has(type)) chunks.push(Buffer.from(bytes.subarray(pos, end)));
    pos = end;
  }
  if (!image) return undefined;
  const vp8x = chunks.find((c) => c.toString("latin1", 0, 4) === "VP8X");
  if (vp8x) vp8x[8] = vp8x[8]! & ~(EXIF_FLAG | XMP_FLAG); // a copy: the input stays as it was
  const body = Buffer.concat(chunks);
  const head = Buffer.from("RIFF\0\0\0\0WEBP", "latin1");
  head.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([head, body]);
};
