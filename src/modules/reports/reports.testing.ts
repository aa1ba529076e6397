/** Test support for the reports: reading a CSV back (RFC 4180), independently of how it was written. */

/** Rows of fields; quoted fields may hold commas, doubled quotes and line breaks. Expects CRLF rows. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length > 0) throw new Error("the CSV does not end with CRLF");
  return rows;
};

/** pdfText reads bytes as Latin-1; the standard fonts' encoding puts a few characters at 0x80–0x9F. */
const WIN_ANSI_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

export const fromWinAnsi = (text: string) =>
  text.replace(/[\u0080-\u009f]/g, (ch) => WIN_ANSI_HIGH[ch.charCodeAt(0) - 0x80]!);

/** Posts a paper-survey CSV the way the page's htmx form does (multipart, CSRF header, filter fields). */
export const uploadSurveyCsv = async (
  baseUrl: string,
  client: { cookie: string; csrf: string },
  csv: string | Buffer,
  fields: Record<string, string>,
  o: { csrf?: boolean; fileName?: string } = {},
) => {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  const bytes = typeof csv === "string" ? Buffer.from(csv, "utf8") : csv;
  body.append("file", new Blob([new Uint8Array(bytes)], { type: "text/csv" }), o.fileName ?? "survei.csv");
  const res = await fetch(`${baseUrl}/desk/reports/ikm-import`, {
    method: "POST",
    headers: {
      cookie: client.cookie,
      "hx-request": "true",
      ...(o.csrf === false ? {} : { "x-csrf-token": client.csrf }),
    },
    body,
    redirect: "manual",
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
};
