/**
 * What a transition asks to tell the citizen. Descriptors only: the caller turns them into WhatsApp messages
 * (templates, language, the 24-hour window) and enqueues them in the same transaction.
 */
import type { Application } from "./applications.repo.ts";
import type { ApplicationAction } from "./lifecycle.ts";

export type ApplicationNotificationKind =
  | "received"
  | "revision_needed"
  | "processing"
  | "completed"
  | "rejected"
  | "cancelled"
  | "expired";

export type RevisionItem = { requirementId: string; reason: string };

export type ApplicationNotification = {
  kind: ApplicationNotificationKind;
  applicationId: string;
  /** Null only for an expired draft, which never got one. */
  trackingNumber: string | null;
  contactId: string;
  conversationId: string | null;
  reason?: string;
  items?: RevisionItem[];
  dueAt?: Date;
  resultBlobIds?: string[];
  pickup?: boolean;
};

const KIND_BY_ACTION: Partial<Record<ApplicationAction, ApplicationNotificationKind>> = {
  submit: "received",
  resubmit: "received",
  request_revision: "revision_needed",
  start_processing: "processing",
  complete: "completed",
  reject: "rejected",
  cancel: "cancelled",
  expire: "expired",
};

/** Staff-side moves (claim, assign, release, uploads) tell the citizen nothing. */
export const notificationFor = (
  action: ApplicationAction,
  app: Application,
  extra: Pick<ApplicationNotification, "reason" | "items"> = {},
): ApplicationNotification | undefined => {
  const kind = KIND_BY_ACTION[action];
  if (!kind) return undefined;
  return {
    kind,
    applicationId: app.id,
    trackingNumber: app.trackingNumber,
    contactId: app.contactId,
    conversationId: app.conversationId,
    ...extra,
    ...(kind === "received" && app.dueAt ? { dueAt: app.dueAt } : {}),
    ...(kind === "completed" ? { resultBlobIds: app.resultBlobIds, pickup: app.pickup } : {}),
  };
};
