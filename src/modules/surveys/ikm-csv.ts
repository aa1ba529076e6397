/**
 * Reads paper SKM questionnaires typed into a spreadsheet and saved as CSV: one row per respondent, columns
 * U1..U9 (any case, any order; other columns such as name or service are ignored), values 1–4 or blank.
 *
 * RFC 4180 by hand (no dependency): quoted fields with doubled quotes, delimiters and newlines inside quotes,
 * CRLF, LF or CR line ends, a UTF-8 byte-order mark. Indonesian Excel writes `;` (the comma is the decimal
 * separator there), so the delimiter is whichever of `;` and `,` occurs more in the header row; Excel's
 * `sep=;` first line is honoured too.
 *
 * Every problem is reported with its line and column, in Bahasa Indonesia and English, and all of them are
 * collected (up to `maxErrors`) so an operator fixes the file in one pass. A "line" is the line of the file
 * where the row starts — the spreadsheet row number unless a cell holds a line break.
 */
import { ELEMENT_CODES, type ElementCode, isElementCode, type SkmAnswers, type Text } from "./ikm.ts";

export type IkmCsvErrorCode =
  | "empty_file"
  | "unclosed_quote"
  | "missing_columns"
  | "duplicate_column"
  | "field_count"
  | "invalid_value";

export type IkmCsvError = {
  line: number | null;
  column: ElementCode | null;
  code: IkmCsvErrorCode;
  text: Text;
};

export type IkmCsvResult =
  | { ok: true; delimiter: "," | ";"; responses: SkmAnswers[]; lines: number[] }
  | { ok: false; errors: IkmCsvError[]; omitted: number };

export type IkmCsvOptions = { maxErrors?: number };

type RawRecord = { line: number; fields: string[] };

/** The header's delimiter: `;` when it has more semicolons than commas outside quotes. */
const detectDelimiter = (text: string): "," | ";" => {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) break;
    else if (!inQuotes && ch === ",") commas++;
    else if (!inQuotes && ch === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
};

/** Splits into records, remembering the line each starts on; `unclosedAt` is where a quote never closed. */
const tokenize = (text: string, delimiter: string, firstLine: number) => {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = firstLine;
  let recordLine = firstLine;
  let inQuotes = false;
  let quoteLine = 0;
  let atFieldStart = true;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    atFieldStart = true;
    line++;
    recordLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else {
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        field += ch;
      }
    } else if (ch === '"' && atFieldStart) {
      inQuotes = true;
      quoteLine = line;
      atFieldStart = false;
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
      atFieldStart = true;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else {
      field += ch;
      atFieldStart = false;
    }
  }
  if (inQuotes) return { records, unclosedAt: quoteLine };
  if (field !== "" || fields.length > 0 || !atFieldStart) endRecord();
  return { records, unclosedAt: null };
};

const isBlank = (r: RawRecord) => r.fields.every((f) => f.trim() === "");

const shown = (value: string) => {
  const cut = value.length > 20 ? `${value.slice(0, 20)}…` : value;
  return /^[\d.,+-]+$/.test(cut) ? cut : `"${cut}"`;
};

const at = (line: number | null, column: ElementCode | null): Text => {
  if (line === null) return { id: "", en: "" };
  if (column === null) return { id: `baris ${line}: `, en: `line ${line}: ` };
  return { id: `baris ${line}, kolom ${column}: `, en: `line ${line}, column ${column}: ` };
};

const issue = (code: IkmCsvErrorCode, line: number | null, column: ElementCode | null, text: Text) => {
  const where = at(line, column);
  return { line, column, code, text: { id: where.id + text.id, en: where.en + text.en } };
};

