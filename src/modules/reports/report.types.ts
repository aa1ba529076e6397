/**
 * The quality report the desk shows, exports and prints: the four e-service quality dimensions measured from
 * what Lontar records, reach, the IKM from the satisfaction survey, and the optional adapted E-S-QUAL
 * questions, kept apart from the IKM. Each figure keeps what it was computed
 * from; null means "no data" for the period.
 */
import type { EsqualDimension } from "../surveys/esqual.ts";
import type { Distribution, Ratio } from "./metrics.ts";

export type ReportFilter = {
  officeId: string;
  /** First and last day of the period, inclusive, YYYY-MM-DD in the office's time zone. */
  from: string;
  to: string;
  serviceCode?: string;
  operatorId?: string;
};

export type OperatorPrivacyRow = {
  operatorId: string;
  name: string;
  documentViews: number;
  nikReveals: number;
};

export type IkmElementRow = {
  code: string;
  name: string;
  answered: number;
  /** Average score 1–4 over those who answered this element. */
  average: number | null;
};

export type IkmSection = {
  respondents: number;
  elements: IkmElementRow[];
  /** 1–4 scale, exact 1/9 weights; null when any element has no answers. */
  index: number | null;
  /** index × 25 (25–100). */
  converted: number | null;
  /** A | B | C | D */
  category: string | null;
  categoryLabel: string | null;
  /** Citizens served in the period (completed applications) and the Krejcie–Morgan sample size for it. */
  population: number;
  requiredSample: number | null;
};

/**
 * The optional short instrument ADAPTED from E-S-QUAL (surveys/esqual.ts, 1–5), beside the IKM and never part
 * of it: every place that prints it prints ESQUAL_INSTRUMENT_LABEL with it. Means are null with no answers.
 */
export type EsqualSection = {
  adapted: true;
  /** People who answered at least one statement (completed or left half answered). */
  respondents: number;
  dimensions: Array<{ code: EsqualDimension; respondents: number; mean: number | null }>;
  items: Array<{
    code: string;
    dimension: EsqualDimension;
    /** The original E-S-QUAL item it was adapted from (EFF1, SYS2, …). */
    adaptedFrom: string;
    answered: number;
    mean: number | null;
  }>;
};

export type DailyRow = { day: string; submitted: number; completed: number; rejected: number };

export type QualityReport = {
  filter: ReportFilter;
  /** When it was computed (ISO), printed on exports. */
  generatedAt: string;
  efficiency: {
    /** Seconds from a citizen's message to the first answer, by who answered. */
    firstResponseBot: Distribution;
    firstResponsePerson: Distribution;
    /** Brochure answers not followed by a request for a person ÷ brochure answers (the bot answered alone). */
    botAnswered: Ratio;
    /** Seconds from starting an application to submitting it complete. */
    timeToSubmit: Distribution;
    /** Completed without any revision ÷ completed. */
    firstTimeRight: Ratio;
  };
  fulfilment: {
    withinSla: Ratio;
    /** Working hours from submission to completion. */
    completionHours: Distribution;
    /** Revisions asked ÷ applications decided (completed or rejected). */
    revisionsPerApplication: Ratio;
    /** Rejected ÷ decided. */
    rejectionRate: Ratio;
    /** Results sent on WhatsApp ÷ completed (the rest were picked up). */
    deliveredOnWhatsapp: Ratio;
  };
  availability: {
    /** Minutes with a healthy instance and no failed webhook answer ÷ minutes recorded. */
    webhookAvailability: Ratio;
    /** Delivered or read ÷ (delivered, read or failed). */
    deliverySuccess: Ratio;
    failedByReason: Array<{ code: string; count: number }>;
    /** Seconds from queueing a message to Meta accepting it. */
    outboxLag: Distribution;
    siakOutageHours: number;
  };
  privacy: {
    /** Stored documents encrypted ÷ stored documents (must be 100 %). */
    encrypted: Ratio;
    /** Documents past their retention and not yet purged (must be 0). */
    pastRetentionNotPurged: number;
    byOperator: OperatorPrivacyRow[];
    /** Data-subject requests answered within 3×24 hours ÷ requests due in the period. */
    dsrWithinDeadline: Ratio;
  };
  reach: {
    newCitizensByWeek: Array<{ weekStart: string; count: number }>;
    applications: { whatsapp: number; counter: number | null };
    broadcast: { recipients: number; delivered: number };
  };
  daily: DailyRow[];
  ikm: IkmSection;
  esqual: EsqualSection;
};
