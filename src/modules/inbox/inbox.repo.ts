import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { webhookDeliveries, webhookProblems } from "../../platform/db/schema/index.ts";

/** Several payloads in one statement (group commit: see inbox.service.ts). */
export const insertDeliveries = async (tx: Tx, bodies: string[]) => {
  await tx.insert(webhookDeliveries).values(bodies.map((body) => ({ body })));
};

/** Unprocessed deliveries, including ones whose processor died mid-way (lease expired). */
export const claimDeliveries = async (tx: Tx, o: { limit: number; leaseMs: number; ids?: number[] }) =>
  rows<{ id: number; body: string; attempts: number }>(
    tx,
    sql`
    UPDATE webhook_deliveries SET attempts = attempts + 1, locked_until = now() + make_interval(secs => ${o.leaseMs / 1000})
    WHERE id IN (
      SELECT id FROM webhook_deliveries
      WHERE processed_at IS NULL AND (locked_until IS NULL OR locked_until < now())
      ${
        o.ids
          ? sql`AND id IN (${sql.join(
              o.ids.map((id) => sql`${id}`),
              sql`, `,
            )})`
          : sql``
      }
      ORDER BY id LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, body, attempts`,
  );

/** Embedded mode only (one process owns the database): leases left by a killed process are void at start. */
export const releaseDeliveryLeases = async (tx: Tx) => {
  await tx.execute(
    sql`UPDATE webhook_deliveries SET locked_until = NULL WHERE processed_at IS NULL AND locked_until IS NOT NULL`,
  );
};

export const finishDelivery = async (tx: Tx, id: number, counts: { items: number; problems: number }) => {
  await tx.execute(sql`
    UPDATE webhook_deliveries SET processed_at = now(), locked_until = NULL, item_count = ${counts.items}, problem_count = ${counts.problems}
    WHERE id = ${id}`);
};

export const insertProblem = async (
  tx: Tx,
  p: { deliveryId: number; officeId?: string; kind: string; itemPath: string; detail: string },
) => {
  await tx.insert(webhookProblems).values(p);
};

/** Marks deliveries for another pass (after an admin added the missing number, say). */
export const resetDeliveries = async (tx: Tx, since: Date) =>
  (
    await rows<{ n: number }>(
      tx,
      sql`WITH reset AS (
            UPDATE webhook_deliveries SET processed_at = NULL, locked_until = NULL
            WHERE received_at >= ${since} AND problem_count > 0 RETURNING id),
          cleared AS (DELETE FROM webhook_problems WHERE delivery_id IN (SELECT id FROM reset))
          SELECT count(*)::int AS n FROM reset`,
    )
  )[0]?.n ?? 0;

export const purgeDeliveries = async (tx: Tx, olderThanDays: number) =>
  (
    await rows<{ n: number }>(
      tx,
      sql`WITH gone AS (DELETE FROM webhook_deliveries
            WHERE processed_at IS NOT NULL AND received_at < now() - make_interval(days => ${olderThanDays}) RETURNING id)
          SELECT count(*)::int AS n FROM gone`,
    )
  )[0]?.n ?? 0;

export const listProblems = async (tx: Tx, limit: number) =>
  rows<{ delivery_id: number; kind: string; item_path: string; detail: string; created_at: Date }>(
    tx,
    sql`SELECT delivery_id, kind, item_path, detail, created_at FROM webhook_problems ORDER BY id DESC LIMIT ${limit}`,
  );

export const pendingDeliveryCount = async (tx: Tx) =>
  (
    await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE processed_at IS NULL`,
    )
  )[0]?.n ?? 0;
