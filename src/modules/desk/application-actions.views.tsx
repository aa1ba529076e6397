/**
 * What can be done to the application now (only the buttons the lifecycle table and the holder rules
 * allow; the server checks again), the staff's internal notes, and the full history.
 */
import type { ApplicationStatus } from "../applications/lifecycle.ts";
import type { ApplicationView, HistoryRow } from "./application.service.ts";
import { NOTE_MAX } from "./application.service.ts";
import type { DeskUser, Locale } from "./context.ts";
import { canAct } from "./context.ts";
import { statusLabel } from "./labels.ts";
import { defineWords, formatDateTime } from "./words.ts";

const w = defineWords({
  id: {
    actions: "Tindakan",
    claim: "Ambil untuk diperiksa",
    release: "Lepaskan",
    assign: "Tugaskan ke",
    assignButton: "Tugaskan",
    request_revision: "Minta perbaikan ke warga",
    revisionHint: "Dokumen yang ditolak dikirim kembali ke warga beserta alasannya.",
    start_processing: "Mulai proses di SIAK",
    complete: "Selesaikan",
    resultFiles: "Berkas hasil (PDF)",
    pickup: "Dokumen siap diambil di loket",
    reject: "Tolak permohonan",
    rejectReason: "Alasan penolakan (dibaca warga)",
    confirmReject: "Tolak permohonan ini? Warga akan menerima alasannya.",
    confirmComplete: "Selesaikan permohonan ini dan kirim kabar ke warga?",
    notes: "Catatan internal",
    notesHint: "Hanya terlihat oleh petugas, tidak pernah dikirim ke warga.",
    noNotes: "Belum ada catatan.",
    addNote: "Tambah catatan",
    history: "Riwayat",
    citizen: "Warga",
    system: "Sistem",
    verify_item: "Memeriksa dokumen",
    submit: "Mengajukan",
    resubmit: "Mengirim perbaikan",
    attach_document: "Mengirim dokumen",
    attach_downloaded: "Dokumen selesai diunduh",
    cancel: "Membatalkan",
    expire: "Kedaluwarsa",
    edit_draft: "Mengubah draf",
    accepted: "diterima",
    rejected: "ditolak",
  },
  en: {
    actions: "Actions",
    claim: "Claim for review",
    release: "Release",
    assign: "Assign to",
    assignButton: "Assign",
    request_revision: "Ask the citizen for corrections",
    revisionHint: "The rejected documents go back to the citizen with their reasons.",
    start_processing: "Start processing in SIAK",
    complete: "Complete",
    resultFiles: "Result files (PDF)",
    pickup: "Document ready for pick-up at the counter",
    reject: "Reject the application",
    rejectReason: "Reason (the citizen reads it)",
    confirmReject: "Reject this application? The citizen will receive the reason.",
    confirmComplete: "Complete this application and tell the citizen?",
    notes: "Internal notes",
    notesHint: "Seen by staff only, never sent to the citizen.",
    noNotes: "No notes yet.",
    addNote: "Add note",
    history: "History",
    citizen: "Citizen",
    system: "System",
    verify_item: "Checked a document",
    submit: "Submitted",
    resubmit: "Sent corrections",
    attach_document: "Sent a document",
    attach_downloaded: "Document download finished",
    cancel: "Cancelled",
    expire: "Expired",
    edit_draft: "Edited the draft",
    accepted: "accepted",
    rejected: "rejected",
  },
});

type WordKey = Parameters<typeof w>[1];
const ACTION_WORDS = new Set<string>([
  "claim",
  "release",
  "assign",
  "request_revision",
  "start_processing",
  "complete",
  "reject",
  "verify_item",
  "submit",
  "resubmit",
  "attach_document",
  "attach_downloaded",
  "cancel",
  "expire",
  "edit_draft",
]);
const actionName = (l: Locale, action: string) =>
  ACTION_WORDS.has(action) ? w(l, action as WordKey) : action;

const SimpleAction = ({
  id,
  action,
  l,
  primary,
}: {
  id: string;
  action: WordKey;
  l: Locale;
  primary?: boolean;
}) => (
  <form hx-post={`/desk/applications/${id}/${action.replaceAll("_", "-")}`} hx-target="#detail">
    <button type="submit" class={primary ? "primary" : undefined} data-action={action}>
      {w(l, action)}
    </button>
  </form>
);

const AssignForm = ({ view, l }: { view: ApplicationView; l: Locale }) => (
  <form hx-post={`/desk/applications/${view.application.id}/assign`} hx-target="#detail" class="row">
    <label>
      {w(l, "assign")}
      <select name="operatorId" required>
        {view.assignable.map((o) => (
          <option value={o.id} selected={o.id === view.application.assignedTo}>
            {o.displayName}
          </option>
        ))}
      </select>
    </label>
    <button type="submit" data-action="assign">
      {w(l, "assignButton")}
    </button>
  </form>
);

