/**
 * Templates written in the desk (message_templates): queries only. `listApprovedTemplates` is what other
 * modules (broadcast campaigns) call to offer a template; `approvedLanguages` tells a system send whether a
 * catalogue template is approved; the rest serves Admin › Templates.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { messageTemplates, templateStatuses } from "../../platform/db/schema/index.ts";
import type {
  TemplateButton,
  TemplateCategory,
  TemplateDraft,
  TemplateHeader,
  TemplateVariable,
} from "./template-rules.ts";

export const TEMPLATE_STATUSES = ["draft", "submitted", "approved", "rejected", "paused"] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** A desk template as the rest of Lontar sees it; variables are the body's {{1}}…{{n}} in order. */
export type DeskTemplate = TemplateDraft & {
  id: string;
  officeId: string;
  category: TemplateCategory;
  purpose: string;
  header: TemplateHeader | null;
  footer: string | null;
  status: TemplateStatus;
  statusNote: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** What the admin writes; status moves separately. */
export type DeskTemplateInput = Pick<
  DeskTemplate,
  "name" | "language" | "category" | "purpose" | "header" | "body" | "footer" | "buttons" | "variables"
>;

type Row = typeof messageTemplates.$inferSelect;

const str = (v: unknown): string => (typeof v === "string" ? v : "");

// jsonb comes back as whatever was stored; read it defensively so an odd row cannot break the page.
const headerOf = (h: Record<string, unknown> | null): TemplateHeader | null => {
  if (!h) return null;
  if (h.type === "text")
    return { type: "text", text: str(h.text), ...(h.example ? { example: str(h.example) } : {}) };
  return h.type === "document" || h.type === "image" ? { type: h.type } : null;
};

const buttonOf = (b: Record<string, unknown>): TemplateButton =>
  b.type === "url"
    ? { type: "url", text: str(b.text), url: str(b.url), ...(b.example ? { example: str(b.example) } : {}) }
    : { type: "quick_reply", text: str(b.text) };

const toDeskTemplate = (r: Row): DeskTemplate => ({
  id: r.id,
  officeId: r.officeId,
  name: r.name,
  language: r.language,
  category: r.category === "marketing" ? "marketing" : "utility",
  purpose: r.purpose,
  header: headerOf(r.header),
  body: r.body,
  footer: r.footer,
  buttons: (r.buttons ?? []).map(buttonOf),
  variables: (r.variables ?? []).map(
    (v): TemplateVariable => ({ name: str(v.name), example: str(v.example) }),
  ),
  status: (TEMPLATE_STATUSES as readonly string[]).includes(r.status)
    ? (r.status as TemplateStatus)
    : "draft",
  statusNote: r.statusNote,
  updatedBy: r.updatedBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const ofOffice = (officeId: string) => eq(messageTemplates.officeId, officeId);

export const listDeskTemplates = async (tx: Tx, officeId: string): Promise<DeskTemplate[]> =>
  (
    await tx
      .select()
      .from(messageTemplates)
      .where(ofOffice(officeId))
      .orderBy(asc(messageTemplates.name), asc(messageTemplates.language))
  ).map(toDeskTemplate);

/**
 * The office's templates Meta approved (as the admin entered it), for a broadcast to pick from; only
 * these may be sent outside the 24-hour window.
 */
export const listApprovedTemplates = async (
  tx: Tx,
  officeId: string,
  o: { category?: TemplateCategory } = {},
): Promise<DeskTemplate[]> =>
  (
    await tx
      .select()
      .from(messageTemplates)
      .where(
        and(
          ofOffice(officeId),
          eq(messageTemplates.status, "approved"),
          o.category ? eq(messageTemplates.category, o.category) : undefined,
        ),
      )
      .orderBy(asc(messageTemplates.name), asc(messageTemplates.language))
  ).map(toDeskTemplate);

/**
 * The languages in which the admin recorded a catalogue template (catalogue/templates.json) as approved by
 * Meta (template_statuses); a send that only a template can make checks here before queueing.
 */
export const approvedLanguages = async (tx: Tx, officeId: string, name: string): Promise<string[]> =>
  (
    await tx
      .select({ language: templateStatuses.language })
      .from(templateStatuses)
      .where(
        and(
          eq(templateStatuses.officeId, officeId),
          eq(templateStatuses.name, name),
          eq(templateStatuses.status, "approved"),
        ),
      )
  ).map((r) => r.language);

/** One template of the office; `lock` holds the row until the transaction ends (status moves, edits). */
export const findDeskTemplate = async (
  tx: Tx,
  officeId: string,
  id: string,
  o: { lock?: boolean } = {},
): Promise<DeskTemplate | undefined> => {
  const query = tx
    .select()
    .from(messageTemplates)
    .where(and(ofOffice(officeId), eq(messageTemplates.id, id)));
  const [row] = o.lock ? await query.for("update") : await query;
  return row ? toDeskTemplate(row) : undefined;
};

/** The template of this name and language in the office, if any (they are unique together). */
export const findByName = async (
  tx: Tx,
  officeId: string,
  name: string,
  language: string,
): Promise<{ id: string } | undefined> =>
  (
    await tx
      .select({ id: messageTemplates.id })
      .from(messageTemplates)
      .where(
        and(ofOffice(officeId), eq(messageTemplates.name, name), eq(messageTemplates.language, language)),
      )
  )[0];

const columns = (t: DeskTemplateInput) => ({
  name: t.name,
  language: t.language,
  category: t.category,
  purpose: t.purpose,
  header: t.header,
  body: t.body,
  footer: t.footer,
  buttons: t.buttons,
  variables: t.variables,
});

export const insertDeskTemplate = async (
  tx: Tx,
  o: { officeId: string; input: DeskTemplateInput; by: string; now: Date },
): Promise<string> => {
  const [row] = await tx
    .insert(messageTemplates)
    .values({
      ...columns(o.input),
      officeId: o.officeId,
      status: "draft",
      updatedBy: o.by,
      createdAt: o.now,
      updatedAt: o.now,
    })
    .returning({ id: messageTemplates.id });
  return row!.id;
};

export const updateDeskTemplate = (
  tx: Tx,
  o: { officeId: string; id: string; input: DeskTemplateInput; by: string; now: Date },
) =>
  tx
    .update(messageTemplates)
    .set({ ...columns(o.input), updatedBy: o.by, updatedAt: o.now })
    .where(and(ofOffice(o.officeId), eq(messageTemplates.id, o.id)));

export const setDeskTemplateStatus = (
  tx: Tx,
  o: { officeId: string; id: string; status: TemplateStatus; note: string | null; by: string; now: Date },
) =>
  tx
    .update(messageTemplates)
    .set({ status: o.status, statusNote: o.note, updatedBy: o.by, updatedAt: o.now })
    .where(and(ofOffice(o.officeId), eq(messageTemplates.id, o.id)));

export const deleteDeskTemplate = (tx: Tx, officeId: string, id: string) =>
  tx.delete(messageTemplates).where(and(ofOffice(officeId), eq(messageTemplates.id, id)));
