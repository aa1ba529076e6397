/**
 * The copy of what Lontar holds about one WhatsApp contact (UU 27/2022 Pasal 32), as plain WhatsApp text.
 *
 * Identity numbers (NIK, KK, a parent's or witness's NIK) are masked in the copy, the citizen's own included:
 * an application often carries other people's numbers (children, parents, witnesses), a WhatsApp message is
 * easily forwarded or read on a shared phone, and a NIK with a KK number is what SIM-card and loan fraud needs.
 * The citizen can see the full numbers on their own documents, or at the office with proof of identity.
 */
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { maskedSubjectNik, openAnswer } from "../applications/rules.ts";
import { resolve } from "../catalogue/resolve.ts";
import type { Catalogue, Locale } from "../catalogue/schema.ts";
import { formatWita, statusLabel } from "../conversations/status-text.ts";
import { maskDigits } from "../identity/id-number.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openText, openTextOrNull, SEALED } from "../shared/sealed.ts";
import { consentHistory, noticeViews } from "./consent.repo.ts";

type AppRow = {
  tracking_number: string | null;
  service_code: string;
  variant_code: string | null;
  status: string;
  applicant_name: string | null;
  subject_nik_encrypted: string | null;
  fields: Record<string, unknown>;
  submitted_at: Date | null;
  documents: number;
};
type ComplaintRow = {
  tracking_number: string;
  category: string;
  description: string;
  status: string;
  received_at: Date;
};

const W = {
  id: {
    title: "*Salinan data pribadi Anda*",
    contact: "Kontak",
    name: "Nama profil WhatsApp",
    phone: "Nomor WhatsApp",
    since: "Pertama menghubungi",
    chat: "Isi chat: {n} pesan (salinannya ada di WhatsApp Anda sendiri)",
    applications: "Permohonan",
    complaints: "Pengaduan",
    consents: "Persetujuan",
    notices: "Pemberitahuan privasi yang ditampilkan",
    none: "tidak ada",
    subjectNik: "NIK",
    applicant: "Pemohon",
    documents: "Dokumen: {n} file",
    granted: "setuju",
    withdrawn: "tidak setuju / ditarik",
    survey: "survei kepuasan",
    broadcast: "info layanan",
    masked: "Nomor identitas ditampilkan tersamar demi keamanan.",
  },
  en: {
    title: "*Copy of your personal data*",
    contact: "Contact",
    name: "WhatsApp profile name",
    phone: "WhatsApp number",
    since: "First contact",
    chat: "Chat: {n} messages (the copy is in your own WhatsApp)",
    applications: "Applications",
    complaints: "Complaints",
    consents: "Consents",
    notices: "Privacy notices shown",
    none: "none",
    subjectNik: "NIK",
    applicant: "Applicant",
    documents: "Documents: {n} files",
    granted: "agreed",
    withdrawn: "declined / withdrawn",
    survey: "satisfaction survey",
    broadcast: "service news",
    masked: "Identity numbers are partly hidden for your safety.",
  },
} as const;

/** An answer as the citizen typed it, with any 16-digit identity number masked. */
const shownAnswer = (keys: FieldKeys, key: string, value: unknown): string => {
  const open = String(openAnswer(keys, key, value) ?? "");
  return /^\d{16}$/.test(open) ? maskDigits(open) : open;
};

const applicationLines = (catalogue: Catalogue, keys: FieldKeys, l: Locale, a: AppRow): string[] => {
  const w = W[l];
  const service = catalogue.services.find((s) => s.code === a.service_code);
  const fields = service ? resolve(catalogue, service, a.variant_code ?? undefined).fields : [];
  const label = (id: string) => fields.find((f) => f.id === id)?.label[l] ?? id;
  const answers = Object.entries(a.fields)
    .filter(([k, v]) => k !== "alternatives" && typeof v === "string")
    .map(([k, v]) => `  ${label(k)}: ${shownAnswer(keys, k, v)}`);
  const nik = maskedSubjectNik({ subjectNikEncrypted: a.subject_nik_encrypted }, keys);
  return [
    `• *${a.tracking_number ?? "—"}* ${service?.names[l] ?? a.service_code} — ${statusLabel(a.status, l)}`,
    ...(a.submitted_at ? [`  ${formatWita(new Date(a.submitted_at), l)}`] : []),
    ...(a.applicant_name ? [`  ${w.applicant}: ${a.applicant_name}`] : []),
    ...(nik ? [`  ${w.subjectNik}: ${nik}`] : []),
    ...answers,
    `  ${w.documents.replace("{n}", String(a.documents))}`,
  ];
};

/** Everything held about the contact, in the citizen's language. */
export const buildDataCopy = async (
  tx: Tx,
  o: {
    catalogue: Catalogue;
    keys: FieldKeys;
    locale: Locale;
    contact: { id: string; waId: string | null; profileName: string | null; createdAt: Date };
  },
): Promise<string> => {
  const { contact, locale: l } = o;
  const w = W[l];
  const apps = await rows<AppRow>(
    tx,
    sql`SELECT a.tracking_number, a.service_code, a.variant_code, a.status, a.applicant_name,
               a.subject_nik_encrypted, a.fields, a.submitted_at,
               (SELECT coalesce(sum(cardinality(i.blob_ids)), 0)::int FROM application_items i
                 WHERE i.application_id = a.id) AS documents
        FROM applications a WHERE a.contact_id = ${contact.id} AND a.status <> 'draft'
        ORDER BY a.created_at`,
  );
  const complaints = await rows<ComplaintRow>(
    tx,
    sql`SELECT tracking_number, category, description, status, received_at FROM complaints
        WHERE contact_id = ${contact.id} ORDER BY received_at`,
  );
  const [{ n: chat }] = (await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.contact_id = ${contact.id}`,
  )) as [{ n: number }];
  const consents = await consentHistory(tx, contact.id);
  const notices = await noticeViews(tx, contact.id);
  const when = (d: Date) => formatWita(new Date(d), l);
  const section = (title: string, lines: string[]) => [`*${title}*`, ...(lines.length ? lines : [w.none])];
  return [
    w.title,
    ...section(w.contact, [
      `${w.name}: ${openTextOrNull(o.keys, contact.profileName, SEALED.contactProfileName) ?? "—"}`,
      `${w.phone}: +${contact.waId ?? "—"}`,
      `${w.since}: ${when(contact.createdAt)}`,
      w.chat.replace("{n}", String(chat)),
    ]),
    ...section(
      w.applications,
      apps.flatMap((a) => applicationLines(o.catalogue, o.keys, l, a)),
    ),
    ...section(
      w.complaints,
      complaints.map(
        (c) =>
          `• *${c.tracking_number}* ${c.category} — ${c.status}, ${when(c.received_at)}\n  ${openText(o.keys, c.description, SEALED.complaintDescription)}`,
      ),
    ),
    ...section(
      w.consents,
      consents.map(
        (c) =>
          `• ${w[c.purpose as "survey" | "broadcast"] ?? c.purpose}: ${c.granted ? w.granted : w.withdrawn} (${when(c.at)})`,
      ),
    ),
    ...section(
      w.notices,
      notices.map((n) => `• ${n.version} (${when(n.at)})`),
    ),
    `_${w.masked}_`,
  ].join("\n");
};

/** WhatsApp text bodies hold 4096 characters: split between lines, never inside one. */
export const splitForWhatsApp = (text: string, max = 3900): string[] => {
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const piece = line.length > max ? `${line.slice(0, max - 1)}…` : line;
    if (current && current.length + 1 + piece.length > max) {
      parts.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts;
};
