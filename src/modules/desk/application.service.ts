/**
 * What the application view needs, gathered in one place: the facts, the requirement checklist with its
 * pages, the clock, what this person may do now, notes and history. Also the view's own use cases that are
 * not lifecycle moves: revealing the subject NIK (audited), internal notes, and storing result PDFs.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { contacts } from "../../platform/db/schema/index.ts";
import { listApplicationEvents, listItems } from "../applications/applications.repo.ts";
import {
  type Application,
  type ApplicationItem,
  maskedSubjectNik,
  openAnswer,
  readSubjectNik,
  slaStatus,
} from "../applications/applications.service.ts";
import { type ApplicationAction, type ApplicationStatus, allowedActions } from "../applications/lifecycle.ts";
import { checkActorScope } from "../applications/transition.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { displayValue } from "../bot/fields.ts";
import { findService, resolve } from "../catalogue/resolve.ts";
import type { Requirement, Resolved } from "../catalogue/schema.ts";
import { roleOf } from "../shared/actor.ts";
import { DomainError } from "../shared/domain-error.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import type { SlaStatus } from "../sla/sla.ts";
import {
  assignableStaff,
  type BlobInfo,
  blobInfos,
  insertNote,
  listNotes,
  type NoteRow,
  type StaffOption,
  staffNames,
} from "./application.repo.ts";
import { actorOf, type DeskDeps, type DeskUser, type Locale } from "./context.ts";
import { serviceName } from "./labels.ts";

/** The lifecycle actions the desk offers as buttons (cancel is the citizen's; the rest are the bot's). */
export const DESK_ACTIONS: readonly ApplicationAction[] = [
  "claim",
  "assign",
  "release",
  "request_revision",
  "start_processing",
  "complete",
  "reject",
];

export type ChecklistRow = {
  requirementId: string;
  label: string;
  kind: Requirement["kind"] | "unknown";
  presence: Requirement["presence"] | "unknown";
  item?: ApplicationItem;
  pages: BlobInfo[];
};

export type HistoryRow = {
  at: Date;
  action: string;
  fromStatus: string;
  toStatus: string;
  actorKind: string;
  actorName?: string;
  reason: string | null;
  details: Record<string, unknown> | null;
};

export type ApplicationView = {
  application: Application;
  serviceLabel: string;
  maskedNik?: string;
  fields: Array<{ label: string; value: string }>;
  clock?: SlaStatus;
  holderName?: string;
  checklist: ChecklistRow[];
  actions: ApplicationAction[];
  canVerify: boolean;
  assignable: StaffOption[];
  notes: NoteRow[];
  history: HistoryRow[];
  results: BlobInfo[];
  /** The language the citizen reads: preset rejection reasons are stored in it. */
  citizenLocale: Locale;
};

const resolvedOf = (deps: DeskDeps, app: Application): Resolved | undefined => {
  const catalogue = deps.citizen.catalogue;
  const service = findService(catalogue, app.serviceCode);
  if (!service) return undefined;
  try {
    return resolve(catalogue, service, app.variantCode ?? undefined);
  } catch {
    return undefined; // a variant dropped from today's catalogue: show what the rows hold
  }
};

const answers = (app: Application) => app.fields as Record<string, unknown>;

/** Shown elsewhere (header, NIK line) or bookkeeping of the bot, not answers to list again. */
const NOT_LISTED = new Set(["subject_nik", "applicant_name", "relationship", "alternatives"]);

const fieldRows = (resolved: Resolved | undefined, app: Application, l: Locale, keys: FieldKeys) => {
  // Identity numbers are stored sealed; opened here only to be shown masked.
  const values = Object.fromEntries(
    Object.entries(answers(app)).map(([k, v]) => [k, openAnswer(keys, k, v)]),
  );
  const known = resolved?.fields ?? [];
  const listed = known
    .filter((f) => !NOT_LISTED.has(f.id) && values[f.id] !== undefined && values[f.id] !== "")
    .map((f) => ({ label: f.label[l], value: displayValue(f, String(values[f.id]), l) }));
  // Answers to fields today's catalogue no longer has: shown under their id, never an identity number in clear.
  const extra = Object.entries(values)
    .filter(([k, v]) => !NOT_LISTED.has(k) && !known.some((f) => f.id === k) && typeof v === "string")
    .filter(([k]) => !/nik|kk/.test(k))
    .map(([k, v]) => ({ label: k, value: String(v) }));
  return [...listed, ...extra];
};

const applies = (r: Requirement, values: Record<string, unknown>) =>
  !r.when || r.when.in.includes(String(values[r.when.field] ?? ""));

const buildChecklist = (
  resolved: Resolved | undefined,
  app: Application,
  items: ApplicationItem[],
  blobs: Map<string, BlobInfo>,
  l: Locale,
): ChecklistRow[] => {
  const byId = new Map(items.map((i) => [i.requirementId, i]));
  const pagesOf = (item?: ApplicationItem) =>
    (item?.blobIds ?? []).flatMap((id) => (blobs.has(id) ? [blobs.get(id)!] : []));
  const fromCatalogue = (resolved?.requirements ?? [])
    .filter((r) => byId.has(r.id) || applies(r, answers(app)))
    .map((r) => ({
      requirementId: r.id,
      label: r.label[l],
      kind: r.kind,
      presence: r.presence,
      item: byId.get(r.id),
      pages: pagesOf(byId.get(r.id)),
    }));
  const orphans = items
    .filter((i) => !fromCatalogue.some((r) => r.requirementId === i.requirementId))
    .map((i) => ({
      requirementId: i.requirementId,
      label: i.requirementId,
      kind: "unknown" as const,
      presence: "unknown" as const,
      item: i,
      pages: pagesOf(i),
    }));
  return [...fromCatalogue, ...orphans];
};

