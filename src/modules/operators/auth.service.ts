/**
 * Desk sign-in: password (scrypt), lockout after repeated failures, optional TOTP second factor, sessions
 * that an admin can revoke. Cookies and CSRF are the HTTP layer's; this module knows tokens only.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "../../platform/db/client.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import { decryptField, encryptField, type FieldKeys } from "../shared/field-crypto.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import {
  findOperatorById,
  findOperatorsByUsername,
  findSession,
  insertSession,
  lockOperator,
  type Operator,
  revokeOperatorSessions,
  type Session,
  servicesOf,
  updateOperator,
  updateSession,
} from "./sessions.repo.ts";
import { verifyTotp } from "./totp.ts";

export type AuthPolicy = {
  /** Wrong passwords in a row before the account locks. */
  maxFailedLogins: number;
  lockMinutes: number;
  /** A session ends after this long without a request. */
  idleHours: number;
  /** Sign-in attempts per minute from one address (also the burst) before refusing with 429. */
  loginPerMinute: number;
};

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  maxFailedLogins: 5,
  lockMinutes: 15,
  idleHours: 12,
  loginPerMinute: 30,
};
export const MIN_PASSWORD_LENGTH = 10;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const token = () => randomBytes(32).toString("base64url");
// Spending the same scrypt time on unknown names keeps them from being told apart by timing.
const DUMMY_HASH = hashPassword(randomBytes(16).toString("hex"));

export type LoginResult =
  | { ok: true; token: string; secondFactor: boolean; operator: Operator }
  | { ok: false; reason: "invalid" | "locked"; lockedUntil?: Date };

export const login = async (
  tx: Tx,
  o: {
    username: string;
    password: string;
    officeSlug?: string;
    userAgent?: string;
    /** The client address, for the audit trail. */
    ip?: string;
    now: Date;
    policy?: AuthPolicy;
  },
): Promise<LoginResult> => {
  const policy = o.policy ?? DEFAULT_AUTH_POLICY;
  const candidates = await findOperatorsByUsername(tx, o.username.trim().toLowerCase(), o.officeSlug);
  const found = candidates.length === 1 ? candidates[0] : undefined;
  if (!found?.active) {
    await verifyPassword(o.password, await DUMMY_HASH);
    return { ok: false, reason: "invalid" };
  }
  const operator = (await lockOperator(tx, found.id))!;
  const audit = (action: string, details?: Record<string, unknown>) =>
    recordAudit(tx, {
      officeId: operator.officeId,
      actorId: operator.id,
      action,
      subjectType: "operator",
      subjectId: operator.id,
      details,
      ip: o.ip,
      at: o.now,
    });
  if (operator.lockedUntil && operator.lockedUntil > o.now) {
    await audit("login.locked");
    return { ok: false, reason: "locked", lockedUntil: operator.lockedUntil };
  }
  if (!(await verifyPassword(o.password, operator.passwordHash))) {
    const failed = operator.failedLogins + 1;
    const lock = failed >= policy.maxFailedLogins;
    const lockedUntil = lock ? new Date(o.now.getTime() + policy.lockMinutes * 60_000) : null;
    await updateOperator(tx, operator.id, { failedLogins: lock ? 0 : failed, lockedUntil });
    await audit(lock ? "login.lockout" : "login.failed", { failed });
    return lock
      ? { ok: false, reason: "locked", lockedUntil: lockedUntil! }
      : { ok: false, reason: "invalid" };
  }
  await updateOperator(tx, operator.id, { failedLogins: 0, lockedUntil: null });
  const secret = token();
  const secondFactor = operator.totpSecretEncrypted !== null;
  await insertSession(tx, {
    tokenHash: sha256(secret),
    officeId: operator.officeId,
    operatorId: operator.id,
    csrfToken: token(),
    pendingSecondFactor: secondFactor ? "totp" : null,
    userAgent: o.userAgent?.slice(0, 200) ?? null,
    createdAt: o.now,
    lastSeenAt: o.now,
    expiresAt: new Date(o.now.getTime() + policy.idleHours * 3_600_000),
  });
  await audit("login");
  return { ok: true, token: secret, secondFactor, operator };
};

export type SignedIn = { session: Session; operator: Operator; services: string[] };

/**
 * The session behind a cookie token, or undefined when it is unknown, revoked, expired or belongs to a
 * disabled account. Sliding expiry: each use extends it (written at most once a minute).
 */
