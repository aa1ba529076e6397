/**
 * Who acts on an application or complaint. Supervisors are operators with more rights, so events record
 * them as actor kind "operator" with their id; the role matters only for authorisation.
 */
export type Actor =
  | { kind: "citizen"; contactId: string }
  | { kind: "operator"; operatorId: string; role: "operator" | "supervisor" }
  | { kind: "system" };

export type ActorRole = "citizen" | "operator" | "supervisor" | "system";

export const roleOf = (actor: Actor): ActorRole => (actor.kind === "operator" ? actor.role : actor.kind);

export const actorIdOf = (actor: Actor): string | null =>
  actor.kind === "operator" ? actor.operatorId : actor.kind === "citizen" ? actor.contactId : null;

export const SYSTEM: Actor = { kind: "system" };
