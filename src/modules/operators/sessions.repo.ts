import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { offices, operatorServices, operators, sessions } from "../../platform/db/schema/index.ts";

export type Operator = typeof operators.$inferSelect;
export type Session = typeof sessions.$inferSelect;

export const findOperatorsByUsername = (tx: Tx, username: string, officeSlug?: string) =>
  tx
    .select({ operator: operators })
    .from(operators)
    .innerJoin(offices, eq(offices.id, operators.officeId))
    .where(
      officeSlug
        ? and(eq(operators.username, username), eq(offices.slug, officeSlug))
        : eq(operators.username, username),
    )
    .then((rows) => rows.map((r) => r.operator));

export const findOperator = async (tx: Tx, officeId: string, id: string): Promise<Operator | undefined> =>
  (
    await tx
      .select()
      .from(operators)
      .where(and(eq(operators.officeId, officeId), eq(operators.id, id)))
  )[0];

export const findOperatorById = async (tx: Tx, id: string): Promise<Operator | undefined> =>
  (await tx.select().from(operators).where(eq(operators.id, id)))[0];

export const lockOperator = async (tx: Tx, id: string): Promise<Operator | undefined> =>
  (await tx.select().from(operators).where(eq(operators.id, id)).for("update"))[0];

export const updateOperator = (tx: Tx, id: string, patch: Partial<Operator>) =>
  tx.update(operators).set(patch).where(eq(operators.id, id));

export const servicesOf = async (tx: Tx, operatorId: string): Promise<string[]> =>
  (
    await tx
      .select({ code: operatorServices.serviceCode })
      .from(operatorServices)
      .where(eq(operatorServices.operatorId, operatorId))
  )
    .map((r) => r.code)
    .sort();

export const replaceServices = async (tx: Tx, operatorId: string, codes: string[]) => {
  await tx.delete(operatorServices).where(eq(operatorServices.operatorId, operatorId));
  if (codes.length > 0)
    await tx.insert(operatorServices).values(codes.map((serviceCode) => ({ operatorId, serviceCode })));
};

export const insertSession = (tx: Tx, values: typeof sessions.$inferInsert) =>
  tx.insert(sessions).values(values);

export const findSession = async (tx: Tx, tokenHash: string): Promise<Session | undefined> =>
  (await tx.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)))[0];

export const updateSession = (tx: Tx, tokenHash: string, patch: Partial<Session>) =>
  tx.update(sessions).set(patch).where(eq(sessions.tokenHash, tokenHash));

/** Revokes an operator's open sessions, optionally keeping the one in use. */
export const revokeOperatorSessions = async (tx: Tx, operatorId: string, now: Date, keep?: string) =>
  (
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(
        and(
          eq(sessions.operatorId, operatorId),
          isNull(sessions.revokedAt),
          keep ? ne(sessions.tokenHash, keep) : sql`true`,
        ),
      )
      .returning({ tokenHash: sessions.tokenHash })
  ).length;

export const listOpenSessions = (tx: Tx, officeId: string, now: Date) =>
  tx
    .select({
      operatorId: sessions.operatorId,
      username: operators.username,
      displayName: operators.displayName,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      userAgent: sessions.userAgent,
      // The hash is not the cookie; still, the desk shows only a prefix as the session's name.
      id: sql<string>`left(${sessions.tokenHash}, 12)`,
    })
    .from(sessions)
    .innerJoin(operators, eq(operators.id, sessions.operatorId))
    .where(
      and(
        eq(sessions.officeId, officeId),
        isNull(sessions.revokedAt),
        sql`${sessions.expiresAt} > ${now.toISOString()}`,
      ),
    )
    .orderBy(sessions.lastSeenAt);
