/** Admin › Storage: the bytes stored per service, and what the retention purge will delete on which day. */
import type { FastifyInstance } from "fastify";
import { purgeSchedule, storedBytesByService } from "../../retention/retention.repo.ts";
import { retentionPolicy } from "../../retention/retention.service.ts";
import type { DeskDeps, Locale } from "../context.ts";
import { Notice } from "../layout.tsx";
import { sendPage } from "../respond.ts";
import { formatBytes } from "../retention.words.ts";
import { userOf } from "../session.ts";
import { defineWords } from "../words.ts";
import { AdminPage, tabLabel } from "./admin.layout.tsx";

const DAY_MS = 86_400_000;
const SCHEDULE_DAYS = 30;

const sw = defineWords({
  id: {
    help: "File dokumen, hasil, dan tanda terima dihapus otomatis setelah permohonan selesai ditambah masa retensi layanannya; catatan permohonan tetap disimpan.",
    total: "Terpakai",
    files: "File",
    size: "Ukuran",
    byService: "Per layanan",
    service: "Layanan",
    retention: "Retensi (hari)",
    other: "Lainnya (media chat, pengaduan)",
    schedule: "Akan dihapus dalam 30 hari",
    date: "Tanggal",
    nothing: "Tidak ada file yang akan dihapus dalam 30 hari.",
    empty: "Belum ada file tersimpan.",
  },
  en: {
    help: "Document, result and receipt files are deleted automatically once an application has ended plus its service's retention; the application records are kept.",
    total: "In use",
    files: "Files",
    size: "Size",
    byService: "By service",
    service: "Service",
    retention: "Retention (days)",
    other: "Other (chat media, complaints)",
    schedule: "To be deleted in the next 30 days",
    date: "Date",
    nothing: "Nothing will be deleted in the next 30 days.",
    empty: "No files stored yet.",
  },
});

const formatDay = (day: string, l: Locale) =>
  new Intl.DateTimeFormat(l === "id" ? "id-ID" : "en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));

export const storageRoutes = (deps: DeskDeps) => async (app: FastifyInstance) => {
  app.get("/desk/admin/storage", async (req, reply) => {
    const user = userOf(req);
    const l = user.locale;
    const { catalogue } = deps.citizen;
    const policy = retentionPolicy(catalogue, deps.retentionDays ?? 30);
    const now = deps.citizen.now();
    const db = deps.database.db;
    const byService = await storedBytesByService(db, { policy, officeId: user.officeId });
    const schedule = await purgeSchedule(db, {
      policy,
      officeId: user.officeId,
      now,
      until: new Date(now.getTime() + SCHEDULE_DAYS * DAY_MS),
    });
    const serviceName = (code: string) =>
      code ? (catalogue.services.find((s) => s.code === code)?.names[l] ?? code) : sw(l, "other");
    const total = byService.reduce((t, r) => ({ files: t.files + r.files, bytes: t.bytes + r.bytes }), {
      files: 0,
      bytes: 0,
    });
    return sendPage(
      reply,
      <AdminPage user={user} deps={deps} tab="storage" title={tabLabel(l, "storage")}>
        <p class="muted">{sw(l, "help")}</p>
        <section class="manage-section">
          <h2>
            {sw(l, "total")}: {formatBytes(total.bytes, l)} ({total.files} {sw(l, "files").toLowerCase()})
          </h2>
          <h3>{sw(l, "byService")}</h3>
          {byService.length === 0 ? (
            <Notice kind="empty">{sw(l, "empty")}</Notice>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{sw(l, "service")}</th>
                  <th>{sw(l, "files")}</th>
                  <th>{sw(l, "size")}</th>
                  <th>{sw(l, "retention")}</th>
                </tr>
              </thead>
              <tbody>
                {byService.map((r) => (
                  <tr>
                    <td>{serviceName(r.service_code)}</td>
                    <td>{r.files}</td>
                    <td>{formatBytes(r.bytes, l)}</td>
                    <td>{r.service_code ? (policy.days[r.service_code] ?? policy.defaultDays) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="manage-section">
          <h2>{sw(l, "schedule")}</h2>
          {schedule.length === 0 ? (
            <Notice kind="empty">{sw(l, "nothing")}</Notice>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{sw(l, "date")}</th>
                  <th>{sw(l, "files")}</th>
                  <th>{sw(l, "size")}</th>
                </tr>
              </thead>
              <tbody>
                {schedule.map((r) => (
                  <tr>
                    <td>{formatDay(r.day, l)}</td>
                    <td>{r.files}</td>
                    <td>{formatBytes(r.bytes, l)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </AdminPage>,
    );
  });
};
