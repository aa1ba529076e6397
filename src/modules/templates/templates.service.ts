/**
 * Use cases for the office's own templates: write, duplicate, delete, and move the review status the admin
 * reads in WhatsApp Manager (Lontar cannot ask Meta). Every change is audited in the same transaction.
 */
import type { Tx } from "../../platform/db/client.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import { checkTemplate, TEMPLATE_NAME_MAX } from "./template-rules.ts";
import {
  type DeskTemplate,
  type DeskTemplateInput,
  deleteDeskTemplate,
  findByName,
  findDeskTemplate,
  insertDeskTemplate,
  setDeskTemplateStatus,
  type TemplateStatus,
  updateDeskTemplate,
} from "./templates.repo.ts";

/** Which status may follow which; one table, as for applications. */
export const STATUS_MOVES: Record<TemplateStatus, readonly TemplateStatus[]> = {
  draft: ["submitted"],
  submitted: ["approved", "rejected"],
  approved: ["paused"],
  paused: ["approved"],
  // Meta lets a rejected template be edited and sent for review again.
  rejected: ["submitted"],
};
/** Meta reviews what was submitted; an edit after that would make Lontar's copy differ from Meta's. */
export const EDITABLE: readonly TemplateStatus[] = ["draft", "rejected"];
export const NOTE_MAX = 500;
// Far above Meta's limits, so the rule check (not a cut) tells the admin what is too long.
const TEXT_CAP = 4096;

export type Who = { officeId: string; actorId: string; now: Date; ip?: string };

const audit = (
  tx: Tx,
  who: Who,
  action: string,
  t: { id: string; name: string; language: string },
  more = {},
) =>
  recordAudit(tx, {
    officeId: who.officeId,
    actorId: who.actorId,
    action: `template.${action}`,
    subjectType: "message_template",
    subjectId: t.id,
    details: { name: t.name, language: t.language, ...more },
    ip: who.ip,
  });

const load = async (tx: Tx, who: Who, id: string): Promise<DeskTemplate> => {
  const t = await findDeskTemplate(tx, who.officeId, id, { lock: true });
  if (!t) throw new DomainError("template_not_found");
  return t;
};

const texts = (t: DeskTemplateInput): string[] => [
  t.name,
  t.purpose,
  t.body,
  t.footer ?? "",
  t.header?.type === "text" ? `${t.header.text}${t.header.example ?? ""}` : "",
  ...t.buttons.map((b) => b.text),
  ...t.variables.flatMap((v) => [v.name, v.example]),
];

/** Names the system's own templates use, and names taken in the office, are refused; the rest is stored. */
const admit = async (
  tx: Tx,
  who: Who,
  input: DeskTemplateInput,
  reserved: ReadonlySet<string>,
  self?: string,
) => {
  if (input.name.trim() === "") throw new DomainError("template_name_required");
  if (texts(input).some((s) => s.length > TEXT_CAP)) throw new DomainError("template_too_long");
  if (reserved.has(input.name)) throw new DomainError("template_name_reserved");
  const clash = await findByName(tx, who.officeId, input.name, input.language);
  if (clash && clash.id !== self) throw new DomainError("template_name_taken");
};

/** A new draft; rule problems do not stop a draft, only its submission. */
export const createDeskTemplate = async (
  tx: Tx,
  who: Who,
  input: DeskTemplateInput,
  reserved: ReadonlySet<string>,
): Promise<string> => {
  await admit(tx, who, input, reserved);
  const id = await insertDeskTemplate(tx, { officeId: who.officeId, input, by: who.actorId, now: who.now });
  await audit(tx, who, "create", { ...input, id }, { category: input.category });
  return id;
};

export const editDeskTemplate = async (
  tx: Tx,
  who: Who,
  id: string,
  input: DeskTemplateInput,
  reserved: ReadonlySet<string>,
): Promise<void> => {
  const t = await load(tx, who, id);
  if (!EDITABLE.includes(t.status)) throw new DomainError("template_not_editable");
  await admit(tx, who, input, reserved, id);
  await updateDeskTemplate(tx, { officeId: who.officeId, id, input, by: who.actorId, now: who.now });
  await audit(tx, who, "update", { ...input, id }, { category: input.category, status: t.status });
};

/** A draft copy named `<name>_salinan` (or `_salinan_2` …), to start a variant or a new language. */
export const duplicateDeskTemplate = async (tx: Tx, who: Who, id: string): Promise<string> => {
  const t = await load(tx, who, id);
  const base = t.name.slice(0, TEMPLATE_NAME_MAX - "_salinan_99".length);
  let name = `${base}_salinan`;
  for (let n = 2; await findByName(tx, who.officeId, name, t.language); n++) {
    if (n > 99) throw new DomainError("template_name_taken");
    name = `${base}_salinan_${n}`;
  }
  const { purpose, language, category, header, body, footer, buttons, variables } = t;
  const input: DeskTemplateInput = {
    name,
    language,
    category,
    purpose,
    header,
    body,
    footer,
    buttons,
    variables,
  };
  const copy = await insertDeskTemplate(tx, { officeId: who.officeId, input, by: who.actorId, now: who.now });
  await audit(tx, who, "duplicate", { ...input, id: copy }, { from: t.id });
  return copy;
};

/** Only drafts: anything Meta has seen stays on record (and campaigns may point at it). */
export const removeDeskTemplate = async (tx: Tx, who: Who, id: string): Promise<void> => {
  const t = await load(tx, who, id);
  if (t.status !== "draft") throw new DomainError("template_not_deletable");
  await deleteDeskTemplate(tx, who.officeId, id);
  await audit(tx, who, "delete", t);
};

/**
 * Moves the status as the admin saw it in WhatsApp Manager. Submission is refused while the rules find
 * problems (Meta would reject it anyway); a rejection needs Meta's reason as the note.
 */
export const moveDeskTemplate = async (
  tx: Tx,
  who: Who,
  id: string,
  to: TemplateStatus,
  note: string,
): Promise<void> => {
  const t = await load(tx, who, id);
  if (!STATUS_MOVES[t.status].includes(to)) throw new DomainError("status_move_not_allowed");
  const text = note.trim();
  if (text.length > NOTE_MAX) throw new DomainError("note_too_long");
  if (to === "rejected" && text === "") throw new DomainError("rejection_note_required");
  if (to === "submitted" && checkTemplate(t).length > 0) throw new DomainError("template_has_problems");
  await setDeskTemplateStatus(tx, {
    officeId: who.officeId,
    id,
    status: to,
    note: text || null,
    by: who.actorId,
    now: who.now,
  });
  await audit(tx, who, "status", t, { from: t.status, to, ...(text ? { note: text } : {}) });
};
