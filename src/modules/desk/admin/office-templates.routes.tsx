/**
 * Admin › Templates › the office's own templates: write (while draft or rejected), preview with the
 * examples, duplicate, delete drafts, and move the status as WhatsApp Manager shows it. Admins only (the
 * admin section's guard); the rules live in modules/templates.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../shared/domain-error.ts";
import { TEMPLATE_CATEGORIES, type TemplateCategory } from "../../templates/template-rules.ts";
import {
  type DeskTemplateInput,
  findDeskTemplate,
  TEMPLATE_STATUSES,
} from "../../templates/templates.repo.ts";
import {
  createDeskTemplate,
  duplicateDeskTemplate,
  editDeskTemplate,
  moveDeskTemplate,
  removeDeskTemplate,
  type Who,
} from "../../templates/templates.service.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { notFound } from "../errors.tsx";
import { Notice } from "../layout.tsx";
import { sendFragment, sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { AdminPage, attempt, Csrf, doneMessage, type Message, many } from "./admin.layout.tsx";
import { canEdit, Preview, StatusBadge, StatusMoveForm, TemplateForm } from "./templates.views.tsx";
import { tw } from "./templates.words.ts";

type FormBody = {
  id?: string;
  name?: string;
  language?: string;
  category?: string;
  purpose?: string;
  headerText?: string;
  headerExample?: string;
  body?: string;
  footer?: string;
  button?: string | string[];
  varName?: string | string[];
  varExample?: string | string[];
};

type FormValue = Omit<DeskTemplateInput, "category"> & { category: string };

const line = (v: string | undefined) => (v ?? "").trim();

/** The form as typed; empty buttons and trailing empty variable rows are dropped. */
const readForm = (b: FormBody = {}): FormValue => {
  const names = many(b.varName);
  const examples = many(b.varExample);
  const variables = names.map((name, i) => ({ name: name.trim(), example: (examples[i] ?? "").trim() }));
  while (variables.length > 0 && !variables.at(-1)!.name && !variables.at(-1)!.example) variables.pop();
  const headerText = line(b.headerText);
  const footer = line(b.footer);
  return {
    name: line(b.name),
    language: line(b.language) || "id",
    category: line(b.category),
    purpose: line(b.purpose),
    header: headerText ? { type: "text", text: headerText, example: line(b.headerExample) } : null,
    body: (b.body ?? "").replace(/\r\n?/g, "\n").trim(),
    footer: footer || null,
    buttons: many(b.button)
      .map((text) => text.trim())
      .filter(Boolean)
      .map((text) => ({ type: "quick_reply" as const, text })),
    variables,
  };
};

const checked = (f: FormValue): DeskTemplateInput => {
  if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(f.category))
    throw new DomainError("invalid_category");
  return { ...f, category: f.category as TemplateCategory };
};

const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);
const detailPath = (id: string) => `/desk/admin/templates/office/${id}`;

