import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** Drizzle over either driver: both are PgDatabase with the same query builder. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: use cases accept either, so callers decide the boundary. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

/** One connection held for a whole job: session-level advisory locks need it (migrations). */
export type Session = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs statements in one transaction on this connection. */
  inTransaction(fn: (run: (text: string) => Promise<void>) => Promise<void>): Promise<void>;
};

export type Database = {
  kind: "pglite" | "postgres";
  db: Db;
  withSession<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** LISTEN on a dedicated connection (PostgreSQL only); returns an unsubscribe. */
  listen?: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
  close(): Promise<void>;
};

// int8 (bigint ids, counts) as JS numbers: our ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Rows of a raw SQL statement, whichever driver runs it. */
export const rows = async <T>(tx: Tx, query: SQL): Promise<T[]> => {
  const result = (await tx.execute(query)) as unknown as { rows: T[] };
  return result.rows;
};

/**
 * The same transaction, giving the event loop a turn after each raw statement. PGlite runs statements on
 * Node's thread and resolves without yielding, so a long read (a report) would otherwise hold off timers,
 * sockets and webhooks until it ends; with this they wait at most one statement.
 */
export const yieldingBetweenStatements = (tx: Tx): Tx =>
  new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop !== "execute") return Reflect.get(target, prop, receiver);
      return async (query: SQL) => {
        const result = await target.execute(query);
        await new Promise<void>((resolve) => setImmediate(resolve));
        return result;
      };
    },
  });

/**
 * A text[] literal as one bound parameter (drizzle would spread a JS array into a list of parameters).
 * Quotes and backslashes are dropped: the values are codes, never free text.
 */
export const textArray = (values: readonly string[]): SQL =>
  sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, "")}"`).join(",")}}`}::text[]`;

export const openPglite = async (dataDir?: string, loadDataDir?: Blob): Promise<Database> => {
  const client = await PGlite.create({ dataDir, loadDataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    // PGlite has one connection; its own mutex serialises us against other queries.
    withSession: (fn) =>
      fn({
        query: async (text, params) => (await client.query(text, params)).rows as never[],
        inTransaction: (body) =>
          client.transaction(async (tx) => body(async (text) => void (await tx.exec(text)))),
      }),
    close: () => client.close(),
  };
};

export const openPostgres = async (url: string, poolSize = 10): Promise<Database> => {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A pool error (server restart) must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listeners: pg.Client[] = [];
  return {
    kind: "postgres",
    db,
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          query: async (text, params) => (await client.query(text, params)).rows,
          inTransaction: async (body) => {
            await client.query("BEGIN");
            try {
              await body(async (text) => void (await client.query(text)));
              await client.query("COMMIT");
            } catch (error) {
              await client.query("ROLLBACK");
              throw error;
            }
          },
        });
      } finally {
        client.release();
      }
    },
    listen: async (channel, onPayload) => {
      const client = new pg.Client({ connectionString: url });
      client.on("error", () => {});
      await client.connect();
      client.on("notification", (n) => n.channel === channel && onPayload(n.payload ?? ""));
      await client.query(`LISTEN "${channel.replace(/"/g, "")}"`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    close: async () => {
      await Promise.all(listeners.splice(0).map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
};