export const loadSession = async (
  tx: Tx,
  cookieToken: string,
  now: Date,
  policy: AuthPolicy = DEFAULT_AUTH_POLICY,
): Promise<SignedIn | undefined> => {
  const session = await findSession(tx, sha256(cookieToken));
  if (!session || session.revokedAt || session.expiresAt <= now) return undefined;
  const operator = await activeOperator(tx, session.operatorId);
  if (!operator) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    const expiresAt = new Date(now.getTime() + policy.idleHours * 3_600_000);
    await updateSession(tx, session.tokenHash, { lastSeenAt: now, expiresAt });
  }
  return { session, operator, services: await servicesOf(tx, operator.id) };
};

const activeOperator = async (tx: Tx, id: string) => {
  const operator = await findOperatorById(tx, id);
  return operator?.active ? operator : undefined;
};

export const logout = (tx: Tx, cookieToken: string, now: Date) =>
  updateSession(tx, sha256(cookieToken), { revokedAt: now });

/** Completes a sign-in that waits for the authenticator code. Five wrong codes end the session. */
export const confirmSecondFactor = async (
  tx: Tx,
  o: { signedIn: SignedIn; code: string; keys: FieldKeys; now: Date },
): Promise<boolean> => {
  const { operator, session } = o.signedIn;
  if (!operator.totpSecretEncrypted) return true;
  const secret = decryptField(o.keys.encryptionKey, operator.totpSecretEncrypted, `totp:${operator.id}`);
  if (verifyTotp(secret, o.code, o.now)) {
    await updateSession(tx, session.tokenHash, { pendingSecondFactor: null });
    await recordAudit(tx, {
      officeId: operator.officeId,
      actorId: operator.id,
      action: "login.totp",
      at: o.now,
    });
    return true;
  }
  const tries = Number(session.pendingSecondFactor?.split(":")[1] ?? 0) + 1;
  await updateSession(tx, session.tokenHash, {
    pendingSecondFactor: `totp:${tries}`,
    ...(tries >= 5 ? { revokedAt: o.now } : {}),
  });
  return false;
};

/** Checks the rules a new password must meet; returns the problem, in the desk's words, or undefined. */
export const passwordProblem = (next: string, o: { username: string; current?: string }) => {
  if (next.length < MIN_PASSWORD_LENGTH) return "password_too_short";
  if (next.toLowerCase().includes(o.username.toLowerCase())) return "password_contains_username";
  if (o.current !== undefined && next === o.current) return "password_unchanged";
  return undefined;
};

/** The operator's own change (also the forced first one); every other session of theirs ends. */
export const changePassword = async (
  tx: Tx,
  o: { operatorId: string; keepSession: string; current: string; next: string; now: Date },
) => {
  const operator = await lockOperator(tx, o.operatorId);
  if (!operator) throw new DomainError("operator_not_found");
  if (!(await verifyPassword(o.current, operator.passwordHash))) throw new DomainError("wrong_password");
  const problem = passwordProblem(o.next, { username: operator.username, current: o.current });
  if (problem) throw new DomainError(problem);
  await updateOperator(tx, operator.id, {
    passwordHash: await hashPassword(o.next),
    mustChangePassword: false,
  });
  await revokeOperatorSessions(tx, operator.id, o.now, o.keepSession);
  await recordAudit(tx, {
    officeId: operator.officeId,
    actorId: operator.id,
    action: "password.change",
    at: o.now,
  });
};

/** Turns the second factor on once a code from the new secret proves the app has it. */
export const enableTotp = async (
  tx: Tx,
  o: { operatorId: string; secret: string; code: string; keys: FieldKeys; now: Date },
) => {
  if (!verifyTotp(o.secret, o.code, o.now)) throw new DomainError("wrong_code");
  const operator = await lockOperator(tx, o.operatorId);
  if (!operator) throw new DomainError("operator_not_found");
  await updateOperator(tx, operator.id, {
    totpSecretEncrypted: encryptField(o.keys.encryptionKey, o.secret, `totp:${operator.id}`),
  });
  await recordAudit(tx, {
    officeId: operator.officeId,
    actorId: operator.id,
    action: "totp.enable",
    at: o.now,
  });
};

export const disableTotp = async (
  tx: Tx,
  o: { officeId: string; operatorId: string; actorId: string; now: Date },
) => {
  await updateOperator(tx, o.operatorId, { totpSecretEncrypted: null });
  await recordAudit(tx, {
    officeId: o.officeId,
    actorId: o.actorId,
    action: "totp.disable",
    subjectType: "operator",
    subjectId: o.operatorId,
    at: o.now,
  });
};
