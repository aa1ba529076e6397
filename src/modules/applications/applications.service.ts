/**
 * Citizen-side use cases of applications: the draft the bot fills, submission, uploads, resubmission and
 * withdrawal, and the look-ups the bot needs. Staff actions live in review.service.ts, clocks and outages in
 * clock.service.ts; all are re-exported here so callers import one module.
 */
import type { Tx } from "../../platform/db/client.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { newReceiptCode } from "../receipts/receipt-code.ts";
import { type Actor, roleOf } from "../shared/actor.ts";
import { atomically } from "../shared/atomic.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { allocateTrackingNumber } from "../shared/tracking-number.repo.ts";
import { parseTrackingNumber } from "../shared/tracking-number.ts";
import type { WorkingCalendar } from "../sla/calendar.ts";
import { addWorkingTime, type SlaUnit } from "../sla/sla.ts";
import {
  type Application,
  findApplicationByTrackingNumber,
  findOpenDuplicate,
  insertApplication,
  listApplicationsByContact,
  lockOpenOutage,
  updateApplication,
} from "./applications.repo.ts";
import { refreshDueAt } from "./clock.service.ts";
import {
  type ApplicationFlag,
  OPEN_STATUSES,
  type Relationship,
  TERMINAL_STATUSES,
  transition,
} from "./lifecycle.ts";
import { protectSubjectNik, sealIdentityNumbers, serviceRules } from "./rules.ts";
import {
  applyTransition,
  checkOwnership,
  loadForUpdate,
  statusOf,
  type TransitionResult,
} from "./transition.ts";

export type { Application, ApplicationItem } from "./applications.repo.ts";
export * from "./clock.service.ts";
export { attachDocument } from "./documents.service.ts";
export type { ApplicationNotification } from "./notifications.ts";
export * from "./review.service.ts";
export { maskedSubjectNik, openAnswer, readSubjectNik, subjectNikLookup } from "./rules.ts";
export type { TransitionResult } from "./transition.ts";

/** The part of the catalogue an application needs: its rules and the stamp of the version they came from. */
export type CatalogueRef = Pick<Catalogue, "version" | "digest" | "services">;

type Answers = {
  applicantName?: string;
  relationship?: Relationship;
  /** As typed; validated and stored encrypted with a blind index. */
  subjectNik?: string;
  /** Merged into the collected answers. */
  fields?: Record<string, unknown>;
};

export type CreateDraftOptions = Answers & {
  officeId: string;
  contactId: string;
  conversationId?: string;
  catalogue: CatalogueRef;
  serviceCode: string;
  variantCode?: string;
  keys: FieldKeys;
  now?: Date;
};

export const createDraft = async (tx: Tx, o: CreateDraftOptions): Promise<Application> => {
  const now = o.now ?? new Date();
  serviceRules(o.catalogue, o.serviceCode, o.variantCode);
  return insertApplication(tx, {
    officeId: o.officeId,
    contactId: o.contactId,
    conversationId: o.conversationId ?? null,
    serviceCode: o.serviceCode,
    variantCode: o.variantCode ?? null,
    catalogueVersion: o.catalogue.version,
    catalogueDigest: o.catalogue.digest,
    applicantName: o.applicantName ?? null,
    relationship: o.relationship ?? "self",
    ...(o.subjectNik !== undefined ? protectSubjectNik(o.keys, o.subjectNik, now) : {}),
    fields: sealIdentityNumbers(o.keys, o.fields ?? {}),
    createdAt: now,
    updatedAt: now,
  });
};

export type UpdateDraftOptions = Answers & {
  officeId: string;
  applicationId: string;
  actor: Actor;
  keys: FieldKeys;
  now?: Date;
};

/** The bot saves answers as it collects them; only drafts change this way. */
export const updateDraft = (tx: Tx, o: UpdateDraftOptions): Promise<Application> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const app = await loadForUpdate(tx, o.officeId, o.applicationId);
    checkOwnership(app, o.actor);
    transition(statusOf(app), "edit_draft", roleOf(o.actor));
    return updateApplication(tx, app.id, {
      ...(o.applicantName !== undefined ? { applicantName: o.applicantName } : {}),
      ...(o.relationship !== undefined ? { relationship: o.relationship } : {}),
      ...(o.subjectNik !== undefined ? protectSubjectNik(o.keys, o.subjectNik, now) : {}),
      ...(o.fields ? { fields: { ...app.fields, ...sealIdentityNumbers(o.keys, o.fields) } } : {}),
      updatedAt: now,
    });
  });