/** The buttons: what the lifecycle table allows this role now, and what the holder rules allow this person. */
export const deskActionsFor = (app: Application, user: DeskUser): ApplicationAction[] => {
  const actor = actorOf(user);
  if (!actor) return [];
  return allowedActions(app.status as ApplicationStatus, roleOf(actor)).filter((a) => {
    if (!DESK_ACTIONS.includes(a)) return false;
    // A resubmitted application comes back to its holder as submitted: claiming it starts the new review.
    if (a === "claim" && app.assignedTo === user.id && app.status !== "submitted") return false;
    if (a === "release" && app.assignedTo === null) return false;
    try {
      checkActorScope(app, a, actor);
      return true;
    } catch {
      return false;
    }
  });
};

const canVerifyItems = (app: Application, user: DeskUser) =>
  app.status === "in_review" &&
  (user.role === "supervisor" || (user.role === "operator" && app.assignedTo === user.id));

const historyOf = async (tx: Tx, app: Application): Promise<HistoryRow[]> => {
  const events = await listApplicationEvents(tx, app.id);
  const staffIds = [
    ...new Set(events.filter((e) => e.actorKind === "operator" && e.actorId).map((e) => e.actorId!)),
  ];
  const names = await staffNames(tx, app.officeId, staffIds);
  return events.map((e) => ({
    at: e.at,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorKind: e.actorKind,
    actorName:
      e.actorKind === "operator" && e.actorId
        ? names.get(e.actorId)
        : e.actorKind === "citizen"
          ? (app.applicantName ?? undefined)
          : undefined,
    reason: e.reason,
    details: (e.details as Record<string, unknown> | null) ?? null,
  }));
};

export const citizenLocaleOf = async (tx: Tx, app: Application): Promise<Locale> => {
  const [contact] = await tx
    .select({ locale: contacts.locale })
    .from(contacts)
    .where(eq(contacts.id, app.contactId));
  return contact?.locale === "en" ? "en" : "id";
};

export const loadApplicationView = async (
  deps: DeskDeps,
  user: DeskUser,
  app: Application,
): Promise<ApplicationView> => {
  const tx = deps.database.db;
  const l = user.locale;
  const resolved = resolvedOf(deps, app);
  const items = await listItems(tx, app.id);
  const blobIds = [...items.flatMap((i) => i.blobIds), ...app.resultBlobIds];
  const [blobs, clock, holder, notes, history, citizenLocale, assignable] = await Promise.all([
    blobInfos(tx, app.officeId, blobIds),
    slaStatus(tx, { application: app, calendar: deps.citizen.calendar, now: deps.citizen.now() }),
    staffNames(tx, app.officeId, app.assignedTo ? [app.assignedTo] : []),
    listNotes(tx, app.id),
    historyOf(tx, app),
    citizenLocaleOf(tx, app),
    user.role === "supervisor" ? assignableStaff(tx, app.officeId, app.serviceCode) : Promise.resolve([]),
  ]);
  return {
    application: app,
    serviceLabel: serviceName(deps.citizen.catalogue, l, app.serviceCode, app.variantCode),
    maskedNik: maskedSubjectNik(app, deps.citizen.keys),
    fields: fieldRows(resolved, app, l, deps.citizen.keys),
    clock,
    holderName: app.assignedTo ? holder.get(app.assignedTo) : undefined,
    checklist: buildChecklist(resolved, app, items, blobs, l),
    actions: deskActionsFor(app, user),
    canVerify: canVerifyItems(app, user),
    assignable,
    notes,
    history,
    results: app.resultBlobIds.flatMap((id) => (blobs.has(id) ? [blobs.get(id)!] : [])),
    citizenLocale,
  };
};

/** The subject NIK in clear, for someone allowed to act; every reveal is in the audit trail. */
export const revealSubjectNik = async (
  tx: Tx,
  deps: DeskDeps,
  user: DeskUser,
  app: Application,
  ip?: string,
) => {
  const nik = readSubjectNik(app, deps.citizen.keys);
  await recordAudit(tx, {
    officeId: user.officeId,
    actorId: user.id,
    action: "nik.reveal",
    subjectType: "application",
    subjectId: app.id,
    ip,
    at: deps.citizen.now(),
  });
  return nik;
};

export const NOTE_MAX = 2000;

export const addNote = async (tx: Tx, o: { user: DeskUser; application: Application; body: string }) => {
  const body = o.body.trim();
  if (!body) throw new DomainError("note_required");
  if (body.length > NOTE_MAX) throw new DomainError("note_too_long");
  await insertNote(tx, {
    officeId: o.application.officeId,
    applicationId: o.application.id,
    authorId: o.user.id,
    body,
  });
};

/** Whether the requirement belongs to the application: in its catalogue checklist, or already has a row. */
export const knownRequirement = async (tx: Tx, deps: DeskDeps, app: Application, requirementId: string) =>
  (resolvedOf(deps, app)?.requirements ?? []).some((r) => r.id === requirementId) ||
  (await listItems(tx, app.id)).some((i) => i.requirementId === requirementId);

/** The rejected items as the revision request sends them back: one reason per requirement. */
export const rejectedItems = async (tx: Tx, applicationId: string) =>
  (await listItems(tx, applicationId))
    .filter((i) => i.verification === "rejected" && i.rejectionReason)
    .map((i) => ({ requirementId: i.requirementId, reason: i.rejectionReason! }));
