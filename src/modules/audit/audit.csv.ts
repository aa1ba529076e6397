/** RFC 4180 CSV by hand: CRLF rows, fields quoted when they must be, quotes doubled. */
import type { AuditRow } from "./audit.repo.ts";

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab/CR) as a formula; a leading apostrophe keeps
 * what an attacker typed (a username, a detail) as text.
 */
const defuse = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export const csvField = (value: unknown): string => {
  const text = defuse(value === null || value === undefined ? "" : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvRow = (fields: unknown[]) => `${fields.map(csvField).join(",")}\r\n`;

export const AUDIT_CSV_HEADER = [
  "id",
  "at",
  "actor",
  "action",
  "subject_type",
  "subject_id",
  "ip",
  "details",
];

export const auditCsvRow = (r: AuditRow) =>
  csvRow([
    r.id,
    r.at.toISOString(),
    r.actorUsername ?? (r.actorId ? r.actorId : "system"),
    r.action,
    r.subjectType,
    r.subjectId,
    r.ip,
    r.details === null ? "" : JSON.stringify(r.details),
  ]);
