/**
 * Rebuilds the daily rollups of an office from the raw rows, with the same rules the live maintenance uses
 * (rollup-metrics.ts). Used to check the live rollups (the property test) and by `npm run lontar --
 * rebuild-rollups` after an import or a calendar change. Reads in pages, so memory stays flat at any volume.
 */
import { type SQL, sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import {
  aggregate,
  dayIn,
  decidedIncrements,
  deliveryIncrements,
  METRIC,
  RECOMPUTABLE,
  type RollupIncrement,
  type RollupRow,
  submittedIncrements,
} from "./rollup-metrics.ts";
import { officeTimeZone, writeRollupRows } from "./rollups.repo.ts";
import { workingSecondsBetween } from "./rollups.service.ts";
import { rebuildSummaries } from "./summaries.repo.ts";

const PAGE = 5000;
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";
const date = (v: Date | string) => new Date(v);

/** Feeds the increments of every row of a keyset-paginated query to `sink`, page by page. */
const eachPage = async <T extends { k: string }>(
  tx: Tx,
  query: (after: string) => SQL,
  toIncrements: (row: T) => Promise<RollupIncrement[]> | RollupIncrement[],
  sink: (increments: RollupIncrement[]) => void,
) => {
  let after = "";
  for (;;) {
    const page = await rows<T>(tx, query(after));
    for (const row of page) sink(await toIncrements(row));
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.k;
  }
};

type EventRow = {
  k: string;
  action: string;
  to_status: string;
  at: Date | string;
  service_code: string;
  created_at: Date | string;
  submitted_at: Date | string | null;
  due_at: Date | string | null;
  assigned_to: string | null;
  pickup: boolean;
  application_id: string;
  revisions: number;
};

const applicationIncrements = (tx: Tx, officeId: string, tz: string) => async (e: EventRow) => {
  const at = date(e.at);
  if (e.action === "submit")
    return submittedIncrements(tz, {
      serviceCode: e.service_code,
      startedAt: date(e.created_at),
      submittedAt: at,
    });
  const submittedAt = e.submitted_at ? date(e.submitted_at) : null;
  return decidedIncrements(tz, {
    serviceCode: e.service_code,
    operatorId: e.assigned_to,
    outcome: e.to_status as "completed" | "rejected",
    decidedAt: at,
    dueAt: e.due_at ? date(e.due_at) : null,
    pickup: e.pickup,
    revisions: Number(e.revisions),
    workingSeconds: submittedAt ? await workingSecondsBetween(tx, officeId, tz, submittedAt, at) : null,
  });
};

type MessageRow = {
  k: string;
  status: string;
  error_code: number | null;
  created_at: Date | string;
  occurred_at: Date | string;
  accepted_at: Date | string | null;
  response_seconds: number | null;
  sent_by: string | null;
  campaign_id: string | null;
};

const messageIncrements = (tz: string) => (m: MessageRow) => {
  const createdAt = date(m.created_at);
  const occurredAt = date(m.occurred_at);
  const increments = deliveryIncrements(tz, {
    createdAt,
    from: "queued",
    to: m.status,
    errorCode: m.error_code,
    campaignId: m.campaign_id,
  });
  if (m.campaign_id) increments.push({ day: dayIn(tz, createdAt), metric: METRIC.broadcastQueued });
  if (m.accepted_at)
    increments.push({
      day: dayIn(tz, createdAt),
      metric: METRIC.msgLag,
      seconds: Math.max(0, (date(m.accepted_at).getTime() - occurredAt.getTime()) / 1000),
    });
  if (m.response_seconds !== null)
    increments.push({
      day: dayIn(tz, occurredAt),
      metric: m.sent_by ? METRIC.respPerson : METRIC.respBot,
      operatorId: m.sent_by ?? "",
      seconds: Number(m.response_seconds),
    });
  return increments;
};

/** The rollup rows the raw data implies (recomputable metrics only), summed by key. */
export const recomputeRollups = async (tx: Tx, officeId: string): Promise<RollupRow[]> => {
  const tz = await officeTimeZone(tx, officeId);
  // Summed as it goes, so memory holds the rollup rows, not every raw row's increments.
  const sums = new Map<string, RollupRow>();
  const sink = (increments: RollupIncrement[]) => {
    for (const row of aggregate(increments)) {
      const id = [row.day, row.metric, row.serviceCode, row.operatorId, row.detail, row.bucket].join("|");
      const sum = sums.get(id);
      if (sum) {
        sum.count += row.count;
        sum.total += row.total;
      } else sums.set(id, { ...row });
    }
  };
  await eachPage<EventRow>(
    tx,
    (after) => sql`
      SELECT e.id::text AS k, e.action, e.to_status, e.at, a.service_code, a.created_at, a.submitted_at, a.due_at,
             a.assigned_to, a.pickup, a.id AS application_id,
             (SELECT count(*) FROM application_events r
               WHERE r.application_id = a.id AND r.to_status = 'needs_revision')::int AS revisions
        FROM application_events e JOIN applications a ON a.id = e.application_id
       WHERE e.office_id = ${officeId}
         AND (e.action = 'submit' OR e.to_status IN ('completed', 'rejected'))
         AND e.id > ${after === "" ? 0 : Number(after)}
       ORDER BY e.id LIMIT ${PAGE}`,
    applicationIncrements(tx, officeId, tz),
    sink,
  );
  await eachPage<MessageRow>(
    tx,
    (after) => sql`
      SELECT id::text AS k, status, error_code, created_at, occurred_at, accepted_at, response_seconds, sent_by,
             campaign_id
        FROM messages
       WHERE office_id = ${officeId} AND direction = 'out' AND id > ${after || ZERO_UUID}::uuid
       ORDER BY id LIMIT ${PAGE}`,
    messageIncrements(tz),
    sink,
  );
  await eachPage<{ k: string; created_at: Date | string }>(
    tx,
    (after) => sql`
      SELECT id::text AS k, created_at FROM contacts
       WHERE office_id = ${officeId} AND id > ${after || ZERO_UUID}::uuid ORDER BY id LIMIT ${PAGE}`,
    (c) => [{ day: dayIn(tz, date(c.created_at)), metric: METRIC.contactNew }],
    sink,
  );
  await eachPage<{ k: string; action: string; actor_id: string | null; at: Date | string }>(
    tx,
    (after) => sql`
      SELECT id::text AS k, action, actor_id, at FROM audit_log
       WHERE office_id = ${officeId} AND action IN ('file.view', 'nik.reveal')
         AND id > ${after === "" ? 0 : Number(after)}
       ORDER BY id LIMIT ${PAGE}`,
    (a) => [
      {
        day: dayIn(tz, date(a.at)),
        metric: a.action === "file.view" ? METRIC.docView : METRIC.nikReveal,
        operatorId: a.actor_id ?? "",
      },
    ],
    sink,
  );
  await eachPage<{ k: string; created_at: Date | string }>(
    tx,
    (after) => sql`
      SELECT id::text AS k, created_at FROM blobs
       WHERE office_id = ${officeId} AND id > ${after || ZERO_UUID}::uuid ORDER BY id LIMIT ${PAGE}`,
    (b) => [{ day: dayIn(tz, date(b.created_at)), metric: METRIC.docStored }],
    sink,
  );
  return [...sums.values()].filter((r) => r.count !== 0 || Math.abs(r.total) > 1e-9);
};

/** Replaces the office's recomputable rollups with a rebuild (rollup-only counters are kept). */
export const rebuildRollups = async (tx: Tx, officeId: string): Promise<number> => {
  const rebuilt = await recomputeRollups(tx, officeId);
  await tx.execute(
    sql`DELETE FROM rollup_deltas WHERE office_id = ${officeId} AND metric IN (${sql.join(
      RECOMPUTABLE.map((m) => sql`${m}`),
      sql`, `,
    )})`,
  );
  await tx.execute(
    sql`DELETE FROM daily_rollups WHERE office_id = ${officeId} AND metric IN (${sql.join(
      RECOMPUTABLE.map((m) => sql`${m}`),
      sql`, `,
    )})`,
  );
  for (let i = 0; i < rebuilt.length; i += 1000)
    await writeRollupRows(tx, officeId, rebuilt.slice(i, i + 1000));
  await rebuildSummaries(tx, officeId, RECOMPUTABLE);
  return rebuilt.length;
};