/** Maps U1..U9 to their column index; reports missing and repeated U-columns. */
const readHeader = (header: RawRecord) => {
  const columns = new Map<ElementCode, number>();
  const errors: IkmCsvError[] = [];
  header.fields.forEach((name, index) => {
    const code = name.trim().toUpperCase();
    if (!isElementCode(code)) return;
    if (columns.has(code))
      errors.push(
        issue("duplicate_column", header.line, code, {
          id: "kolom ini muncul lebih dari sekali di baris judul",
          en: "this column appears more than once in the header row",
        }),
      );
    else columns.set(code, index);
  });
  const missing = ELEMENT_CODES.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    const list = missing.join(", ");
    errors.push(
      issue("missing_columns", header.line, null, {
        id: `kolom ${list} tidak ada di baris judul (harus ada U1 sampai U9)`,
        en: `column${missing.length > 1 ? "s" : ""} ${list} missing from the header row (U1 to U9 are required)`,
      }),
    );
  }
  return { columns, errors };
};

/** One respondent's row; problems go to `report`. */
const readRow = (
  record: RawRecord,
  width: number,
  columns: Map<ElementCode, number>,
  report: (e: IkmCsvError) => void,
): SkmAnswers | null => {
  if (record.fields.length !== width) {
    const n = record.fields.length;
    report(
      issue("field_count", record.line, null, {
        id: `ada ${n} kolom, sedangkan baris judul ${width} kolom (periksa pemisah atau tanda kutip)`,
        en: `${n} columns, but the header row has ${width} (check the delimiter or the quotes)`,
      }),
    );
    return null;
  }
  const answers: SkmAnswers = {};
  let valid = true;
  for (const [code, index] of columns) {
    const raw = record.fields[index]!.trim();
    if (raw === "") continue;
    if (/^[1-4]$/.test(raw)) answers[code] = Number(raw) as 1 | 2 | 3 | 4;
    else {
      valid = false;
      report(
        issue("invalid_value", record.line, code, {
          id: `nilai ${shown(raw)} tidak sah, harus 1–4 atau kosong`,
          en: `value ${shown(raw)} is not valid, must be 1–4 or blank`,
        }),
      );
    }
  }
  return valid ? answers : null;
};

export const parseIkmCsv = (input: string, options: IkmCsvOptions = {}): IkmCsvResult => {
  const maxErrors = options.maxErrors ?? 50;
  const errors: IkmCsvError[] = [];
  let omitted = 0;
  const report = (e: IkmCsvError) => (errors.length < maxErrors ? errors.push(e) : omitted++);
  const failed = (): IkmCsvResult => ({ ok: false, errors, omitted });

  let text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  let firstLine = 1;
  let delimiter: "," | ";";
  const hint = /^sep=([,;])[ \t]*(\r\n|\n|\r)/i.exec(text);
  if (hint) {
    delimiter = hint[1] as "," | ";";
    text = text.slice(hint[0].length);
    firstLine = 2;
  } else delimiter = detectDelimiter(text);

  const { records, unclosedAt } = tokenize(text, delimiter, firstLine);
  if (unclosedAt !== null)
    report(
      issue("unclosed_quote", unclosedAt, null, {
        id: 'tanda kutip (") dibuka di sini tetapi tidak pernah ditutup',
        en: 'a quote (") opens here and is never closed',
      }),
    );
  const [header, ...rows] = records.filter((r) => !isBlank(r));
  if (!header) {
    if (unclosedAt === null)
      report(
        issue("empty_file", null, null, {
          id: "berkas kosong: tidak ada baris judul U1–U9",
          en: "the file is empty: no U1–U9 header row",
        }),
      );
    return failed();
  }
  const { columns, errors: headerErrors } = readHeader(header);
  headerErrors.forEach(report);
  if (headerErrors.length > 0) return failed();

  const responses: SkmAnswers[] = [];
  const lines: number[] = [];
  for (const record of rows) {
    const answers = readRow(record, header.fields.length, columns, report);
    if (answers) {
      responses.push(answers);
      lines.push(record.line);
    }
  }
  if (errors.length > 0 || omitted > 0) return failed();
  return { ok: true, delimiter, responses, lines };
};