export const officeTemplatesRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  const db = deps.database.db;
  const reserved = () => new Set(deps.citizen.catalogue.templates.map((t) => t.name));
  const who = (req: FastifyRequest): Who => {
    const user = userOf(req);
    return { officeId: user.officeId, actorId: user.id, now: deps.citizen.now(), ip: req.ip };
  };

  /** The form beside its preview: a new template, an edit, or either re-shown after a refusal. */
  const formPage = (
    reply: FastifyReply,
    user: DeskUser,
    value?: FormValue,
    id?: string,
    m?: Message,
    s = 200,
  ) => {
    const l = user.locale;
    const title = id ? (value?.name ?? tw(l, "edit")) : tw(l, "new_template");
    const input = value ? { ...value, category: value.category as TemplateCategory } : undefined;
    return sendPage(
      reply,
      <AdminPage user={user} deps={deps} tab="templates" title={title} message={m}>
        <p>
          <a href={id ? detailPath(id) : "/desk/admin/templates"}>{tw(l, "back")}</a>
        </p>
        <div class="manage-grid">
          <section class="card">
            <TemplateForm
              user={user}
              action={id ? detailPath(id) : "/desk/admin/templates/office"}
              value={input}
              id={id}
            />
          </section>
          <section class="card" id="template-preview" aria-live="polite">
            {value && <Preview l={l} draft={value} />}
          </section>
        </div>
      </AdminPage>,
      s,
    );
  };

  const detailPage = async (reply: FastifyReply, user: DeskUser, id: string, m?: Message, s = 200) => {
    const l = user.locale;
    const t = await findDeskTemplate(db, user.officeId, id);
    if (!t) throw notFound();
    return sendPage(
      reply,
      <AdminPage user={user} deps={deps} tab="templates" title={`${t.name} · ${t.language}`} message={m}>
        <p>
          <a href="/desk/admin/templates">{tw(l, "back")}</a>
        </p>
        <p>
          <span class="badge">{tw(l, "source_office")}</span> <StatusBadge l={l} status={t.status} />{" "}
          {t.statusNote && (
            <span class="muted">
              {tw(l, "status_note")}: {t.statusNote}
            </span>
          )}
        </p>
        <div class="manage-grid">
          <section class="card">
            <h2>{tw(l, "status")}</h2>
            <StatusMoveForm user={user} t={t} />
            <div class="row-form">
              <form method="post" action={`${detailPath(t.id)}/duplicate`}>
                <Csrf user={user} />
                <button type="submit">{tw(l, "duplicate")}</button>
              </form>
              {t.status === "draft" && (
                <form
                  method="post"
                  action={`${detailPath(t.id)}/delete`}
                  data-confirm={tw(l, "confirm_delete")}
                >
                  <Csrf user={user} />
                  <button type="submit" class="danger">
                    {tw(l, "delete")}
                  </button>
                </form>
              )}
            </div>
          </section>
          <section class="card" id="template-preview" aria-live="polite">
            <Preview l={l} draft={t} />
          </section>
          <section class="card">
            <h2>{tw(l, "edit")}</h2>
            {canEdit(t) ? (
              <TemplateForm user={user} action={detailPath(t.id)} value={t} id={t.id} />
            ) : (
              <Notice kind="empty">{tw(l, "not_editable")}</Notice>
            )}
          </section>
        </div>
      </AdminPage>,
      s,
    );
  };

  /** A change to one template, then back to its page; a refusal re-shows the page with the reason. */
  const act = (
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    run: (w: Who, id: string) => Promise<string>,
  ) => {
    const { id } = req.params;
    if (!isId(id)) throw notFound();
    return attempt(req, reply, {
      words: tw,
      run: () => run(who(req), id),
      back: (m, s) => detailPage(reply, userOf(req), id, m, s),
    });
  };

  app.get("/desk/admin/templates/new", (req, reply) => formPage(reply, userOf(req)));

  app.post<{ Body: FormBody }>("/desk/admin/templates/office", (req, reply) => {
    const form = readForm(req.body);
    return attempt(req, reply, {
      words: tw,
      run: async () => {
        const id = await db.transaction((tx) => createDeskTemplate(tx, who(req), checked(form), reserved()));
        return `${detailPath(id)}?done=created`;
      },
      back: (m, s) => formPage(reply, userOf(req), form, undefined, m, s),
    });
  });

  app.get<{ Params: { id: string } }>("/desk/admin/templates/office/:id", (req, reply) => {
    if (!isId(req.params.id)) throw notFound();
    const user = userOf(req);
    return detailPage(reply, user, req.params.id, doneMessage(tw, user.locale, req.query));
  });

  app.post<{ Params: { id: string }; Body: FormBody }>("/desk/admin/templates/office/:id", (req, reply) => {
    const { id } = req.params;
    if (!isId(id)) throw notFound();
    const form = readForm(req.body);
    return attempt(req, reply, {
      words: tw,
      run: async () => {
        await db.transaction((tx) => editDeskTemplate(tx, who(req), id, checked(form), reserved()));
        return `${detailPath(id)}?done=updated`;
      },
      back: (m, s) => formPage(reply, userOf(req), form, id, m, s),
    });
  });

  app.post<{ Params: { id: string }; Body: { to?: string; note?: string } }>(
    "/desk/admin/templates/office/:id/status",
    (req, reply) =>
      act(req, reply, async (w, id) => {
        const to = req.body?.to ?? "";
        if (!(TEMPLATE_STATUSES as readonly string[]).includes(to)) throw new DomainError("invalid_status");
        await db.transaction((tx) =>
          moveDeskTemplate(tx, w, id, to as (typeof TEMPLATE_STATUSES)[number], req.body?.note ?? ""),
        );
        return `${detailPath(id)}?done=moved`;
      }),
  );

  app.post<{ Params: { id: string } }>("/desk/admin/templates/office/:id/duplicate", (req, reply) =>
    act(req, reply, async (w, id) => {
      const copy = await db.transaction((tx) => duplicateDeskTemplate(tx, w, id));
      return `${detailPath(copy)}?done=duplicated`;
    }),
  );

  app.post<{ Params: { id: string } }>("/desk/admin/templates/office/:id/delete", (req, reply) =>
    act(req, reply, async (w, id) => {
      await db.transaction((tx) => removeDeskTemplate(tx, w, id));
      return "/desk/admin/templates?done=deleted";
    }),
  );

  // The preview: a fragment for htmx as the admin types; the whole form page on a plain submit.
  app.post<{ Body: FormBody }>("/desk/admin/templates/preview", async (req, reply) => {
    const user = userOf(req);
    const form = readForm(req.body);
    const id = req.body?.id && isId(req.body.id) ? req.body.id : undefined;
    if (req.headers["hx-request"] === "true")
      return sendFragment(reply, <Preview l={user.locale} draft={form} />);
    if (id && !(await findDeskTemplate(db, user.officeId, id))) throw notFound();
    return formPage(reply, user, form, id);
  });
};