const CompleteForm = ({ id, l }: { id: string; l: Locale }) => (
  <form
    hx-post={`/desk/applications/${id}/complete`}
    hx-encoding="multipart/form-data"
    hx-target="#detail"
    hx-confirm={w(l, "confirmComplete")}
    class="stack complete-form"
  >
    <label>
      {w(l, "resultFiles")}
      <input type="file" name="result" accept="application/pdf,.pdf" multiple />
    </label>
    <label class="check">
      <input type="checkbox" name="pickup" value="1" /> {w(l, "pickup")}
    </label>
    <button type="submit" class="primary" data-action="complete">
      {w(l, "complete")}
    </button>
  </form>
);

const RejectForm = ({ id, l }: { id: string; l: Locale }) => (
  <form
    hx-post={`/desk/applications/${id}/reject`}
    hx-target="#detail"
    hx-confirm={w(l, "confirmReject")}
    class="stack"
  >
    <label>
      {w(l, "rejectReason")}
      <textarea name="reason" rows={2} maxlength={500} required></textarea>
    </label>
    <button type="submit" class="danger" data-action="reject">
      {w(l, "reject")}
    </button>
  </form>
);

export const ActionBar = ({ view, user }: { view: ApplicationView; user: DeskUser }) => {
  const l = user.locale;
  const id = view.application.id;
  const can = (a: string) => view.actions.includes(a as (typeof view.actions)[number]);
  if (view.actions.length === 0) return null;
  return (
    <section class="actions" aria-label={w(l, "actions")}>
      <div class="action-row">
        {can("claim") && <SimpleAction id={id} action="claim" l={l} primary />}
        {can("start_processing") && <SimpleAction id={id} action="start_processing" l={l} primary />}
        {can("request_revision") && <SimpleAction id={id} action="request_revision" l={l} />}
        {can("release") && <SimpleAction id={id} action="release" l={l} />}
      </div>
      {can("request_revision") && <p class="muted">{w(l, "revisionHint")}</p>}
      {can("assign") && view.assignable.length > 0 && <AssignForm view={view} l={l} />}
      {can("complete") && <CompleteForm id={id} l={l} />}
      {can("reject") && <RejectForm id={id} l={l} />}
    </section>
  );
};

export const Notes = ({ view, user }: { view: ApplicationView; user: DeskUser }) => {
  const l = user.locale;
  return (
    <section class="notes" aria-labelledby="notes-title">
      <h2 id="notes-title">{w(l, "notes")}</h2>
      <p class="muted">{w(l, "notesHint")}</p>
      {view.notes.length === 0 ? (
        <p class="muted">{w(l, "noNotes")}</p>
      ) : (
        <ul class="note-list">
          {view.notes.map((n) => (
            <li>
              <span class="meta">
                {n.authorName} · {formatDateTime(n.createdAt, l)}
              </span>
              <p class="note-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      {canAct(user) && (
        <form hx-post={`/desk/applications/${view.application.id}/notes`} hx-target="#detail" class="stack">
          <textarea
            name="body"
            rows={2}
            maxlength={NOTE_MAX}
            required
            aria-label={w(l, "addNote")}
          ></textarea>
          <button type="submit">{w(l, "addNote")}</button>
        </form>
      )}
    </section>
  );
};

const actorLabel = (l: Locale, e: HistoryRow) =>
  e.actorName ??
  (e.actorKind === "citizen" ? w(l, "citizen") : e.actorKind === "system" ? w(l, "system") : "—");

const detailText = (l: Locale, e: HistoryRow) => {
  const d = e.details ?? {};
  if (e.action === "verify_item" && typeof d.requirementId === "string")
    return `${d.requirementId}: ${d.verdict === "accepted" ? w(l, "accepted") : w(l, "rejected")}`;
  if (
    (e.action === "attach_document" || e.action === "attach_downloaded") &&
    typeof d.requirementId === "string"
  )
    return d.requirementId;
  if (e.action === "request_revision" && Array.isArray(d.items))
    return (d.items as Array<{ requirementId: string; reason: string }>)
      .map((i) => `${i.requirementId}: ${i.reason}`)
      .join("; ");
  if (e.action === "complete" && d.pickup === true) return w(l, "pickup");
  return "";
};

export const History = ({ view, l }: { view: ApplicationView; l: Locale }) => (
  <section class="history" aria-labelledby="history-title">
    <h2 id="history-title">{w(l, "history")}</h2>
    <ol class="events">
      {view.history.map((e) => (
        <li data-event={e.action}>
          <span class="meta">
            {formatDateTime(e.at, l)} · {actorLabel(l, e)}
          </span>{" "}
          <strong>{actionName(l, e.action)}</strong>
          {e.fromStatus !== e.toStatus && (
            <span class="muted">
              {" "}
              ({statusLabel(l, e.fromStatus as ApplicationStatus)} →{" "}
              {statusLabel(l, e.toStatus as ApplicationStatus)})
            </span>
          )}
          {e.reason && <span class="reason"> — {e.reason}</span>}
          {detailText(l, e) && <span class="muted"> · {detailText(l, e)}</span>}
        </li>
      ))}
    </ol>
  </section>
);
