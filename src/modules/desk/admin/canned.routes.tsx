/** Admin › Canned responses: ready answers for the reply box; {nama} and {nomor} are filled in per chat. */
import type { FastifyInstance, FastifyReply } from "fastify";
import { recordAudit } from "../../audit/audit.service.ts";
import { DomainError } from "../../shared/domain-error.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { type CannedResponse, listCanned } from "../conversation.repo.ts";
import { notFound } from "../errors.tsx";
import { Notice } from "../layout.tsx";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { defineWords } from "../words.ts";
import { AdminPage, attempt, Csrf, doneMessage, type Message, tabLabel } from "./admin.layout.tsx";
import { deleteCanned, saveCanned } from "./content.repo.ts";

const kw = defineWords({
  id: {
    help: "Petugas menyisipkan balasan ini di kotak balasan. {nama} diganti nama pemohon dan {nomor} nomor permohonan terakhir warga itu; yang tidak diketahui dibiarkan agar petugas mengisinya.",
    empty: "Belum ada balasan cepat.",
    title: "Judul",
    body: "Isi",
    locale: "Bahasa",
    save: "Simpan",
    delete: "Hapus",
    confirmDelete: "Hapus balasan cepat ini?",
    add: "Tambah balasan cepat",
    done_saved: "Balasan cepat disimpan.",
    done_deleted: "Balasan cepat dihapus.",
    title_taken: "Judul itu sudah dipakai.",
    canned_incomplete: "Tulis judul dan isinya.",
  },
  en: {
    help: "Officers insert these in the reply box. {nama} becomes the applicant's name and {nomor} the citizen's latest tracking number; unknown ones are left for the officer to fill in.",
    empty: "No canned responses yet.",
    title: "Title",
    body: "Text",
    locale: "Language",
    save: "Save",
    delete: "Delete",
    confirmDelete: "Delete this canned response?",
    add: "Add a canned response",
    done_saved: "Canned response saved.",
    done_deleted: "Canned response deleted.",
    title_taken: "That title is taken.",
    canned_incomplete: "Write a title and the text.",
  },
});

const CannedForm = ({ user, c }: { user: DeskUser; c?: CannedResponse }) => {
  const l = user.locale;
  const action = c ? `/desk/admin/canned/${c.id}` : "/desk/admin/canned";
  return (
    <form method="post" action={action} class="stack" aria-label={c ? c.title : kw(l, "add")}>
      <Csrf user={user} />
      <label>
        {kw(l, "title")}
        <input name="title" value={c?.title ?? ""} required maxlength={80} />
      </label>
      <label>
        {kw(l, "body")}
        <textarea name="body" rows={3} required maxlength={1000}>
          {c?.body ?? ""}
        </textarea>
      </label>
      <label>
        {kw(l, "locale")}
        <select name="locale">
          <option value="id" selected={c?.locale !== "en"}>
            Bahasa Indonesia
          </option>
          <option value="en" selected={c?.locale === "en"}>
            English
          </option>
        </select>
      </label>
      <button type="submit" class={c ? undefined : "primary"}>
        {kw(l, "save")}
      </button>
    </form>
  );
};

export const cannedRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  const db = deps.database.db;
  const page = async (reply: FastifyReply, user: DeskUser, message?: Message, status = 200) => {
    const l = user.locale;
    const list = await listCanned(db, user.officeId);
    return sendPage(
      reply,
      <AdminPage user={user} deps={deps} tab="canned" title={tabLabel(l, "canned")} message={message}>
        <Notice kind="empty">{kw(l, "help")}</Notice>
        {list.length === 0 && <Notice kind="empty">{kw(l, "empty")}</Notice>}
        <div class="manage-grid">
          {list.map((c) => (
            <section class="card" data-canned={c.title}>
              <CannedForm user={user} c={c} />
              <form
                method="post"
                action={`/desk/admin/canned/${c.id}/delete`}
                data-confirm={kw(l, "confirmDelete")}
              >
                <Csrf user={user} />
                <button type="submit" class="danger">
                  {kw(l, "delete")}
                </button>
              </form>
            </section>
          ))}
          <section class="card">
            <h2>{kw(l, "add")}</h2>
            <CannedForm user={user} />
          </section>
        </div>
      </AdminPage>,
      status,
    );
  };

  type Body = { title?: string; body?: string; locale?: string };
  const save = (id?: string) => async (req: { deskUser: DeskUser | null; body: Body }) => {
    const user = req.deskUser!;
    const title = req.body?.title?.trim().slice(0, 80) ?? "";
    const body = req.body?.body?.trim().slice(0, 1000) ?? "";
    if (!title || !body) throw new DomainError("canned_incomplete");
    const locale = req.body?.locale === "en" ? "en" : "id";
    await db.transaction(async (tx) => {
      const r = await saveCanned(tx, {
        officeId: user.officeId,
        id,
        title,
        body,
        locale,
        now: deps.citizen.now(),
      });
      if (r === "missing") throw new DomainError("canned_not_found");
      if (r === "title_taken") throw new DomainError("title_taken");
      await recordAudit(tx, {
        officeId: user.officeId,
        actorId: user.id,
        action: "canned.save",
        subjectType: "canned",
        subjectId: id ?? title,
      });
    });
    return "/desk/admin/canned?done=saved";
  };
  const isId = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

  app.get("/desk/admin/canned", (req, reply) =>
    page(reply, userOf(req), doneMessage(kw, userOf(req).locale, req.query)),
  );
  app.post<{ Body: Body }>("/desk/admin/canned", (req, reply) =>
    attempt(req, reply, {
      words: kw,
      run: () => save()(req),
      back: (m, s) => page(reply, userOf(req), m, s),
    }),
  );
  app.post<{ Params: { id: string }; Body: Body }>("/desk/admin/canned/:id", (req, reply) => {
    if (!isId(req.params.id)) throw notFound();
    return attempt(req, reply, {
      words: kw,
      run: () => save(req.params.id)(req),
      back: (m, s) => page(reply, userOf(req), m, s),
    });
  });
  app.post<{ Params: { id: string } }>("/desk/admin/canned/:id/delete", (req, reply) => {
    const user = userOf(req);
    if (!isId(req.params.id)) throw notFound();
    return attempt(req, reply, {
      words: kw,
      run: async () => {
        await db.transaction(async (tx) => {
          if (!(await deleteCanned(tx, user.officeId, req.params.id)))
            throw new DomainError("canned_not_found");
          await recordAudit(tx, {
            officeId: user.officeId,
            actorId: user.id,
            action: "canned.delete",
            subjectType: "canned",
            subjectId: req.params.id,
          });
        });
        return "/desk/admin/canned?done=deleted";
      },
      back: (m, s) => page(reply, user, m, s),
    });
  });
};
