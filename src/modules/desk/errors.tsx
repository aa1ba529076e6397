/**
 * Domain errors mapped to HTTP once, for the whole desk, and said in the operator's language. Unknown and
 * other people's records are both 404: an operator of another service learns nothing of their existence.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { safeError } from "../../platform/http/log-safe.ts";
import { isDomainError } from "../shared/domain-error.ts";
import type { Locale } from "./context.ts";
import { Notice } from "./layout.tsx";
import { sendFragment } from "./respond.ts";
import { common } from "./words.ts";

const TEXT: Record<Locale, Record<string, string>> = {
  id: {
    action_not_allowed:
      "Tindakan ini tidak bisa dilakukan pada status permohonan sekarang. Muat ulang untuk melihat status terbaru.",
    held_by_another: "Permohonan ini sedang dipegang petugas lain.",
    not_claimed: "Ambil permohonan ini dulu sebelum bertindak.",
    reason_required: "Tulis alasannya; warga akan membacanya.",
    items_required: "Pilih setidaknya satu dokumen yang perlu diperbaiki.",
    operator_not_found: "Petugas itu tidak ditemukan di kantor ini.",
    outage_already_open: "Gangguan SIAK sudah dinyatakan dan belum diakhiri.",
    no_open_outage: "Tidak ada gangguan SIAK yang sedang berlangsung.",
    answer_required: "Tulis jawabannya.",
    window_closed: "Jendela 24 jam sudah tertutup; hanya template yang disetujui yang bisa dikirim.",
    template_not_approved: "Template itu belum disetujui Meta.",
    message_required: "Tulis pesannya.",
    message_too_long: "Pesan terlalu panjang (paling banyak 4096 karakter).",
    chat_held_by_another: "Chat ini sedang dipegang petugas lain. Klik Ambil alih bila memang perlu.",
    contact_unreachable: "Nomor WhatsApp warga ini tidak diketahui; pesan tidak bisa dikirim.",
    template_values_required: "Isi semua isian template.",
    file_required: "Unggah berkas PDF hasilnya, atau pilih siap diambil di loket.",
    not_pdf: "Berkas hasil harus PDF.",
    file_too_large: "Berkas terlalu besar (paling besar 100 MB).",
    too_many_files: "Terlalu banyak berkas sekaligus (paling banyak 5).",
    note_required: "Tulis catatannya.",
    note_too_long: "Catatan terlalu panjang (paling banyak 2000 huruf).",
  },
  en: {
    action_not_allowed:
      "This action is not possible in the application's current status. Reload to see the latest.",
    held_by_another: "Another officer holds this application.",
    not_claimed: "Claim this application before acting on it.",
    reason_required: "Write the reason; the citizen will read it.",
    items_required: "Choose at least one document to be corrected.",
    operator_not_found: "That officer is not in this office.",
    outage_already_open: "A SIAK outage is already declared and not yet ended.",
    no_open_outage: "No SIAK outage is going on.",
    answer_required: "Write the answer.",
    window_closed: "The 24-hour window has closed; only approved templates can be sent.",
    template_not_approved: "That template is not approved by Meta.",
    message_required: "Write the message.",
    message_too_long: "The message is too long (4096 characters at most).",
    chat_held_by_another: "Another officer holds this chat. Click Take over if you must.",
    contact_unreachable: "This citizen's WhatsApp number is unknown; no message can be sent.",
    template_values_required: "Fill in every field of the template.",
    file_required: "Upload the result PDF, or choose ready for pick-up at the counter.",
    not_pdf: "The result file must be a PDF.",
    file_too_large: "The file is too large (100 MB at most).",
    too_many_files: "Too many files at once (5 at most).",
    note_required: "Write the note.",
    note_too_long: "The note is too long (2000 characters at most).",
  },
};

const NOT_FOUND = /(_not_found|^not_your_)/;

export const domainErrorText = (l: Locale, code: string) =>
  TEXT[l][code] ?? (NOT_FOUND.test(code) ? common(l, "notFound") : common(l, "errorTitle"));

/** Shown in the page's toast for htmx requests, as the page itself otherwise. */
export const sendError = (req: FastifyRequest, reply: FastifyReply, status: number, text: string) => {
  if (req.headers["hx-request"] === "true")
    reply.header("hx-retarget", "#toast").header("hx-reswap", "innerHTML");
  return sendFragment(reply, <Notice kind="error">{text}</Notice>, status);
};

export const deskErrorHandler = (
  error: Error & { statusCode?: number },
  req: FastifyRequest,
  reply: FastifyReply,
) => {
  const l: Locale = req.deskUser?.locale ?? "id";
  if (isDomainError(error)) {
    const status = NOT_FOUND.test(error.code)
      ? 404
      : error.code === "action_not_allowed" || error.code === "held_by_another"
        ? 409
        : 422;
    return sendError(req, reply, status, domainErrorText(l, error.code));
  }
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) req.log.error({ err: safeError(error) }, "desk request failed");
  const text =
    status === 404
      ? common(l, "notFound")
      : status === 403
        ? common(l, "forbidden")
        : status < 500
          ? error.message
          : common(l, "serverError");
  return sendError(req, reply, status, text);
};

/** Thrown by routes for a record outside the person's services: the same answer as a missing one. */
export const notFound = () => Object.assign(new Error("not found"), { statusCode: 404 });
export const forbidden = () => Object.assign(new Error("forbidden"), { statusCode: 403 });
