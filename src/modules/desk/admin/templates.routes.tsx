/**
 * Admin › Templates: the registry of every template Lontar may send. The catalogue's own templates (per
 * language) with Meta's review status as the admin enters it (Lontar cannot ask Meta), and the office's
 * templates written in the desk (office-templates.routes.tsx). Every row shows what Meta's rules find.
 * Only approved ones are sent outside the 24-hour window.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { recordAudit } from "../../audit/audit.service.ts";
import { catalogueTemplateDraft } from "../../catalogue/checks.ts";
import { DomainError } from "../../shared/domain-error.ts";
import { checkTemplate } from "../../templates/template-rules.ts";
import { listDeskTemplates, TEMPLATE_STATUSES } from "../../templates/templates.repo.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { Notice } from "../layout.tsx";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { AdminPage, attempt, doneMessage, type Message, tabLabel } from "./admin.layout.tsx";
import { listTemplateStatuses, setTemplateStatus } from "./content.repo.ts";
import { officeTemplatesRoutes } from "./office-templates.routes.tsx";
import { tw } from "./templates.words.ts";
import { type RegistryRow, RegistryTable } from "./templates-registry.views.tsx";

export { TEMPLATE_STATUSES };

/** One row per catalogue template and language: the Indonesian original and any translation. */
const systemRows = (deps: DeskDeps, statuses: Map<string, string>): RegistryRow[] =>
  deps.citizen.catalogue.templates.flatMap((t) =>
    (["id", "en"] as const)
      .filter((lang) => lang === "id" || t.translations?.en)
      .map((lang) => {
        const draft = catalogueTemplateDraft(t, lang);
        return {
          source: "system" as const,
          name: t.name,
          language: draft.language,
          category: draft.category,
          purpose: t.purpose,
          body: draft.body,
          variables: t.variables,
          status: statuses.get(`${t.name}:${draft.language}`) ?? "draft",
          problems: checkTemplate(draft),
        };
      }),
  );

export const templatesRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  const db = deps.database.db;
  const page = async (reply: FastifyReply, user: DeskUser, message?: Message, status = 200) => {
    const l = user.locale;
    const statuses = new Map(
      (await listTemplateStatuses(db, user.officeId)).map((s) => [`${s.name}:${s.language}`, s.status]),
    );
    const office: RegistryRow[] = (await listDeskTemplates(db, user.officeId)).map((t) => ({
      source: "office",
      ...t,
      problems: checkTemplate(t),
    }));
    return sendPage(
      reply,
      <AdminPage user={user} deps={deps} tab="templates" title={tabLabel(l, "templates")} message={message}>
        <Notice kind="empty">{tw(l, "help")}</Notice>
        <Notice kind="empty">{tw(l, "help_office")}</Notice>
        <form method="get" action="/desk/admin/templates/new" class="row-form">
          <button type="submit" class="primary">
            {tw(l, "new_template")}
          </button>
        </form>
        <RegistryTable user={user} rows={[...systemRows(deps, statuses), ...office]} />
      </AdminPage>,
      status,
    );
  };

  app.get("/desk/admin/templates", (req, reply) =>
    page(reply, userOf(req), doneMessage(tw, userOf(req).locale, req.query)),
  );

  // The catalogue templates' status: free to set, since the admin copies it from WhatsApp Manager.
  app.post<{ Body: { name?: string; language?: string; status?: string } }>(
    "/desk/admin/templates",
    (req, reply) => {
      const user = userOf(req);
      const { name = "", language = "", status = "" } = req.body ?? {};
      return attempt(req, reply, {
        words: tw,
        run: async () => {
          const known = deps.citizen.catalogue.templates.some(
            (t) => t.name === name && (language === t.language || (language === "en" && t.translations?.en)),
          );
          if (!known) throw new DomainError("template_not_found");
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

  await app.register(officeTemplatesRoutes(deps));
};
