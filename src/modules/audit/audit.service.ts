/**
 * The audit trail: every view of a citizen's file, every NIK reveal, every login. Rows are chained per
 * office (each hash covers the previous one), so `verifyAuditChain` detects an edited or deleted row.
 */

import { createHash } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { auditLog } from "../../platform/db/schema/index.ts";
import { recordAuditedAccess } from "../reports/rollups.service.ts";

export type AuditEntry = {
  officeId: string;
  actorId: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  details?: Record<string, unknown>;
  /** The client address of the request, when a person's request caused it. */
  ip?: string;
  at?: Date;
};

const GENESIS = "0".repeat(64);

/** jsonb reorders object keys, so the hash covers a key-sorted rendering that survives the round trip. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
};

const hashOf = (prevHash: string, e: Required<Omit<AuditEntry, "details">> & { details: unknown }) =>
  createHash("sha256")
    .update(
      JSON.stringify([
        prevHash,
        e.officeId,
        e.actorId,
        e.action,
        e.subjectType,
        e.subjectId,
        canonical(e.details),
        e.ip,
        e.at.toISOString(),
      ]),
    )
    .digest("hex");

export const recordAudit = async (tx: Tx, entry: AuditEntry): Promise<void> => {
  // Serialise writers per office so two rows never chain to the same predecessor.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`audit:${entry.officeId}`}))`);
  const [last] = await tx
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.officeId, entry.officeId))
    .orderBy(desc(auditLog.id))
    .limit(1);
  const prevHash = last?.hash ?? GENESIS;
  const full = {
    officeId: entry.officeId,
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType ?? "",
    subjectId: entry.subjectId ?? "",
    details: entry.details ?? null,
    ip: entry.ip ?? "",
    at: entry.at ?? new Date(),
  };
  await tx.insert(auditLog).values({
    ...full,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    ip: entry.ip ?? null,
    prevHash,
    hash: hashOf(prevHash, full),
  });
  await recordAuditedAccess(tx, full);
};

/** The id of the first row whose chain is broken, or null when the office's trail is intact. */
export const verifyAuditChain = async (tx: Tx, officeId: string): Promise<number | null> => {
  const entries = await tx
    .select()
    .from(auditLog)
    .where(eq(auditLog.officeId, officeId))
    .orderBy(asc(auditLog.id));
  let prev = GENESIS;
  for (const row of entries) {
    const expected = hashOf(prev, {
      officeId: row.officeId,
      actorId: row.actorId,
      action: row.action,
      subjectType: row.subjectType ?? "",
      subjectId: row.subjectId ?? "",
      details: row.details ?? null,
      ip: row.ip ?? "",
      at: row.at,
    });
    if (row.prevHash !== prev || row.hash !== expected) return row.id;
    prev = row.hash;
  }
  return null;
};

export const listAudit = (tx: Tx, o: { officeId: string; subjectId?: string; limit?: number }) =>
  tx
    .select()
    .from(auditLog)
    .where(
      o.subjectId
        ? and(eq(auditLog.officeId, o.officeId), eq(auditLog.subjectId, o.subjectId))
        : eq(auditLog.officeId, o.officeId),
    )
    .orderBy(desc(auditLog.id))
    .limit(o.limit ?? 100);
