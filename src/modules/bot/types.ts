import type { Catalogue, Locale } from "../catalogue/schema.ts";
import type { ComplaintReplyFlow } from "./complaint-reply.ts";
import type { EsqualFlow } from "./esqual.ts";
import type { SurveyFlow } from "./survey.ts";

export type { Locale };

/** What the citizen did, reduced to what the bot needs (the conversation service maps WhatsApp messages). */
export type BotInput =
  | { kind: "text"; text: string }
  /** A tapped reply button, list row or template quick reply. */
  | { kind: "choice"; id: string; title: string }
  | { kind: "file"; fileKind: "image" | "document"; mimeType?: string; filename?: string; messageId: string }
  /** Voice notes, videos, stickers, locations, contacts, reactions, unknown types. */
  | {
      kind: "other";
      what: "audio" | "video" | "sticker" | "location" | "contacts" | "reaction" | "unsupported" | "system";
    }
  /** Timer: a draft has been idle for a while (sent only inside the 24-hour window). */
  | { kind: "reminder" }
  /** Timer: the draft or revision is abandoned. */
  | { kind: "expire" }
  /** An operator handed the conversation back to the bot. */
  | { kind: "operator_closed" };

/** A prompt the citizen answers by tapping or by typing its number or its words (cheap phones, WhatsApp Web). */
export type Option = { id: string; title: string; description?: string };

export type Reply =
  | { kind: "text"; body: string }
  | { kind: "buttons"; body: string; buttons: Option[] }
  | { kind: "list"; body: string; button: string; rows: Option[] };

export type Documents = Record<string, string[]>;

export type ApplicationDraft = {
  serviceCode: string;
  variantCode?: string;
  values: Record<string, string>;
  /** requirement id → message ids of the files sent for it, in order (the pages). */
  documents: Documents;
  /** alternative group id → chosen option id. */
  alternatives: Record<string, string>;
  /** Requirements finished (all pages sent, or an optional one skipped). */
  closed: string[];
};

export type ComplaintDraft = {
  category?: string;
  description?: string;
  photos: string[];
  confidential?: boolean;
};

export type Flow =
  | { name: "idle" }
  | {
      name: "choose";
      purpose: ChoosePurpose;
      /** The prompt, kept so an unclear answer can be met with the same choice again. */
      body: string;
      options: Option[];
      page?: number;
      serviceCode?: string;
      variantCode?: string;
      /** A data-subject request waiting for its confirmation: when the citizen asked. */
      requestedAt?: string;
    }
  | { name: "field"; draft: ApplicationDraft }
  | { name: "document"; draft: ApplicationDraft }
  | { name: "confirm_application"; draft: ApplicationDraft }
  | {
      name: "complaint";
      stage: "category" | "description" | "photos" | "confidential" | "confirm";
      draft: ComplaintDraft;
    }
  | {
      name: "revision";
      applicationId: string;
      trackingNumber: string;
      items: Array<{ requirementId: string; label: string; reason: string }>;
      index: number;
      documents: Documents;
    }
  | { name: "waiting_operator"; serviceCode?: string }
  | SurveyFlow
  | EsqualFlow
  | ComplaintReplyFlow;

export type ChoosePurpose =
  | "menu"
  | "info_service"
  | "info_variant"
  | "apply_service"
  | "apply_variant"
  | "after_brochure"
  | "status_application"
  | "alternative"
  | "consent_survey"
  | "consent_broadcast"
  | "privacy_menu"
  | "data_request";

export type BotState = {
  v: 1;
  locale: Locale;
  greeted: boolean;
  flow: Flow;
  /** For the choose flow's alternative purpose: where to continue. */
  resume?: Flow;
  remindedAt?: string;
};

/** Side effects the conversation service applies in the same transaction as the new state. */
export type Effect =
  | { type: "reply"; reply: Reply }
  | { type: "submit_application"; draft: ApplicationDraft }
  | { type: "check_status"; trackingNumber: string }
  | { type: "list_applications" }
  | {
      type: "open_complaint";
      complaint: Required<Pick<ComplaintDraft, "category" | "description">> & ComplaintDraft;
    }
  /** `afterInfo`: the citizen read a brochure and still wants a person (the bot did not answer enough). */
  | { type: "handover"; serviceCode?: string; afterInfo?: boolean }
  /** The bot answered a requirement question with the service's brochure (the efficiency report counts it). */
  | { type: "info_answered"; serviceCode: string }
  | { type: "cancel_handover" }
  | { type: "revision_uploaded"; applicationId: string; documents: Documents }
  /** The privacy notice of this version was shown (UU 27/2022: which notice each citizen saw). */
  | { type: "record_notice_view"; version: string }
  /** Consent to optional processing given or withdrawn; newest wins. */
  | { type: "record_consent"; purposes: ConsentPurpose[]; granted: boolean; source: "keyword" | "bot" }
  /** A confirmed data-subject request (copy of my data, delete optional data): the 3×24-hour clock starts. */
  | { type: "data_request"; kind: DataRequestKind; requestedAt: string }
  /** Survey answers, stored as they come (an answer to one SKM element, one profile field). */
  | { type: "survey_answer"; responseId: string; key: string; value: number }
  | { type: "survey_profile"; responseId: string; field: string; code: string }
  | { type: "survey_complete"; responseId: string; suggestion?: string }
  | { type: "survey_decline"; responseId: string }
  /**
   * The optional adapted E-S-QUAL (surveys/esqual.ts), stored per answer beside the SKM response it follows
   * (same application, its own 'esqual' row; never part of the IKM).
   */
  | { type: "esqual_answer"; skmResponseId: string; key: string; value: number }
  | { type: "esqual_complete"; skmResponseId: string }
  /**
   * The reporter's reply to their complaint (complaints.service citizenReplied): `satisfied` true closes it,
   * false reopens it, absent adds the text as more information.
   */
  | { type: "complaint_reply"; trackingNumber: string; text: string; satisfied?: boolean }
  /** The bot hit a bug and recovered with the menu: logged, and a test failure wherever it shows up. */
  | { type: "bot_error"; message: string };

export type ConsentPurpose = "survey" | "broadcast";
export type DataRequestKind = "copy" | "delete_optional";

/** What the bot knows of the citizen's privacy choices (read before each turn). */
export type PrivacyContext = {
  /** The latest privacy-notice version this citizen was shown; undefined when none was recorded. */
  noticeSeen?: string;
  /** The newest decision per purpose; a purpose never asked is absent. */
  consents: Partial<Record<ConsentPurpose, boolean>>;
};

/** A summary of the citizen's own applications, for the status menu. */
export type ApplicationSummary = { id: string; trackingNumber: string; serviceTitle: string; status: string };

export type BotContext = {
  catalogue: Catalogue;
  now: Date;
  applications: ApplicationSummary[];
  /** Finds a tracking number anywhere in a message (pure; from the applications module). */
  findTrackingNumber: (text: string) => string | undefined;
  /** Absent in tests that do not care: treated as "notice of this version seen, nothing decided". */
  privacy?: PrivacyContext;
  /** The citizen's open survey invitation (invited or half answered), with the elements already answered. */
  survey?: { responseId: string; answered: string[] };
  /**
   * The citizen's complaints not yet closed, with their stage ("answered" waits for the reporter's reply).
   * Read only when the turn may need it (a complaint button, the reply exchange); absent means none.
   */
  openComplaints?: Array<{ trackingNumber: string; status: string }>;
};

export type StepResult = { state: BotState; effects: Effect[] };

export const initialState = (locale: Locale = "id"): BotState => ({
  v: 1,
  locale,
  greeted: false,
  flow: { name: "idle" },
});
