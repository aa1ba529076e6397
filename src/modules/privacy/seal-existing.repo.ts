/**
 * Queries of the backfill that seals values written in clear (seal-existing.ts). Every statement touches one
 * page of rows by primary key, so none runs long however big a table is (PGlite runs statements one at a time:
 * a long one would hold up the webhook path).
 */
import { type SQL, sql } from "drizzle-orm";
import { rows, type Tx, textArray } from "../../platform/db/client.ts";
import { SEALED_TEXT_PATTERN } from "../shared/sealed.ts";

type Target = {
  table: string;
  column: string;
  id: "uuid" | "bigint";
  json: boolean;
  /** Only the rows this condition (SQL over the table's own columns) selects hold text to seal. */
  only?: string;
};

/** The sealed columns, by their sealing context (shared/sealed.ts SEALED). Identifiers come from here only. */
export const SEALABLE = {
  "messages.content": { table: "messages", column: "content", id: "uuid", json: true },
  "conversations.bot_state": { table: "conversations", column: "bot_state", id: "uuid", json: true },
  "webhook_deliveries.body": { table: "webhook_deliveries", column: "body", id: "bigint", json: false },
  "survey_responses.suggestion": { table: "survey_responses", column: "suggestion", id: "uuid", json: true },
  "complaints.description": { table: "complaints", column: "description", id: "uuid", json: false },
  "complaints.answer": { table: "complaints", column: "answer", id: "uuid", json: false },
  "outbox.payload": { table: "outbox", column: "payload", id: "bigint", json: true },
  "contacts.profile_name": { table: "contacts", column: "profile_name", id: "uuid", json: false },
  // Notes a person wrote (complaints.service.ts); the system's codes, an assignment's operator id and a
  // referral's office stay in clear.
  "complaint_events.note": {
    table: "complaint_events",
    column: "note",
    id: "bigint",
    json: false,
    only: "(action IN ('answer', 'add_info', 'confirm', 'reopen') OR (action = 'escalate' AND actor_kind <> 'system'))",
  },
} as const satisfies Record<string, Target>;

export type SealableColumn = keyof typeof SEALABLE;

/** A value still in clear: text, or a JSON value as the driver parses it. */
export type ClearValue = { id: string; clear: unknown };

const parts = (name: SealableColumn) => {
  const t: Target = SEALABLE[name];
  const column = sql.raw(`"${t.column}"`);
  // The same test as isSealed / isSealedText (shared/sealed.ts); NULL (and JSON null) has nothing to seal.
  const inClear = t.json
    ? sql`(${column} IS NOT NULL AND jsonb_typeof(${column}) <> 'null' AND NOT (jsonb_typeof(${column}) = 'object'
          AND coalesce(jsonb_typeof(${column}->'sealed'), '') = 'string'))`
    : sql`(${column} IS NOT NULL AND ${column} !~ ${SEALED_TEXT_PATTERN}${t.only ? sql.raw(` AND ${t.only}`) : sql``})`;
  const idType = sql.raw(t.id);
  return { table: sql.raw(`"${t.table}"`), column, inClear, idType };
};

/**
 * One page of rows after `after` (by primary key, ascending): every id, and the value of those still in clear
 * (null for sealed ones, so a sealed table costs ids only).
 */
export const scanPage = (
  tx: Tx,
  name: SealableColumn,
  o: { after?: string; limit: number },
): Promise<ClearValue[]> => {
  const { table, column, inClear, idType } = parts(name);
  const after: SQL = o.after === undefined ? sql`true` : sql`t.id > ${o.after}::${idType}`;
  return rows<ClearValue>(
    tx,
    // Ordered by the key itself, not by its text (which puts bigint 10 before 9).
    sql`SELECT t.id::text AS id, CASE WHEN ${inClear} THEN ${column} END AS clear
        FROM ${table} AS t WHERE ${after} ORDER BY t.id LIMIT ${o.limit}`,
  );
};

/**
 * Locks the rows of `ids` still in clear and returns their current values. Rows another transaction holds are
 * skipped, not waited for: the backfill never holds up a bot turn or a send, and never deadlocks with one.
 */
export const lockClear = (tx: Tx, name: SealableColumn, ids: string[]): Promise<ClearValue[]> => {
  const { table, column, inClear, idType } = parts(name);
  return rows<ClearValue>(
    tx,
    sql`SELECT t.id::text AS id, ${column} AS clear FROM ${table} AS t
        WHERE t.id = ANY(${textArray(ids)}::${idType}[]) AND ${inClear}
        ORDER BY t.id FOR UPDATE SKIP LOCKED`,
  );
};

/** Writes sealed values (text tokens, or JSON objects for jsonb columns) of rows locked by lockClear. */
export const writeSealed = async (
  tx: Tx,
  name: SealableColumn,
  values: Array<{ id: string; stored: unknown }>,
) => {
  if (values.length === 0) return;
  const { table, column, idType } = parts(name);
  const valueType = sql.raw(SEALABLE[name].json ? "jsonb" : "text");
  // One bound JSON parameter: values pass through untouched (no array-literal quoting).
  const input = JSON.stringify(values.map((v) => ({ id: v.id, stored: v.stored })));
  await tx.execute(sql`
    UPDATE ${table} AS t SET ${column} = v.stored
    FROM jsonb_to_recordset(${input}::jsonb) AS v(id text, stored ${valueType})
    WHERE t.id = v.id::${idType}`);
};

/** Whether a one-off job ran to the end on this database (maintenance_runs). */
export const hasFinished = async (tx: Tx, job: string): Promise<boolean> =>
  (await rows(tx, sql`SELECT 1 FROM maintenance_runs WHERE name = ${job}`)).length > 0;

export const markFinished = async (tx: Tx, job: string) => {
  await tx.execute(sql`
    INSERT INTO maintenance_runs (name, finished_at) VALUES (${job}, now())
    ON CONFLICT (name) DO UPDATE SET finished_at = excluded.finished_at`);
};
