/** Names the desk shows for statuses, queues, flags and services, in both languages. */
import type { ApplicationFlag, ApplicationStatus } from "../applications/lifecycle.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import type { Locale } from "./context.ts";
import type { QueueKey } from "./queues.ts";
import { defineWords } from "./words.ts";

export const statusLabel = defineWords<ApplicationStatus>({
  id: {
    draft: "Draf (bot)",
    submitted: "Baru masuk",
    in_review: "Diperiksa",
    needs_revision: "Menunggu perbaikan warga",
    processing: "Diproses di SIAK",
    completed: "Selesai",
    rejected: "Ditolak",
    cancelled: "Dibatalkan warga",
    expired: "Kedaluwarsa",
  },
  en: {
    draft: "Draft (bot)",
    submitted: "New",
    in_review: "In review",
    needs_revision: "Waiting for the citizen",
    processing: "Processing in SIAK",
    completed: "Completed",
    rejected: "Rejected",
    cancelled: "Cancelled by citizen",
    expired: "Expired",
  },
});

export const queueLabel = defineWords<QueueKey>({
  id: {
    new: "Baru",
    mine: "Sedang saya periksa",
    others: "Dipegang petugas lain",
    waiting: "Menunggu warga",
    processing: "Diproses",
    at_risk: "Hampir lewat SLA",
    breached: "Lewat SLA",
    done_today: "Selesai hari ini",
    chats: "Chat minta petugas",
  },
  en: {
    new: "New",
    mine: "In review by me",
    others: "Held by others",
    waiting: "Waiting for the citizen",
    processing: "Processing",
    at_risk: "SLA at risk",
    breached: "SLA breached",
    done_today: "Done today",
    chats: "Chats asking for a person",
  },
});

export const flagLabel = defineWords<ApplicationFlag>({
  id: {
    sla_at_risk: "SLA hampir lewat",
    sla_breached: "SLA terlewat",
    siak_outage: "SIAK gangguan",
    potential_duplicate: "Mungkin ganda",
    proxy_applicant: "Diwakilkan",
  },
  en: {
    sla_at_risk: "SLA at risk",
    sla_breached: "SLA breached",
    siak_outage: "SIAK outage",
    potential_duplicate: "Possible duplicate",
    proxy_applicant: "By proxy",
  },
});

export const serviceName = (
  catalogue: Pick<Catalogue, "services">,
  l: Locale,
  code: string,
  variant?: string | null,
): string => {
  const service = catalogue.services.find((s) => s.code === code);
  if (!service) return code;
  const v = variant ? service.variants.find((x) => x.code === variant) : undefined;
  return v ? `${service.names[l]} — ${v.names[l]}` : service.names[l];
};
