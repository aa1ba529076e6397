/**
 * The open application in the right column: who asked for what, the clock, the documents, what can be done
 * now, notes and history. Rendered whole after every action, so what the operator sees is what is stored.
 */
import type { ApplicationFlag, ApplicationStatus, Relationship } from "../applications/lifecycle.ts";
import { isTerminal } from "../applications/lifecycle.ts";
import type { SlaStatus } from "../sla/sla.ts";
import type { ApplicationView } from "./application.service.ts";
import { ActionBar, History, Notes } from "./application-actions.views.tsx";
import { Checklist, ResultFiles } from "./application-items.views.tsx";
import type { DeskUser, Locale } from "./context.ts";
import { canAct } from "./context.ts";
import { flagLabel, statusLabel } from "./labels.ts";
import { defineWords, formatDateTime } from "./words.ts";

const w = defineWords({
  id: {
    applicant: "Pemohon",
    relationship: "Hubungan dengan yang diurus",
    nik: "NIK yang diurus",
    noNik: "tidak diisi",
    reveal: "Tampilkan NIK",
    holder: "Dipegang",
    nobody: "belum ada",
    submitted: "Masuk",
    chat: "Buka percakapan dengan warga",
    answers: "Data yang diisi warga",
    noAnswers: "Tidak ada data lain.",
    clock: "Batas waktu layanan",
    due: "Batas",
    noSla: "Layanan ini tanpa janji waktu.",
    paused: "Jeda — menunggu perbaikan warga atau SIAK pulih",
    left: "Sisa {time}",
    late: "Terlambat {time}",
    doneInTime: "Selesai dalam batas waktu",
    doneLate: "Selesai melewati batas waktu",
    working: "waktu kerja",
    hours: "{h} jam {m} menit",
    minutes: "{m} menit",
    self: "Diri sendiri",
    child: "Anak",
    parent: "Orang tua",
    spouse: "Suami/istri",
    other: "Lainnya",
  },
  en: {
    applicant: "Applicant",
    relationship: "Relation to the subject",
    nik: "Subject NIK",
    noNik: "not given",
    reveal: "Show NIK",
    holder: "Held by",
    nobody: "nobody",
    submitted: "Submitted",
    chat: "Open the conversation with the citizen",
    answers: "What the citizen entered",
    noAnswers: "Nothing else was entered.",
    clock: "Service time",
    due: "Due",
    noSla: "This service has no time promise.",
    paused: "Paused — waiting for the citizen or for SIAK",
    left: "{time} left",
    late: "{time} late",
    doneInTime: "Finished in time",
    doneLate: "Finished late",
    working: "working time",
    hours: "{h} h {m} min",
    minutes: "{m} min",
    self: "Self",
    child: "Child",
    parent: "Parent",
    spouse: "Spouse",
    other: "Other",
  },
});

const duration = (l: Locale, minutes: number) => {
  const total = Math.round(Math.abs(minutes));
  const h = Math.floor(total / 60);
  return h > 0 ? w(l, "hours", { h, m: total % 60 }) : w(l, "minutes", { m: total });
};

export const SlaBox = ({ l, clock, status }: { l: Locale; clock?: SlaStatus; status: ApplicationStatus }) => {
  if (!clock) return <p class="sla">{w(l, "noSla")}</p>;
  const state = isTerminal(status)
    ? w(l, clock.breached ? "doneLate" : "doneInTime")
    : clock.paused
      ? w(l, "paused")
      : clock.breached
        ? w(l, "late", { time: duration(l, clock.remainingMinutes) })
        : w(l, "left", { time: duration(l, clock.remainingMinutes) });
  const tone = clock.breached ? "bad" : clock.atRisk ? "warn" : clock.paused ? "paused" : "ok";
  return (
    <p class={`sla sla-${tone}`} data-sla={tone}>
      <span>
        {w(l, "due")}: <strong>{formatDateTime(clock.dueAt, l)}</strong>
      </span>{" "}
      · <span>{state}</span>
    </p>
  );
};

/** The masked NIK with its reveal button; the reveal answer replaces this element. */
const SubjectNik = ({ view, user }: { view: ApplicationView; user: DeskUser }) => {
  const l = user.locale;
  if (!view.maskedNik) return <span id="subject-nik">{w(l, "noNik")}</span>;
  return (
    <span id="subject-nik" class="nik-line">
      <code>{view.maskedNik}</code>{" "}
      {canAct(user) && (
        <button
          type="button"
          class="link"
          hx-post={`/desk/applications/${view.application.id}/reveal-nik`}
          hx-target="#subject-nik"
          hx-swap="outerHTML"
        >
          {w(l, "reveal")}
        </button>
      )}
    </span>
  );
};

export const RevealedNik = ({ nik }: { nik?: string }) => (
  <span id="subject-nik" class="nik-line">
    <code class="revealed">{nik ?? "—"}</code>
  </span>
);

const Facts = ({ view, user }: { view: ApplicationView; user: DeskUser }) => {
  const l = user.locale;
  const a = view.application;
  return (
    <dl class="facts">
      <dt>{w(l, "applicant")}</dt>
      <dd>{a.applicantName ?? "—"}</dd>
      <dt>{w(l, "relationship")}</dt>
      <dd>{w(l, a.relationship as Relationship)}</dd>
      <dt>{w(l, "nik")}</dt>
      <dd>
        <SubjectNik view={view} user={user} />
      </dd>
      <dt>{w(l, "submitted")}</dt>
      <dd>{formatDateTime(a.submittedAt, l)}</dd>
      <dt>{w(l, "holder")}</dt>
      <dd>{view.holderName ?? w(l, "nobody")}</dd>
    </dl>
  );
};

const Answers = ({ view, l }: { view: ApplicationView; l: Locale }) => (
  <section aria-labelledby="answers-title">
    <h2 id="answers-title">{w(l, "answers")}</h2>
    {view.fields.length === 0 ? (
      <p class="muted">{w(l, "noAnswers")}</p>
    ) : (
      <table class="answers">
        <tbody>
          {view.fields.map((f) => (
            <tr>
              <th scope="row">{f.label}</th>
              <td>{f.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
);

export const ApplicationDetail = ({ view, user }: { view: ApplicationView; user: DeskUser }) => {
  const l = user.locale;
  const a = view.application;
  const status = a.status as ApplicationStatus;
  return (
    <article class="application" data-application={a.id} data-status={a.status}>
      <header class="app-head">
        <h1>{a.trackingNumber ?? "—"}</h1>
        <span class={`status s-${a.status}`}>{statusLabel(l, status)}</span>
        {a.flags.map((f) => (
          <span class={`flag f-${f}`}>{flagLabel(l, f as ApplicationFlag)}</span>
        ))}
        <p class="service">{view.serviceLabel}</p>
      </header>
      <section class="clock" aria-label={w(l, "clock")}>
        <SlaBox l={l} clock={view.clock} status={status} />
      </section>
      <ActionBar view={view} user={user} />
      <Facts view={view} user={user} />
      {a.conversationId && (
        <p>
          <a
            href={`/desk/conversations/${a.conversationId}`}
            hx-get={`/desk/conversations/${a.conversationId}`}
            hx-target="#detail"
            hx-push-url="true"
          >
            {w(l, "chat")}
          </a>
        </p>
      )}
      <Answers view={view} l={l} />
      <Checklist view={view} user={user} />
      <ResultFiles view={view} l={l} />
      <Notes view={view} user={user} />
      <History view={view} l={l} />
    </article>
  );
};
