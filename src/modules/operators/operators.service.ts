import { and, eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { operators } from "../../platform/db/schema/index.ts";
import { generatePassword, hashPassword } from "./password.ts";

export const ROLES = ["admin", "supervisor", "operator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export class OperatorExistsError extends Error {
  constructor(username: string) {
    super(`An account named "${username}" already exists in this office.`);
  }
}

/**
 * Creates an account with a generated password that must be changed at first login.
 * The password is returned once, to be shown once; only its hash is stored.
 */
export const createOperator = async (
  tx: Tx,
  o: { officeId: string; username: string; displayName: string; role: Role },
): Promise<{ id: string; password: string }> => {
  if (!/^[a-z0-9._-]{3,40}$/.test(o.username)) {
    throw new Error("A username has 3–40 characters: lowercase letters, digits, dot, dash or underscore.");
  }
  const existing = await tx
    .select({ id: operators.id })
    .from(operators)
    .where(and(eq(operators.officeId, o.officeId), eq(operators.username, o.username)));
  if (existing.length > 0) throw new OperatorExistsError(o.username);
  const password = generatePassword();
  const [row] = await tx
    .insert(operators)
    .values({ ...o, passwordHash: await hashPassword(password), mustChangePassword: true })
    .returning({ id: operators.id });
  return { id: row!.id, password };
};

export const countOperators = async (tx: Tx, officeId: string) =>
  (await tx.select({ id: operators.id }).from(operators).where(eq(operators.officeId, officeId))).length;
