/** Test support: the words a PDF shows (pdfkit writes text as hex strings in deflated content streams). */
import { inflateSync } from "node:zlib";

export const pdfText = (pdf: Buffer): string[] => {
  const texts: string[] = [];
  for (const m of pdf.toString("latin1").matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(m[1]!, "latin1")).toString("latin1");
    } catch {
      continue; // not a deflated content stream
    }
    for (const tj of body.matchAll(/\[(.*?)\] TJ/g))
      texts.push(
        [...tj[1]!.matchAll(/<([0-9a-f]*)>/g)]
          .map((h) => Buffer.from(h[1]!, "hex").toString("latin1"))
          .join(""),
      );
  }
  return texts;
};
