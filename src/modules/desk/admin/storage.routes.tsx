/**
 * Admin › Storage: the bytes stored per service and per kind of file no application uses, with the rule that
 * deletes each, and what the retention purge will delete on which day.
 */
import type { FastifyInstance } from "fastify";
import { purgeSchedule, storedBytesByService } from "../../retention/retention.repo.ts";
import { retentionPolicy } from "../../retention/retention.service.ts";
import type { FileGroup } from "../../retention/unlinked.repo.ts";
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
    help: "File dokumen, hasil, dan tanda terima dihapus otomatis setelah permohonan selesai ditambah masa retensi layanannya; catatan permohonan tetap disimpan. File yang tidak dipakai permohonan dihapus sekian hari sejak disimpan; foto pengaduan disimpan selama pengaduannya terbuka dan dihapus sekian hari setelah ditutup.",
    total: "Terpakai",
    files: "File",
    size: "Ukuran",
    byService: "Per layanan dan jenis file",
    service: "Layanan / jenis",
    retention: "Retensi (hari)",
    from: "Dihitung sejak",
    schedule: "Akan dihapus dalam 30 hari",
    date: "Tanggal",
    kind: "Jenis file",
    nothing: "Tidak ada file yang akan dihapus dalam 30 hari.",
    empty: "Belum ada file tersimpan.",
    application: "Berkas permohonan",
    chat: "File chat (tidak dipakai permohonan)",
    complaint: "Foto pengaduan",
    data_copy: "Salinan data pribadi",
    other: "File lain yang tidak dipakai",
    fromClosed: "permohonan selesai",
    fromStored: "file disimpan",
    fromComplaint: "pengaduan ditutup",
  },
  en: {
    help: "Document, result and receipt files are deleted automatically once an application has ended plus its service's retention; the application records are kept. Files no application uses are deleted a number of days after they were stored; a complaint's photos are kept while it is open and deleted a number of days after it closes.",
    total: "In use",
    files: "Files",
    size: "Size",
    byService: "By service and kind of file",
    service: "Service / kind",
    retention: "Retention (days)",
    from: "Counted from",
    schedule: "To be deleted in the next 30 days",
    date: "Date",
    kind: "Kind of file",
    nothing: "Nothing will be deleted in the next 30 days.",
    empty: "No files stored yet.",
    application: "Application files",
    chat: "Chat files (not used by an application)",
    complaint: "Complaint photos",
    data_copy: "Personal data copies",
    other: "Other unused files",
    fromClosed: "the application ended",
    fromStored: "the file was stored",
    fromComplaint: "the complaint closed",
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
    const policy = retentionPolicy(catalogue, deps.retentionDays ?? 30, deps.retentionUnlinked);
    const unlinked = policy.unlinked!;
    // Retention days and what they count from, per group of files no application uses.
    const groupRule: Record<Exclude<FileGroup, "application">, [number, "fromStored" | "fromComplaint"]> = {
      chat: [unlinked.chatDays, "fromStored"],
      complaint: [unlinked.complaintDays, "fromComplaint"],
      data_copy: [unlinked.dataCopyDays, "fromStored"],
      other: [unlinked.chatDays, "fromStored"],
    };
    const now = deps.citizen.now();
    const db = deps.database.db;
    const byService = await storedBytesByService(db, { policy, officeId: user.officeId });
    const schedule = await purgeSchedule(db, {
      policy,
      officeId: user.officeId,
      now,
      until: new Date(now.getTime() + SCHEDULE_DAYS * DAY_MS),
    });
    const serviceName = (code: string) => catalogue.services.find((s) => s.code === code)?.names[l] ?? code;
    const rowName = (r: { service_code: string; grp: FileGroup }) =>
      r.grp === "application" ? serviceName(r.service_code) : sw(l, r.grp);
    const rule = (r: { service_code: string; grp: FileGroup }): [number, string] =>
      r.grp === "application"
        ? [policy.days[r.service_code] ?? policy.defaultDays, sw(l, "fromClosed")]
        : [groupRule[r.grp][0], sw(l, groupRule[r.grp][1])];
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
                  <th>{sw(l, "from")}</th>
                </tr>
              </thead>
              <tbody>
                {byService.map((r) => (
                  <tr>
                    <td>{rowName(r)}</td>
                    <td>{r.files}</td>
                    <td>{formatBytes(r.bytes, l)}</td>
                    <td>{rule(r)[0]}</td>
                    <td>{rule(r)[1]}</td>
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
                  <th>{sw(l, "kind")}</th>
                  <th>{sw(l, "files")}</th>
                  <th>{sw(l, "size")}</th>
                </tr>
              </thead>
              <tbody>
                {schedule.map((r) => (
                  <tr>
                    <td>{formatDay(r.day, l)}</td>
                    <td>{sw(l, r.grp)}</td>
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
