/**
 * Admin › Templates: every catalogue template per language with Meta's review status as the admin enters
 * it (Lontar cannot ask Meta). Only approved ones are sent outside the 24-hour window.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { recordAudit } from "../../audit/audit.service.ts";
import { DomainError } from "../../shared/domain-error.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { Notice } from "../layout.tsx";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { defineWords } from "../words.ts";
import { AdminPage, attempt, Csrf, doneMessage, type Message, tabLabel } from "./admin.layout.tsx";
import { listTemplateStatuses, setTemplateStatus } from "./content.repo.ts";

export const TEMPLATE_STATUSES = ["draft", "submitted", "approved", "rejected", "paused"] as const;

const tw = defineWords({
  id: {
    help: "Status review Meta untuk setiap template, diisi admin dari WhatsApp Manager. Hanya template berstatus disetujui yang dipakai di luar jendela 24 jam.",
    empty: "Katalog tidak memuat template.",
    name: "Nama",
    category: "Kategori",
    language: "Bahasa",
    purpose: "Kegunaan",
    body: "Isi",
    variables: "Variabel",
    status: "Status",
    save: "Simpan",
    draft: "Draf",
    submitted: "Diajukan",
    approved: "Disetujui",
    rejected: "Ditolak",
    paused: "Dijeda",
    done_saved: "Status template disimpan.",
    invalid_status: "Pilih status dari daftar.",
  },
  en: {
    help: "Meta's review status of each template, entered by the admin from WhatsApp Manager. Only approved templates are used outside the 24-hour window.",
    empty: "The catalogue has no templates.",
    name: "Name",
    category: "Category",
    language: "Language",
    purpose: "Purpose",
    body: "Body",
    variables: "Variables",
    status: "Status",
    save: "Save",
    draft: "Draft",
    submitted: "Submitted",
    approved: "Approved",
    rejected: "Rejected",
    paused: "Paused",
    done_saved: "Template status saved.",
    invalid_status: "Choose a status from the list.",
  },
});

type Row = {
  name: string;
  category: string;
  language: string;
  purpose: string;
  body: string;
  variables: string[];
};

/** One row per template and language: the Indonesian original and any translation. */
const templateRows = (deps: DeskDeps): Row[] =>
  deps.citizen.catalogue.templates.flatMap((t) => {
    const base = {
      name: t.name,
      category: t.category,
      purpose: t.purpose,
      variables: t.variables.map((v) => v.name),
    };
    const rows: Row[] = [{ ...base, language: t.language, body: t.body }];
    if (t.translations?.en) rows.push({ ...base, language: "en", body: t.translations.en.body });
    return rows;
  });

const StatusForm = ({ user, row, status }: { user: DeskUser; row: Row; status: string }) => {
  const l = user.locale;
  const id = `st-${row.name}-${row.language}`;
  return (
    <form method="post" action="/desk/admin/templates" class="row-form">
      <Csrf user={user} />
      <input type="hidden" name="name" value={row.name} />
      <input type="hidden" name="language" value={row.language} />
      <label for={id} class="sr-only">
        {tw(l, "status")} {row.name} ({row.language})
      </label>
      <select id={id} name="status">
        {TEMPLATE_STATUSES.map((s) => (
          <option value={s} selected={s === status}>
            {tw(l, s)}
          </option>
        ))}
      </select>
      <button type="submit">{tw(l, "save")}</button>
    </form>
  );
};

export const templatesRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  const db = deps.database.db;
  const page = async (reply: FastifyReply, user: DeskUser, message?: Message, status = 200) => {
    const l = user.locale;
    const statuses = new Map(
      (await listTemplateStatuses(db, user.officeId)).map((s) => [`${s.name}:${s.language}`, s.status]),
    );
    const rows = templateRows(deps);
    return sendPage(
      reply,
      <AdminPage user={user} deps={deps} tab="templates" title={tabLabel(l, "templates")} message={message}>
        <Notice kind="empty">{tw(l, "help")}</Notice>
        {rows.length === 0 ? (
          <Notice kind="empty">{tw(l, "empty")}</Notice>
        ) : (
          <section class="card manage-section">
            <table>
              <thead>
                <tr>
                  <th scope="col">{tw(l, "name")}</th>
                  <th scope="col">{tw(l, "body")}</th>
                  <th scope="col">{tw(l, "variables")}</th>
                  <th scope="col">{tw(l, "status")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr data-template={`${r.name}:${r.language}`}>
                    <td>
                      <strong>{r.name}</strong>
                      <div class="muted">
                        {r.category} · {r.language}
                      </div>
                      <div class="muted">{r.purpose}</div>
                    </td>
                    <td>
                      <pre class="body">{r.body}</pre>
                    </td>
                    <td>{r.variables.map((v, i) => `{{${i + 1}}} ${v}`).join(", ") || "—"}</td>
                    <td>
                      <StatusForm
                        user={user}
                        row={r}
                        status={statuses.get(`${r.name}:${r.language}`) ?? "draft"}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </AdminPage>,
      status,
    );
  };

  app.get("/desk/admin/templates", (req, reply) =>
    page(reply, userOf(req), doneMessage(tw, userOf(req).locale, req.query)),
  );

  app.post<{ Body: { name?: string; language?: string; status?: string } }>(
    "/desk/admin/templates",
    (req, reply) => {
      const user = userOf(req);
      const { name = "", language = "", status = "" } = req.body ?? {};
      return attempt(req, reply, {
        words: tw,
        run: async () => {
          if (!templateRows(deps).some((r) => r.name === name && r.language === language))
            throw new DomainError("template_not_found");
          if (!(TEMPLATE_STATUSES as readonly string[]).includes(status))
            throw new DomainError("invalid_status");
          await db.transaction(async (tx) => {
            await setTemplateStatus(tx, {
              officeId: user.officeId,
              name,
              language,
              status,
              by: user.id,
              now: deps.citizen.now(),
            });
            await recordAudit(tx, {
              officeId: user.officeId,
              actorId: user.id,
              action: "template.status",
              subjectType: "template",
              subjectId: `${name}:${language}`,
              details: { status },
            });
          });
          return "/desk/admin/templates?done=saved";
        },
        back: (m, s) => page(reply, user, m, s),
      });
    },
  );
};
