/**
 * Seals values written in clear: rows from before a column was sealed at rest, or written by an older version
 * still running beside a newer one. Each column is walked by primary key in pages (one transaction each); a
 * value is sealed only if it is not sealed already, so the value itself is the resume point: a run stopped
 * anywhere (a crash, a shutdown, `maxBatches`) is simply run again, and nothing is ever sealed twice.
 *
 * Runs in the background at start-up until one walk has finished (app.ts, sealExistingOnce), and as
 * `npm run lontar -- seal-existing`.
 */
import type { Database, Tx } from "../../platform/db/client.ts";
import type { BotState } from "../bot/types.ts";
import { sealBotState } from "../conversations/bot-state.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { isSealed, isSealedText, SEALED, sealJson, sealText } from "../shared/sealed.ts";
import {
  type ClearValue,
  hasFinished,
  lockClear,
  markFinished,
  SEALABLE,
  type SealableColumn,
  scanPage,
  writeSealed,
} from "./seal-existing.repo.ts";

/** How each column's clear value becomes its sealed form, exactly as the code that writes it today seals it. */
const SEAL: Record<SealableColumn, (keys: FieldKeys, clear: unknown) => unknown> = {
  "messages.content": (keys, clear) => sealJson(keys, clear, SEALED.messageContent),
  // The draft timers select on the flow's name and remindedAt: kept in clear beside the token (bot-state.ts).
  "conversations.bot_state": (keys, clear) =>
    typeof (clear as BotState).flow?.name === "string"
      ? sealBotState(keys, clear as BotState)
      : sealJson(keys, clear, SEALED.botState),
  "webhook_deliveries.body": (keys, clear) => sealText(keys, String(clear), SEALED.webhookBody),
  "survey_responses.suggestion": (keys, clear) => sealJson(keys, clear, SEALED.surveySuggestion),
  "complaints.description": (keys, clear) => sealText(keys, String(clear), SEALED.complaintDescription),
  "complaints.answer": (keys, clear) => sealText(keys, String(clear), SEALED.complaintAnswer),
  "outbox.payload": (keys, clear) => sealJson(keys, clear, SEALED.outboxPayload),
  "contacts.profile_name": (keys, clear) => sealText(keys, String(clear), SEALED.contactProfileName),
  "complaint_events.note": (keys, clear) => sealText(keys, String(clear), SEALED.complaintEventNote),
};

export const SEALABLE_COLUMNS = Object.keys(SEALABLE) as SealableColumn[];

/** Recorded once a walk has sealed every column it names (maintenance_runs). */
const FINISHED_MARK = `seal-existing:${SEALABLE_COLUMNS.join(",")}`;

/** The query found it in clear; checked again here, so a value is never sealed twice even if the two disagreed. */
const stillClear = (name: SealableColumn, clear: unknown) =>
  clear !== null &&
  clear !== undefined &&
  (SEALABLE[name].json ? !isSealed(clear) : !isSealedText(String(clear)));

export type ColumnCount = {
  /** Values sealed by this run. */
  sealed: number;
  /** Found in clear but held by another transaction (or changed) when locked: the next run takes them. */
  skipped: number;
};

export type SealExistingResult = {
  columns: Record<SealableColumn, ColumnCount>;
  /** False when stopped early (maxBatches, or the signal): run again to finish. */
  finished: boolean;
};

export type SealExistingOptions = {
  /** Rows per page and per transaction. */
  batchSize?: number;
  /** Stop after this many pages over all columns (tests use it as a crash halfway). */
  maxBatches?: number;
  /** A pause between pages, so the backfill at start-up leaves the database to the webhook path. */
  pauseMs?: number;
  /** Aborted on shutdown: the page in hand finishes, then the run stops. */
  signal?: AbortSignal;
};

export const sealExisting = async (
  database: Database,
  keys: FieldKeys,
  o: SealExistingOptions = {},
): Promise<SealExistingResult> => {
  const batchSize = o.batchSize ?? 500;
  const columns = Object.fromEntries(
    SEALABLE_COLUMNS.map((name) => [name, { sealed: 0, skipped: 0 }]),
  ) as Record<SealableColumn, ColumnCount>;
  let batches = 0;
  for (const name of SEALABLE_COLUMNS) {
    let after: string | undefined;
    for (;;) {
      if (o.signal?.aborted || (o.maxBatches !== undefined && batches >= o.maxBatches))
        return { columns, finished: false };
      const page = await scanPage(database.db, name, { after, limit: batchSize });
      batches++;
      const candidates = page.filter((r) => stillClear(name, r.clear)).map((r) => r.id);
      if (candidates.length > 0) {
        const sealed = await database.db.transaction((tx) => sealPage(tx, keys, name, candidates));
        columns[name].sealed += sealed;
        columns[name].skipped += candidates.length - sealed;
      }
      if (page.length < batchSize) break;
      after = page.at(-1)!.id;
      await pause(o.pauseMs);
    }
  }
  const clean = SEALABLE_COLUMNS.every((name) => columns[name].skipped === 0);
  if (clean) await markFinished(database.db, FINISHED_MARK);
  return { columns, finished: true };
};

/**
 * What every start runs: the whole walk once per set of sealed columns, then never again (a table of
 * millions of messages is not read at each start for nothing). A column added to SEALABLE changes the mark,
 * so the next start walks again. An older version still writing beside this one: run `seal-existing`.
 */
export const sealExistingOnce = async (
  database: Database,
  keys: FieldKeys,
  o: SealExistingOptions = {},
): Promise<SealExistingResult | undefined> =>
  (await hasFinished(database.db, FINISHED_MARK)) ? undefined : sealExisting(database, keys, o);

/** Locks what is still in clear among `ids`, seals it, writes it back. Returns how many were sealed. */
const sealPage = async (tx: Tx, keys: FieldKeys, name: SealableColumn, ids: string[]): Promise<number> => {
  const locked: ClearValue[] = (await lockClear(tx, name, ids)).filter((r) => stillClear(name, r.clear));
  await writeSealed(
    tx,
    name,
    locked.map((r) => ({ id: r.id, stored: SEAL[name](keys, r.clear) })),
  );
  return locked.length;
};

/** Yields to the event loop (other requests' statements go first), and waits `ms` if asked. */
const pause = (ms = 0) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/** `npm run lontar -- seal-existing` output: one line per column, then what is left to do. */
export const formatSealExisting = (r: SealExistingResult): string => {
  const lines = SEALABLE_COLUMNS.map((name) => {
    const c = r.columns[name];
    return `${name.padEnd(28)} sealed ${c.sealed}${c.skipped ? `, skipped ${c.skipped} (in use; run again)` : ""}`;
  });
  const total = SEALABLE_COLUMNS.reduce((n, name) => n + r.columns[name].sealed, 0);
  const skipped = SEALABLE_COLUMNS.reduce((n, name) => n + r.columns[name].skipped, 0);
  lines.push(
    r.finished && skipped === 0
      ? `Sealed ${total} values; every sealed column is now sealed at rest.`
      : `Sealed ${total} values; not finished: run seal-existing again.`,
  );
  return lines.join("\n");
};
