import { sql } from "drizzle-orm";
import { rows, type Tx } from "../db/client.ts";
import { outbox } from "../db/schema/index.ts";

/** send: a WhatsApp message; download_media: an inbound file; send_receipt: render and send a receipt PDF. */
export type OutboxKind = "send" | "download_media" | "send_receipt";

export type OutboxRow = {
  id: number;
  office_id: string;
  channel_id: string;
  kind: OutboxKind;
  /** Sealed (SealedPayload), or a row queued before sealing existed: handlers open it with openJson. */
  payload: unknown;
  recipient: string | null;
  attempts: number;
};

/**
 * A payload sealed by the caller (modules/shared/sealed.ts, context "outbox.payload"): message text, captions and
 * template parameters are personal data, and the queue itself never needs to read them.
 */
export type SealedPayload = { sealed: string };

/** Enqueue inside the caller's transaction: the row exists exactly when the domain write does. */
export const enqueue = async (
  tx: Tx,
  job: {
    officeId: string;
    channelId: string;
    kind: OutboxKind;
    payload: SealedPayload;
    recipient?: string;
    runAt?: Date;
  },
): Promise<number> => {
  const [row] = await tx
    .insert(outbox)
    .values({
      officeId: job.officeId,
      channelId: job.channelId,
      kind: job.kind,
      payload: job.payload,
      recipient: job.recipient,
      runAt: job.runAt ?? new Date(),
    })
    .returning({ id: outbox.id });
  return row!.id;
};

/**
 * Claims due rows for one worker. Rows whose lease expired (their worker died) are claimed again,
 * which is the only way one message can be sent twice.
 */
export const claim = async (tx: Tx, o: { workerId: string; limit: number; leaseMs: number }) =>
  rows<OutboxRow>(
    tx,
    sql`
    UPDATE outbox SET status = 'sending', attempts = attempts + 1, locked_by = ${o.workerId},
      locked_until = now() + make_interval(secs => ${o.leaseMs / 1000})
    WHERE id IN (
      SELECT id FROM outbox o
      WHERE ((status = 'pending' AND run_at <= now()) OR (status = 'sending' AND locked_until < now()))
        -- One citizen's messages go out in order: a row waits while an earlier one to them is unfinished.
        AND NOT EXISTS (
          SELECT 1 FROM outbox p
          WHERE p.recipient = o.recipient AND p.channel_id = o.channel_id AND p.id < o.id
            AND p.status IN ('pending', 'sending'))
      ORDER BY run_at, id
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, office_id, channel_id, kind, payload, recipient, attempts`,
  );

/** Finishes a claimed row, but only if this worker still holds it (a reclaimed row belongs to another). */
export const complete = async (tx: Tx, id: number, workerId: string, wamid?: string) => {
  await tx.execute(sql`
    UPDATE outbox SET status = 'done', done_at = now(), locked_until = NULL, wamid = ${wamid ?? null}
    WHERE id = ${id} AND locked_by = ${workerId}`);
};

export const retryLater = async (
  tx: Tx,
  id: number,
  o: { workerId: string; delayMs: number; errorCode?: number; error?: string; countAttempt: boolean },
) => {
  await tx.execute(sql`
    UPDATE outbox SET status = 'pending', locked_until = NULL, locked_by = NULL,
      run_at = now() + make_interval(secs => ${o.delayMs / 1000}),
      attempts = attempts - ${o.countAttempt ? 0 : 1},
      last_error_code = COALESCE(${o.errorCode ?? null}::int, last_error_code),
      last_error = COALESCE(${o.error ?? null}, last_error)
    WHERE id = ${id} AND locked_by = ${o.workerId}`);
};

export const failPermanently = async (
  tx: Tx,
  id: number,
  o: { workerId: string; status: "failed" | "needs_template"; errorCode?: number; error: string },
) => {
  await tx.execute(sql`
    UPDATE outbox SET status = ${o.status}, done_at = now(), locked_until = NULL,
      last_error_code = ${o.errorCode ?? null}, last_error = ${o.error}
    WHERE id = ${id} AND locked_by = ${o.workerId}`);
};

/** On graceful shutdown: hand claimed-but-unsent rows back at once instead of waiting for the lease. */
export const releaseClaims = async (tx: Tx, workerIds: string[]) => {
  if (workerIds.length === 0) return;
  await tx.execute(sql`
    UPDATE outbox SET status = 'pending', locked_until = NULL, locked_by = NULL, attempts = GREATEST(attempts - 1, 0)
    WHERE status = 'sending' AND locked_by IN (${sql.join(
      workerIds.map((w) => sql`${w}`),
      sql`, `,
    )})`);
};

/** Embedded mode only (one process owns the database): rows claimed by a killed process are free again. */
export const releaseAllClaims = async (tx: Tx) => {
  await tx.execute(sql`
    UPDATE outbox SET status = 'pending', locked_until = NULL, locked_by = NULL
    WHERE status = 'sending'`);
};

export const outboxStats = async (tx: Tx) =>
  (
    await rows<{ depth: number; oldest_seconds: number | null }>(
      tx,
      sql`SELECT count(*)::int AS depth, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS oldest_seconds
          FROM outbox WHERE status IN ('pending', 'sending')`,
    )
  )[0] ?? { depth: 0, oldest_seconds: null };
