/**
 * The requirement checklist: every document the service asks for, its pages shown inline (images with
 * zoom and rotate, PDFs in a frame), and the verdict buttons for the operator who holds the application.
 */

import type { BlobInfo } from "./application.repo.ts";
import type { ApplicationView, ChecklistRow } from "./application.service.ts";
import type { DeskUser, Locale } from "./context.ts";
import { REJECT_REASONS, reasonsFor } from "./reject-reasons.ts";
import { defineWords } from "./words.ts";

const w = defineWords({
  id: {
    title: "Persyaratan",
    none: "Layanan ini tidak meminta dokumen.",
    required: "Wajib",
    optional: "Tidak wajib",
    alternative: "Salah satu",
    unknown: "Di luar katalog",
    pending: "Belum diperiksa",
    accepted: "Diterima",
    rejected: "Ditolak",
    notSent: "Belum dikirim",
    reason: "Alasan",
    page: "halaman {n}",
    zoomIn: "Perbesar",
    zoomOut: "Perkecil",
    rotate: "Putar",
    reset: "Ukuran asli",
    open: "Buka PDF di tab baru",
    download: "Buka berkas ({type})",
    accept: "Terima",
    reject: "Tolak",
    preset: "Alasan penolakan",
    pick: "Pilih alasan…",
    free: "Atau tulis alasan sendiri",
    results: "Berkas hasil",
  },
  en: {
    title: "Requirements",
    none: "This service asks for no documents.",
    required: "Required",
    optional: "Optional",
    alternative: "One of",
    unknown: "Not in the catalogue",
    pending: "Not checked yet",
    accepted: "Accepted",
    rejected: "Rejected",
    notSent: "Not sent",
    reason: "Reason",
    page: "page {n}",
    zoomIn: "Zoom in",
    zoomOut: "Zoom out",
    rotate: "Rotate",
    reset: "Original size",
    open: "Open the PDF in a new tab",
    download: "Open the file ({type})",
    accept: "Accept",
    reject: "Reject",
    preset: "Reason for rejecting",
    pick: "Choose a reason…",
    free: "Or write your own reason",
    results: "Result files",
  },
});

const fileUrl = (id: string) => `/desk/files/${id}`;

const ImagePage = ({ page, alt, l }: { page: BlobInfo; alt: string; l: Locale }) => (
  <figure class="page page-image" data-viewer-root>
    <div class="page-frame">
      <img src={fileUrl(page.id)} alt={alt} loading="lazy" />
    </div>
    <figcaption class="viewer-tools">
      <button type="button" data-viewer="zoom-in" aria-label={w(l, "zoomIn")}>
        +
      </button>
      <button type="button" data-viewer="zoom-out" aria-label={w(l, "zoomOut")}>
        −
      </button>
      <button type="button" data-viewer="rotate" aria-label={w(l, "rotate")}>
        ⟳
      </button>
      <button type="button" data-viewer="reset">
        {w(l, "reset")}
      </button>
      <span class="muted">{alt}</span>
    </figcaption>
  </figure>
);

const PdfPage = ({ page, title, l }: { page: BlobInfo; title: string; l: Locale }) => (
  <figure class="page page-pdf">
    <iframe src={fileUrl(page.id)} title={title} loading="lazy"></iframe>
    <figcaption>
      <a href={fileUrl(page.id)} target="_blank" rel="noopener">
        {w(l, "open")}
      </a>{" "}
      <span class="muted">{title}</span>
    </figcaption>
  </figure>
);

export const FilePreview = ({ page, label, l }: { page: BlobInfo; label: string; l: Locale }) =>
  page.mimeType.startsWith("image/") ? (
    <ImagePage page={page} alt={label} l={l} />
  ) : page.mimeType === "application/pdf" ? (
    <PdfPage page={page} title={label} l={l} />
  ) : (
    <p class="page page-other">
      <a href={fileUrl(page.id)} target="_blank" rel="noopener">
        {w(l, "download", { type: page.mimeType })}
      </a>
    </p>
  );

const VerifyForms = ({ row, view, l }: { row: ChecklistRow; view: ApplicationView; l: Locale }) => {
  const base = `/desk/applications/${view.application.id}/items/${row.requirementId}`;
  return (
    <div class="verify">
      {row.pages.length > 0 && row.item?.verification !== "accepted" && (
        <form hx-post={`${base}/accept`} hx-target="#detail">
          <button type="submit" class="primary">
            {w(l, "accept")}
          </button>
        </form>
      )}
      <form hx-post={`${base}/reject`} hx-target="#detail" class="reject-form">
        <label>
          {w(l, "preset")}
          <select name="preset">
            <option value="">{w(l, "pick")}</option>
            {reasonsFor(row.kind, row.pages.length > 0).map((key) => (
              <option value={key}>{REJECT_REASONS[key][l]}</option>
            ))}
          </select>
        </label>
        <label>
          {w(l, "free")}
          <input name="reason" maxlength={300} autocomplete="off" />
        </label>
        <button type="submit" class="danger">
          {w(l, "reject")}
        </button>
      </form>
    </div>
  );
};

const verdictOf = (row: ChecklistRow) =>
  row.item?.verification === "accepted" || row.item?.verification === "rejected"
    ? row.item.verification
    : row.pages.length > 0
      ? "pending"
      : "notSent";

const RequirementRow = ({ row, view, l }: { row: ChecklistRow; view: ApplicationView; l: Locale }) => {
  const verdict = verdictOf(row);
  return (
    <li class={`req v-${verdict}`} id={`req-${row.requirementId}`} data-requirement={row.requirementId}>
      <h3>
        {row.label} <span class="presence">{w(l, row.presence)}</span>{" "}
        <span class={`verdict v-${verdict}`}>{w(l, verdict)}</span>
      </h3>
      {row.item?.rejectionReason && (
        <p class="reason">
          {w(l, "reason")}: {row.item.rejectionReason}
        </p>
      )}
      {row.pages.length > 0 && (
        <div class="pages">
          {row.pages.map((page, i) => (
            <FilePreview page={page} label={`${row.label} — ${w(l, "page", { n: i + 1 })}`} l={l} />
          ))}
        </div>
      )}
      {view.canVerify && <VerifyForms row={row} view={view} l={l} />}
    </li>
  );
};

export const Checklist = ({ view, user }: { view: ApplicationView; user: DeskUser }) => {
  const l = user.locale;
  return (
    <section class="checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{w(l, "title")}</h2>
      {view.checklist.length === 0 ? (
        <p class="muted">{w(l, "none")}</p>
      ) : (
        <ol class="reqs">
          {view.checklist.map((row) => (
            <RequirementRow row={row} view={view} l={l} />
          ))}
        </ol>
      )}
    </section>
  );
};

export const ResultFiles = ({ view, l }: { view: ApplicationView; l: Locale }) =>
  view.results.length === 0 ? null : (
    <section class="results" aria-labelledby="results-title">
      <h2 id="results-title">{w(l, "results")}</h2>
      <div class="pages">
        {view.results.map((page, i) => (
          <FilePreview page={page} label={`${view.application.trackingNumber ?? ""} (${i + 1})`} l={l} />
        ))}
      </div>
    </section>
  );
