/** GET /desk/admin and its sections, for admins only: everyone else gets 403 on every route, GET or POST. */
import type { FastifyInstance } from "fastify";
import type { DeskDeps } from "../context.ts";
import { forbidden } from "../errors.tsx";
import { pw } from "../privacy/privacy.words.ts";
import { sendPage } from "../respond.ts";
import { userOf } from "../session.ts";
import { defineWords } from "../words.ts";
import { ADMIN_TABS, AdminPage, tabLabel } from "./admin.layout.tsx";
import { auditRoutes } from "./audit.routes.tsx";
import { calendarRoutes } from "./calendar.routes.tsx";
import { cannedRoutes } from "./canned.routes.tsx";
import { catalogueRoutes } from "./catalogue.routes.tsx";
import { numbersRoutes } from "./numbers.routes.tsx";
import { storageRoutes } from "./storage.routes.tsx";
import { templatesRoutes } from "./templates.routes.tsx";
import { usersRoutes } from "./users.routes.tsx";

const aw = defineWords({
  id: {
    users: "Buat akun, atur peran dan layanan, buka kunci, atur ulang kata sandi, akhiri sesi.",
    numbers: "Nomor WhatsApp kantor dan layanan yang dilayani tiap nomor.",
    canned: "Balasan siap pakai untuk petugas.",
    templates: "Template pesan dan status persetujuannya di Meta.",
    calendar: "Jam layanan dan hari libur untuk menghitung SLA.",
    catalogue: "Katalog layanan yang sedang dimuat (hanya baca).",
    storage: "Ruang terpakai per layanan dan jadwal penghapusan file (retensi).",
    audit: "Jejak audit: siapa melihat, membuka, atau mengubah apa; ekspor CSV.",
  },
  en: {
    users: "Create accounts, set roles and services, unlock, reset passwords, end sessions.",
    numbers: "The office's WhatsApp numbers and the services each one serves.",
    canned: "Ready answers for officers.",
    templates: "Message templates and their approval status at Meta.",
    calendar: "Service hours and holidays that SLA due times count.",
    catalogue: "The service catalogue now loaded (read only).",
    storage: "Space used per service and the file deletion (retention) schedule.",
    audit: "The audit trail: who viewed, revealed or changed what; CSV export.",
  },
});

export const adminRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  // Registered before the sections, so it guards every one of them.
  app.addHook("preHandler", async (req) => {
    if (userOf(req).role !== "admin") throw forbidden();
  });

  app.get("/desk/admin", async (req, reply) => {
    const user = userOf(req);
    const l = user.locale;
    return sendPage(
      reply,
      <AdminPage user={user} deps={deps} title={tabLabel(l, "title")}>
        <div class="manage-grid">
          {ADMIN_TABS.map((t) => (
            <section class="card">
              <h2>
                <a href={`/desk/admin/${t}`}>{tabLabel(l, t)}</a>
              </h2>
              <p>{aw(l, t)}</p>
            </section>
          ))}
          <section class="card">
            <h2>
              <a href="/desk/admin/privacy">{pw(l, "title")}</a>
            </h2>
            <p>{pw(l, "intro")}</p>
            <p>
              <a href="/desk/admin/breach">{pw(l, "breachLink")}</a>
            </p>
          </section>
        </div>
      </AdminPage>,
    );
  });

  await app.register(usersRoutes(deps));
  await app.register(numbersRoutes(deps));
  await app.register(cannedRoutes(deps));
  await app.register(templatesRoutes(deps));
  await app.register(calendarRoutes(deps));
  await app.register(catalogueRoutes(deps));
  await app.register(storageRoutes(deps));
  await app.register(auditRoutes(deps));
};
