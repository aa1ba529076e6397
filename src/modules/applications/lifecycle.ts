/**
 * The application lifecycle in one table (DESIGN "Application statuses"): for every action, who may do it
 * and which status it leads to from each status where it is allowed. Everything else is refused. Pure: the
 * services look up the table, they never decide transitions themselves.
 */
import type { ActorRole } from "../shared/actor.ts";
import { DomainError } from "../shared/domain-error.ts";

export const APPLICATION_STATUSES = [
  "draft",
  "submitted",
  "in_review",
  "needs_revision",
  "processing",
  "completed",
  "rejected",
  "cancelled",
  "expired",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_FLAGS = [
  "sla_at_risk",
  "sla_breached",
  "siak_outage",
  "potential_duplicate",
  "proxy_applicant",
] as const;
export type ApplicationFlag = (typeof APPLICATION_FLAGS)[number];

export const RELATIONSHIPS = ["self", "child", "parent", "spouse", "other"] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const APPLICATION_ACTIONS = [
  "edit_draft",
  "submit",
  "attach_document",
  "attach_downloaded",
  "claim",
  "assign",
  "release",
  "request_revision",
  "resubmit",
  "start_processing",
  "complete",
  "reject",
  "cancel",
  "expire",
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

type Rule = {
  roles: readonly ActorRole[];
  /** from status → resulting status; a status missing here refuses the action. */
  moves: Partial<Record<ApplicationStatus, ApplicationStatus>>;
  reasonRequired?: boolean;
};

const staff = ["operator", "supervisor"] as const;
// The bot acts for the citizen as "system" when a step is automatic (e.g. submit after the last upload).
const citizenSide = ["citizen", "system"] as const;

export const LIFECYCLE: Readonly<Record<ApplicationAction, Rule>> = {
  // The bot saving answers as it collects them; not an event-worthy transition.
  edit_draft: { roles: citizenSide, moves: { draft: "draft" } },
  submit: { roles: citizenSide, moves: { draft: "submitted" } },
  // Uploads go to drafts, and to the rejected items of an application waiting for revision.
  attach_document: { roles: citizenSide, moves: { draft: "draft", needs_revision: "needs_revision" } },
  // A file the citizen sent before submitting whose download finished afterwards: it belongs to the application.
  attach_downloaded: {
    roles: ["system"],
    moves: {
      draft: "draft",
      needs_revision: "needs_revision",
      submitted: "submitted",
      in_review: "in_review",
      processing: "processing",
    },
  },
  // Claiming an already-reviewed application that nobody holds (after a release) keeps its status.
  claim: {
    roles: staff,
    moves: { submitted: "in_review", in_review: "in_review", processing: "processing" },
  },
  assign: {
    roles: ["supervisor"],
    moves: { submitted: "submitted", in_review: "in_review", processing: "processing" },
  },
  release: { roles: staff, moves: { in_review: "in_review", processing: "processing" } },
  request_revision: { roles: staff, moves: { in_review: "needs_revision" } },
  resubmit: { roles: citizenSide, moves: { needs_revision: "submitted" } },
  start_processing: { roles: staff, moves: { in_review: "processing" } },
  complete: { roles: staff, moves: { processing: "completed" } },
  reject: { roles: staff, moves: { in_review: "rejected", processing: "rejected" }, reasonRequired: true },
  // Only the citizen withdraws; staff refuse with a reason instead (reject), so the citizen learns why.
  cancel: {
    roles: ["citizen"],
    moves: { draft: "cancelled", submitted: "cancelled", needs_revision: "cancelled" },
  },
  expire: { roles: ["system"], moves: { draft: "expired", needs_revision: "expired" } },
};

export const TERMINAL_STATUSES: readonly ApplicationStatus[] = [
  "completed",
  "rejected",
  "cancelled",
  "expired",
];
/** The SLA clock stops while the office waits for the citizen. */
export const PAUSED_STATUSES: readonly ApplicationStatus[] = ["needs_revision"];
/** Submitted and not finished: counted for duplicates, paused by a SIAK outage. */
export const OPEN_STATUSES: readonly ApplicationStatus[] = APPLICATION_STATUSES.filter(
  (s) => s !== "draft" && !TERMINAL_STATUSES.includes(s),
);

export const isTerminal = (status: ApplicationStatus): boolean => TERMINAL_STATUSES.includes(status);
export const pausesClock = (status: ApplicationStatus): boolean => PAUSED_STATUSES.includes(status);
export const isApplicationStatus = (s: string): s is ApplicationStatus =>
  (APPLICATION_STATUSES as readonly string[]).includes(s);

/** Office-wide actions outside any one application. */
export const OFFICE_ACTIONS = {
  declare_siak_outage: ["supervisor", "system"],
  end_siak_outage: ["supervisor", "system"],
} as const satisfies Record<string, readonly ActorRole[]>;

export const mayActOnOffice = (action: keyof typeof OFFICE_ACTIONS, role: ActorRole): boolean =>
  (OFFICE_ACTIONS[action] as readonly ActorRole[]).includes(role);

/** The next status, or DomainError("action_not_allowed") naming why (role or status). */
export const transition = (
  status: ApplicationStatus,
  action: ApplicationAction,
  actor: ActorRole,
  reason?: string,
): ApplicationStatus => {
  const rule = LIFECYCLE[action];
  if (!rule.roles.includes(actor)) {
    throw new DomainError("action_not_allowed", `a ${actor} may not ${action} an application`);
  }
  const next = rule.moves[status];
  if (!next) throw new DomainError("action_not_allowed", `cannot ${action} an application that is ${status}`);
  if (rule.reasonRequired && !reason?.trim()) {
    throw new DomainError("reason_required", `${action} needs a reason`);
  }
  return next;
};

/** Actions a role may take now: what the desk shows as buttons and the bot offers as replies. */
export const allowedActions = (status: ApplicationStatus, actor: ActorRole): ApplicationAction[] =>
  APPLICATION_ACTIONS.filter((a) => LIFECYCLE[a].roles.includes(actor) && LIFECYCLE[a].moves[status]);
