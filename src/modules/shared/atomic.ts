import type { Db, Tx } from "../../platform/db/client.ts";

/**
 * Runs a use case as one unit whatever the caller passed: a transaction becomes a savepoint (so a caller may
 * catch a DomainError and carry on), the bare database becomes a transaction (so a lock taken inside holds).
 */
export const atomically = <T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> =>
  // Both Db and a transaction have transaction(); the union's call signatures just do not merge.
  (tx as Db).transaction((inner) => fn(inner));
