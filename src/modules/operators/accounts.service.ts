/**
 * The admin's use cases on staff accounts. Every one writes an audit row naming the admin, and refuses an
 * account of another office as if it did not exist. Generated passwords are returned once, never stored.
 */
import type { Tx } from "../../platform/db/client.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import { disableTotp } from "./auth.service.ts";
import { createOperator, OperatorExistsError, ROLES, type Role } from "./operators.service.ts";
import { generatePassword, hashPassword } from "./password.ts";
import {
  findOperator,
  type Operator,
  replaceServices,
  revokeOperatorSessions,
  servicesOf,
  updateOperator,
} from "./sessions.repo.ts";

/** `ip`: the admin's client address, for the audit trail. */
export type AdminContext = { officeId: string; adminId: string; now: Date; ip?: string };

const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

const audit = (
  tx: Tx,
  c: AdminContext,
  action: string,
  operatorId: string,
  details?: Record<string, unknown>,
) =>
  recordAudit(tx, {
    officeId: c.officeId,
    actorId: c.adminId,
    action,
    subjectType: "operator",
    subjectId: operatorId,
    details,
    ip: c.ip,
    at: c.now,
  });

const account = async (tx: Tx, c: AdminContext, operatorId: string): Promise<Operator> => {
  const found = await findOperator(tx, c.officeId, operatorId);
  if (!found) throw new DomainError("operator_not_found");
  return found;
};

/** An admin who disables or demotes themselves could leave the office without an admin. */
const notOnYourself = (c: AdminContext, operatorId: string) => {
  if (operatorId === c.adminId) throw new DomainError("not_on_yourself");
};

export const createAccount = async (
  tx: Tx,
  c: AdminContext,
  o: { username: string; displayName: string; role: string; services: string[] },
): Promise<{ id: string; password: string }> => {
  const username = o.username.trim().toLowerCase();
  const displayName = o.displayName.trim().slice(0, 100);
  if (!isRole(o.role)) throw new DomainError("invalid_role");
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) throw new DomainError("invalid_username");
  if (!displayName) throw new DomainError("display_name_required");
  try {
    const created = await createOperator(tx, { officeId: c.officeId, username, displayName, role: o.role });
    await replaceServices(tx, created.id, o.services);
    await audit(tx, c, "operator.create", created.id, { username, role: o.role, services: o.services });
    return created;
  } catch (error) {
    if (error instanceof OperatorExistsError) throw new DomainError("username_taken");
    throw error;
  }
};

export const changeAccess = async (
  tx: Tx,
  c: AdminContext,
  o: { operatorId: string; role: string; services: string[] },
) => {
  const operator = await account(tx, c, o.operatorId);
  if (!isRole(o.role)) throw new DomainError("invalid_role");
  if (o.role !== operator.role) notOnYourself(c, o.operatorId);
  const before = { role: operator.role, services: await servicesOf(tx, operator.id) };
  await updateOperator(tx, operator.id, { role: o.role });
  await replaceServices(tx, operator.id, o.services);
  await audit(tx, c, "operator.access", operator.id, {
    before,
    after: { role: o.role, services: o.services },
  });
};

/** Disabling ends the account's sessions at once (every instance reads sessions from the database). */
export const setActive = async (tx: Tx, c: AdminContext, o: { operatorId: string; active: boolean }) => {
  const operator = await account(tx, c, o.operatorId);
  if (!o.active) notOnYourself(c, o.operatorId);
  await updateOperator(tx, operator.id, { active: o.active });
  if (!o.active) await revokeOperatorSessions(tx, operator.id, c.now);
  await audit(tx, c, o.active ? "operator.enable" : "operator.disable", operator.id);
};

export const unlock = async (tx: Tx, c: AdminContext, o: { operatorId: string }) => {
  const operator = await account(tx, c, o.operatorId);
  await updateOperator(tx, operator.id, { failedLogins: 0, lockedUntil: null });
  await audit(tx, c, "operator.unlock", operator.id);
};

/** A new generated password, to be changed at the next login; every session of the account ends. */
export const resetPassword = async (
  tx: Tx,
  c: AdminContext,
  o: { operatorId: string },
): Promise<{ username: string; password: string }> => {
  const operator = await account(tx, c, o.operatorId);
  const password = generatePassword();
  await updateOperator(tx, operator.id, {
    passwordHash: await hashPassword(password),
    mustChangePassword: true,
    failedLogins: 0,
    lockedUntil: null,
  });
  await revokeOperatorSessions(tx, operator.id, c.now);
  await audit(tx, c, "password.reset", operator.id);
  return { username: operator.username, password };
};

export const revokeSessions = async (tx: Tx, c: AdminContext, o: { operatorId: string }) => {
  const operator = await account(tx, c, o.operatorId);
  const revoked = await revokeOperatorSessions(tx, operator.id, c.now);
  await audit(tx, c, "session.revoke", operator.id, { revoked });
  return revoked;
};

/** For a lost phone: the person signs in with the password alone and may enrol again. */
export const turnOffTotp = async (tx: Tx, c: AdminContext, o: { operatorId: string }) => {
  const operator = await account(tx, c, o.operatorId);
  await disableTotp(tx, { officeId: c.officeId, operatorId: operator.id, actorId: c.adminId, now: c.now });
};
