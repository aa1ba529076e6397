/**
 * Paper SKM questionnaires into a period: the CSV is read with surveys/ikm-csv.ts; a file with any problem
 * stores nothing (every problem is reported at once); a good file becomes one `survey_imports` row and one
 * completed "paper" `survey_responses` row per respondent, with its audit entry, in the caller's transaction.
 */
import type { Tx } from "../../platform/db/client.ts";
import { surveyImports, surveyResponses } from "../../platform/db/schema/index.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { ELEMENT_CODES, type SkmAnswers } from "../surveys/ikm.ts";
import { type IkmCsvError, parseIkmCsv } from "../surveys/ikm-csv.ts";

/** A questionnaire file is a few kilobytes; 2 MB is tens of thousands of respondents. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const CHUNK = 500;

export type ReadCsv =
  | { ok: true; responses: Array<Record<string, number>>; blank: number }
  | { ok: false; errors: IkmCsvError[]; omitted: number }
  | { ok: false; problem: "not_text" | "empty" };

/** The file's text: UTF-8, or Windows-1252 as Excel's "CSV (Comma delimited)" writes it. */
export const decodeCsv = (bytes: Buffer): string | null => {
  if (bytes.includes(0)) return null; // a spreadsheet or a picture, not CSV text
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
};

const answered = (answers: SkmAnswers): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const code of ELEMENT_CODES) {
    const value = answers[code];
    if (value !== undefined && value !== null) out[code] = value;
  }
  return out;
};

/** Parses a questionnaire file; respondents who left every element blank are counted, not stored. */
export const readSurveyCsv = (bytes: Buffer): ReadCsv => {
  const text = decodeCsv(bytes);
  if (text === null) return { ok: false, problem: "not_text" };
  const parsed = parseIkmCsv(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, omitted: parsed.omitted };
  const responses = parsed.responses.map(answered).filter((a) => Object.keys(a).length > 0);
  if (responses.length === 0) return { ok: false, problem: "empty" };
  return { ok: true, responses, blank: parsed.responses.length - responses.length };
};

export type StoreSurveys = {
  officeId: string;
  fileName: string;
  /** The office day the answers count for, YYYY-MM-DD. */
  answeredOn: string;
  serviceCode: string | null;
  responses: Array<Record<string, number>>;
  actorId: string;
  ip?: string;
  now: Date;
};

export const storePaperSurveys = async (tx: Tx, o: StoreSurveys): Promise<{ importId: string }> => {
  const [row] = await tx
    .insert(surveyImports)
    .values({
      officeId: o.officeId,
      fileName: o.fileName.slice(0, 200),
      serviceCode: o.serviceCode,
      answeredOn: o.answeredOn,
      respondents: o.responses.length,
      importedBy: o.actorId,
      importedAt: o.now,
    })
    .returning({ id: surveyImports.id });
  const importId = row!.id;
  for (let i = 0; i < o.responses.length; i += CHUNK) {
    await tx.insert(surveyResponses).values(
      o.responses.slice(i, i + CHUNK).map((answers) => ({
        officeId: o.officeId,
        instrument: "skm",
        channel: "paper",
        importId,
        serviceCode: o.serviceCode,
        status: "completed",
        answers,
        answeredOn: o.answeredOn,
        createdAt: o.now,
        updatedAt: o.now,
      })),
    );
  }
  await recordAudit(tx, {
    officeId: o.officeId,
    actorId: o.actorId,
    action: "survey.paper_import",
    subjectType: "survey_import",
    subjectId: importId,
    details: { respondents: o.responses.length, answeredOn: o.answeredOn, serviceCode: o.serviceCode },
    ip: o.ip,
    at: o.now,
  });
  return { importId };
};