export type SubmitOptions = {
  officeId: string;
  applicationId: string;
  actor: Actor;
  catalogue: CatalogueRef;
  calendar: WorkingCalendar;
  now?: Date;
};

/**
 * Draft → submitted: a tracking number, the catalogue stamp of today's rules, the SLA target and due time,
 * and the flags the desk must see at once (proxy applicant, possible duplicate, SIAK down).
 */
export const submitApplication = (tx: Tx, o: SubmitOptions): Promise<TransitionResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    return applyTransition(tx, {
      officeId: o.officeId,
      applicationId: o.applicationId,
      action: "submit",
      actor: o.actor,
      now,
      patch: async (app) => {
        const { sla } = serviceRules(o.catalogue, app.serviceCode, app.variantCode ?? undefined);
        const flags = new Set(app.flags as ApplicationFlag[]);
        if (app.relationship !== "self") flags.add("proxy_applicant");
        const duplicateOf =
          app.subjectNikIndex &&
          (await findOpenDuplicate(tx, {
            officeId: app.officeId,
            subjectNikIndex: app.subjectNikIndex,
            serviceCode: app.serviceCode,
            excludeId: app.id,
            open: [...OPEN_STATUSES],
          }));
        if (duplicateOf) flags.add("potential_duplicate");
        if (await lockOpenOutage(tx, app.officeId)) flags.add("siak_outage");
        const trackingNumber = await allocateTrackingNumber(tx, {
          officeId: app.officeId,
          kind: "A",
          at: now,
        });
        return {
          trackingNumber,
          // The receipt's public page code, born with the tracking number in the same transaction.
          receiptCode: app.receiptCode ?? newReceiptCode(),
          catalogueVersion: o.catalogue.version,
          catalogueDigest: o.catalogue.digest,
          flags: [...flags],
          submittedAt: now,
          slaValue: sla?.value ?? null,
          slaUnit: sla?.unit ?? null,
          dueAt: sla
            ? addWorkingTime(o.calendar, now, { value: sla.value, unit: sla.unit as SlaUnit })
            : null,
        };
      },
    });
  });

export type CitizenActionOptions = { officeId: string; applicationId: string; actor: Actor; now?: Date };

/** Needs revision → submitted after the re-upload. The clock resumes; the due time moves by the pause. */
export const resubmit = (
  tx: Tx,
  o: CitizenActionOptions & { calendar: WorkingCalendar },
): Promise<TransitionResult> =>
  atomically(tx, async (tx) => {
    const now = o.now ?? new Date();
    const result = await applyTransition(tx, {
      ...o,
      action: "resubmit",
      now,
      patch: () => ({ pausedAt: null }),
    });
    const application = await refreshDueAt(tx, result.application, o.calendar, now);
    // The "received" message quotes the new due time, which only exists once the pause has ended.
    const notification = result.notification && {
      ...result.notification,
      ...(application.dueAt ? { dueAt: application.dueAt } : {}),
    };
    return { application, ...(notification ? { notification } : {}) };
  });

/** Withdrawn by the citizen ("batal"), before an operator has started on it or while it waits for them. */
export const cancel = (tx: Tx, o: CitizenActionOptions & { reason?: string }): Promise<TransitionResult> =>
  atomically(tx, (tx) => applyTransition(tx, { ...o, action: "cancel", now: o.now ?? new Date() }));

/** A contact's applications, newest first; `openOnly` leaves out drafts and finished ones. */
export const listForContact = (
  tx: Tx,
  o: { officeId: string; contactId: string; openOnly?: boolean },
): Promise<Application[]> =>
  listApplicationsByContact(tx, { ...o, ...(o.openOnly ? { statuses: [...OPEN_STATUSES] } : {}) });

/** Finds by a tracking number typed anywhere in a message ("cek kpg a 2611 00042"). */
export const findByTrackingNumber = async (
  tx: Tx,
  o: { officeId: string; text: string },
): Promise<Application | undefined> => {
  const parsed = parseTrackingNumber(o.text);
  return parsed ? findApplicationByTrackingNumber(tx, o.officeId, parsed.text) : undefined;
};

export const isFinished = (app: Application): boolean =>
  (TERMINAL_STATUSES as readonly string[]).includes(app.status);
