/** Helpers the SQL generator's files share: ids of an office's rows, batches, and timed steps. */
import type { Session } from "../src/platform/db/client.ts";
import { type BenchOffice, idSql, type Volume } from "./quality-volume.ts";

export type Step = { table: string; rows: number; seconds: number };
export type Gen = {
  session: Session;
  office: BenchOffice;
  volume: Volume;
  /** Rows per INSERT statement. */
  batch: number;
  log: (line: string) => void;
};

/** SQL for the office's constants and the deterministic ids of its rows. */
export const q = (o: BenchOffice) => ({
  office: `'${o.officeId}'::uuid`,
  channel: `'${o.channelId}'::uuid`,
  app: (n: string) => idSql(o.code, "a", n),
  contact: (n: string) => idSql(o.code, "c", n),
  conversation: (n: string) => idSql(o.code, "v", n),
  operator: (n: string) => idSql(o.code, "op", n),
  blob: (n: string) => idSql(o.code, "b", n),
});

/** Runs `fn(from, to)` over [1, total] in batches. */
export const inBatches = async (
  total: number,
  batch: number,
  fn: (from: number, to: number) => Promise<void>,
) => {
  for (let from = 1; from <= total; from += batch) await fn(from, Math.min(total, from + batch - 1));
};

const count = async (s: Session, table: string, officeId: string | undefined) =>
  Number(
    (
      await s.query<{ n: number }>(
        `SELECT count(*)::float8 AS n FROM ${table}${officeId ? ` WHERE office_id = '${officeId}'` : ""}`,
      )
    )[0]?.n ?? 0,
  );

/**
 * Times one step and counts what it stored: rows of `count.table` for this office (all rows when `global`),
 * or the number given.
 */
export const step = async (
  g: Gen,
  label: string,
  fn: () => Promise<void>,
  rows: { table?: string; global?: boolean; n?: number } = {},
): Promise<Step> => {
  const started = performance.now();
  await fn();
  const seconds = (performance.now() - started) / 1000;
  const n =
    rows.n ?? (await count(g.session, rows.table ?? label, rows.global ? undefined : g.office.officeId));
  g.log(
    `  ${label.padEnd(24)} ${n.toLocaleString("en-US").padStart(12)} rows  ${seconds.toFixed(1).padStart(7)} s`,
  );
  return { table: label, rows: n, seconds };
};
