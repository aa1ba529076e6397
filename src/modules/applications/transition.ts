/**
 * The one way an application changes status: lock the row, ask the lifecycle table, check who holds it,
 * update, append the event, describe the notification. Use cases add only their own fields.
 */

import type { Tx } from "../../platform/db/client.ts";
import { recordApplicationTransition } from "../reports/rollups.service.ts";
import { type Actor, actorIdOf, roleOf } from "../shared/actor.ts";
import { DomainError } from "../shared/domain-error.ts";
import {
  type Application,
  insertApplicationEvent,
  lockApplication,
  type NewApplication,
  updateApplication,
} from "./applications.repo.ts";
import {
  type ApplicationAction,
  type ApplicationStatus,
  isApplicationStatus,
  isTerminal,
  transition,
} from "./lifecycle.ts";
import { type ApplicationNotification, notificationFor, type RevisionItem } from "./notifications.ts";

export type TransitionResult = { application: Application; notification?: ApplicationNotification };

/** Actions an operator may take only on an application they hold; supervisors may always step in. */
const HOLDER_ONLY: readonly ApplicationAction[] = [
  "release",
  "request_revision",
  "start_processing",
  "complete",
  "reject",
];

export const loadForUpdate = async (tx: Tx, officeId: string, applicationId: string) => {
  const app = await lockApplication(tx, officeId, applicationId);
  if (!app) throw new DomainError("application_not_found");
  return app;
};

export const statusOf = (app: Application): ApplicationStatus => {
  if (!isApplicationStatus(app.status))
    throw new Error(`application ${app.id} has unknown status ${app.status}`);
  return app.status;
};

/** Checked before anything else, so a stranger learns nothing about someone else's application. */
export const checkOwnership = (app: Application, actor: Actor) => {
  if (actor.kind === "citizen" && actor.contactId !== app.contactId) {
    throw new DomainError("not_your_application");
  }
};

/** Who may touch this particular application, beyond the role check of the lifecycle table. */
export const checkActorScope = (app: Application, action: ApplicationAction, actor: Actor) => {
  checkOwnership(app, actor);
  if (actor.kind !== "operator" || actor.role === "supervisor") return;
  const heldByOther = app.assignedTo !== null && app.assignedTo !== actor.operatorId;
  if (action === "claim" && heldByOther) throw new DomainError("held_by_another");
  if (HOLDER_ONLY.includes(action) && app.assignedTo !== actor.operatorId) {
    throw new DomainError(heldByOther ? "held_by_another" : "not_claimed");
  }
};

export type TransitionOptions = {
  officeId: string;
  applicationId: string;
  action: ApplicationAction;
  actor: Actor;
  now: Date;
  reason?: string;
  items?: RevisionItem[];
  details?: Record<string, unknown>;
  /** Extra columns, computed from the locked row and the next status. */
  patch?: (
    app: Application,
    next: ApplicationStatus,
  ) => Partial<NewApplication> | Promise<Partial<NewApplication>>;
};

export const applyTransition = async (tx: Tx, o: TransitionOptions): Promise<TransitionResult> => {
  const app = await loadForUpdate(tx, o.officeId, o.applicationId);
  return transitionLoaded(tx, app, o);
};

/** For callers that already hold the lock (sweeps that select many rows FOR UPDATE). */
export const transitionLoaded = async (
  tx: Tx,
  app: Application,
  o: Omit<TransitionOptions, "officeId" | "applicationId">,
): Promise<TransitionResult> => {
  checkOwnership(app, o.actor);
  const from = statusOf(app);
  const to = transition(from, o.action, roleOf(o.actor), o.reason);
  checkActorScope(app, o.action, o.actor);
  const extra = (await o.patch?.(app, to)) ?? {};
  const closing = isTerminal(to) ? { closedAt: o.now, pausedAt: null } : {};
  const application = await updateApplication(tx, app.id, {
    status: to,
    updatedAt: o.now,
    ...closing,
    ...extra,
  });
  await insertApplicationEvent(tx, {
    officeId: app.officeId,
    applicationId: app.id,
    action: o.action,
    fromStatus: from,
    toStatus: to,
    actorKind: o.actor.kind,
    actorId: actorIdOf(o.actor),
    reason: o.reason?.trim() || null,
    details: o.details ?? (o.items ? { items: o.items } : null),
    at: o.now,
  });
  await recordApplicationTransition(tx, application, { action: o.action, to, at: o.now });
  const notification = notificationFor(o.action, application, {
    ...(o.reason ? { reason: o.reason.trim() } : {}),
    ...(o.items ? { items: o.items } : {}),
  });
  return { application, ...(notification ? { notification } : {}) };
};
