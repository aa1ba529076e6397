/** What every desk route needs, and who is asking. */
import type { Database, Tx } from "../../platform/db/client.ts";
import type { EventBus } from "../../platform/events/bus.ts";
import type { ChangeSignal } from "../../platform/events/changes.ts";
import type { BlobStore } from "../../platform/storage/blob-store.ts";
import type { ApplicationNotification } from "../applications/applications.service.ts";
import type { BroadcastSettings } from "../broadcasts/campaigns.service.ts";
import type { ComplaintNotification } from "../complaints/complaints.service.ts";
import type { TurnDeps } from "../conversations/effects.ts";
import type { AuthPolicy } from "../operators/auth.service.ts";
import type { Role } from "../operators/operators.service.ts";
import type { UnlinkedRetention } from "../retention/unlinked.repo.ts";
import type { Actor } from "../shared/actor.ts";

export type Locale = "id" | "en";

export type DeskDeps = {
  database: Database;
  bus: EventBus;
  blobs: BlobStore;
  /** The citizen service's dependencies: catalogue, calendar, field keys, clock. */
  citizen: TurnDeps;
  notify: (tx: Tx, n: ApplicationNotification) => Promise<unknown>;
  notifyComplaint: (tx: Tx, n: ComplaintNotification) => Promise<unknown>;
  /** Tells every desk of the office (on every instance) that something changed. */
  changes: ChangeSignal;
  policy: AuthPolicy;
  /** "auto": Secure cookies when the request came over TLS (directly or via the proxy's X-Forwarded-Proto). */
  secureCookies: boolean | "auto";
  /** LONTAR_RETENTION_DAYS: the default retention the storage page shows (30 when unset). */
  retentionDays?: number;
  /** LONTAR_RETENTION_CHAT_DAYS and the like: files no application uses (their defaults when unset). */
  retentionUnlinked?: UnlinkedRetention;
  /** Messaging-limit tier, template prices and the default number rate for campaigns. */
  broadcasts?: BroadcastSettings;
};

export type DeskUser = {
  id: string;
  officeId: string;
  username: string;
  displayName: string;
  role: Role;
  locale: Locale;
  /** Catalogue service codes this person works on; their queues, conversations and files. */
  services: string[];
  csrfToken: string;
  sessionHash: string;
};

/** Admins configure and viewers watch; only operators and supervisors act on citizens' requests. */
export const actorOf = (user: DeskUser): Actor | undefined =>
  user.role === "operator" || user.role === "supervisor"
    ? { kind: "operator", operatorId: user.id, role: user.role }
    : undefined;

export const canAct = (user: DeskUser) => actorOf(user) !== undefined;
export const isSupervisor = (user: DeskUser) => user.role === "supervisor";
export const isAdmin = (user: DeskUser) => user.role === "admin";
export const seesService = (user: DeskUser, serviceCode: string | null | undefined) =>
  serviceCode !== null && serviceCode !== undefined && user.services.includes(serviceCode);

declare module "fastify" {
  interface FastifyRequest {
    deskUser: DeskUser | null;
  }
}
