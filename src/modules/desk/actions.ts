/**
 * How a desk action runs: in one transaction with the citizen's notification (the outbox row commits with
 * the change, or neither does), then every desk of the office is told and the senders are woken.
 */
import type { Tx } from "../../platform/db/client.ts";
import type { ApplicationNotification } from "../applications/applications.service.ts";
import type { Actor } from "../shared/actor.ts";
import type { DeskDeps, DeskUser } from "./context.ts";
import { actorOf } from "./context.ts";
import { forbidden } from "./errors.tsx";

/** The person as an actor of the lifecycle; admins and viewers get 403. */
export const requireActor = (user: DeskUser): Actor => {
  const actor = actorOf(user);
  if (!actor) throw forbidden();
  return actor;
};

export const runDeskAction = async <T extends { notification?: ApplicationNotification } | undefined>(
  deps: DeskDeps,
  user: DeskUser,
  action: (tx: Tx) => Promise<T>,
): Promise<T> => {
  const result = await deps.database.db.transaction(async (tx) => {
    const r = await action(tx);
    if (r?.notification) await deps.notify(tx, r.notification);
    return r;
  });
  deps.changes.changed(user.officeId);
  deps.bus.publish("outbox");
  return result;
};
