/**
 * Complaint (pengaduan) lifecycle on the SP4N-LAPOR! stages, as one table like the application one, plus the
 * fee-report detector. Pure.
 */
import type { ActorRole } from "../shared/actor.ts";
import { DomainError } from "../shared/domain-error.ts";

export const COMPLAINT_STATUSES = ["received", "verified", "answered", "closed"] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_CATEGORIES = [
  "layanan_lambat",
  "pungli_biaya",
  "sikap_petugas",
  "data_salah",
  "lainnya",
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_ACTIONS = [
  "verify",
  "answer",
  "add_info",
  "confirm",
  "reopen",
  "auto_close",
  "escalate",
  "assign",
  "refer_elsewhere",
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

type Rule = { roles: readonly ActorRole[]; moves: Partial<Record<ComplaintStatus, ComplaintStatus>> };

const staff = ["operator", "supervisor"] as const;
const citizenSide = ["citizen", "system"] as const;
const OPEN = { received: "received", verified: "verified", answered: "answered" } as const;

export const COMPLAINT_LIFECYCLE: Readonly<Record<ComplaintAction, Rule>> = {
  verify: { roles: staff, moves: { received: "verified" } },
  answer: { roles: staff, moves: { verified: "answered" } },
  /** More details or photos from the reporter; the stage does not change. */
  add_info: { roles: citizenSide, moves: OPEN },
  /** The reporter agrees the answer settles it. */
  confirm: { roles: citizenSide, moves: { answered: "closed" } },
  /** The reporter says it is not settled: back to follow-up, with a fresh follow-up clock. */
  reopen: { roles: citizenSide, moves: { answered: "verified" } },
  /** No response within the LAPOR! window: closed as done. */
  auto_close: { roles: ["system"], moves: { answered: "closed" } },
  escalate: { roles: ["operator", "supervisor", "system"], moves: OPEN },
  /** A supervisor hands it to an operator; the stage does not change. */
  assign: { roles: ["supervisor"], moves: OPEN },
  /** Not this office's authority (e.g. a road or a school): closed, the reporter told where to go. */
  refer_elsewhere: {
    roles: ["supervisor"],
    moves: { received: "closed", verified: "closed", answered: "closed" },
  },
};

export const complaintTransition = (
  status: ComplaintStatus,
  action: ComplaintAction,
  actor: ActorRole,
): ComplaintStatus => {
  const rule = COMPLAINT_LIFECYCLE[action];
  if (!rule.roles.includes(actor)) {
    throw new DomainError("action_not_allowed", `a ${actor} may not ${action} a complaint`);
  }
  const next = rule.moves[status];
  if (!next) throw new DomainError("action_not_allowed", `cannot ${action} a complaint that is ${status}`);
  return next;
};

/** What `role` may do to a complaint in `status`, in the table's order (the desk offers exactly these). */
export const allowedComplaintActions = (status: string, role: ActorRole): ComplaintAction[] =>
  isComplaintStatus(status)
    ? COMPLAINT_ACTIONS.filter((a) => {
        const rule = COMPLAINT_LIFECYCLE[a];
        return rule.roles.includes(role) && rule.moves[status] !== undefined;
      })
    : [];

export const isComplaintStatus = (s: string): s is ComplaintStatus =>
  (COMPLAINT_STATUSES as readonly string[]).includes(s);
export const isComplaintCategory = (s: string): s is ComplaintCategory =>
  (COMPLAINT_CATEGORIES as readonly string[]).includes(s);

/**
 * Words citizens use when someone asked them for money. Whole words with common affixes ("dibayar",
 * "bayarnya", "uangnya"), so "ruang tunggu" or "calon pengantin" do not count. A false alarm costs a
 * supervisor a minute; a missed one leaves extortion unseen, so the net is wide.
 */
const FEE_PATTERNS: readonly RegExp[] = [
  /\b(di|ter|mem|pem)?bayar(an|kan|nya)?\b/,
  /\b(ber)?uang(nya)?\b/,
  /\b(ber)?biaya(nya)?\b/,
  /\bpungli\b|\bpungutan\b/,
  /\bamplop\b/,
  /\bcalo(nya)?\b/,
  /\bminta\s+(duit|uang|dana)\b/,
  /\bduit(nya)?\b/,
  /\bsogok(an)?\b|\bsuap\b|\buang\s+rokok\b/,
  /\brp\.?\s?\d/,
];

/** Services are free by law: any report of a fee goes to a supervisor at once. */
export const isFeeReport = (category: string, text: string): boolean =>
  category === "pungli_biaya" || FEE_PATTERNS.some((p) => p.test(text.toLowerCase()));
