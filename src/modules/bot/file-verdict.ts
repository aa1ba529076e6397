import { resolve } from "../catalogue/resolve.ts";
import type { Catalogue, Requirement } from "../catalogue/schema.ts";
import { fitsRequirement, type MediaLimits, type Refusal, type RefusalReason } from "../documents/policy.ts";
import type { KeptType } from "../documents/sniff.ts";
import { ask } from "./apply.ts";
import { say } from "./menu.ts";
import { t } from "./text.ts";
import type { ApplicationDraft, BotState, Locale, StepResult } from "./types.ts";

/**
 * The bot counts a file as soon as it arrives; its download and inspection come a moment later. These
 * turns take a file back out of the conversation when the inspection refuses it, or when its real type
 * does not fit the requirement it was sent for (a PDF sent "as a photo" for a photo-only item): the
 * citizen is told why and what to send, and the requirement is asked again. Pure, like step().
 */

const MB = 1024 * 1024;

/** A refused file: out of the draft, the revision or the complaint it was counted in. */
export const onFileRefused = (
  state: BotState,
  catalogue: Catalogue,
  messageId: string,
  refusal: Refusal,
): StepResult => {
  const l = state.locale;
  const found = findInDraft(state, catalogue, messageId);
  const why = REASON[refusal.reason][l];
  const instead = whatToSend(l, found?.requirement.kind ?? "either", refusal.limits);
  return takeBack(state, catalogue, messageId, `${why} ${instead}`, found);
};

/** A kept file whose real type does not fit its requirement is taken back the same way; else undefined. */
export const onFileKept = (
  state: BotState,
  catalogue: Catalogue,
  messageId: string,
  type: KeptType,
): StepResult | undefined => {
  const found = findInDraft(state, catalogue, messageId);
  if (!found || fitsRequirement(found.requirement.kind, type)) return undefined;
  const l = state.locale;
  const wanted = t(l, found.requirement.kind === "pdf" ? "kindPdf" : "kindPhoto");
  const sent = t(l, type === "pdf" ? "kindPdf" : "kindPhoto");
  const body = WRONG_KIND[l]
    .replace("{label}", found.requirement.label[l])
    .replace("{wanted}", wanted)
    .replace("{sent}", sent);
  return takeBack(state, catalogue, messageId, body, found);
};

type Found = { draft: ApplicationDraft; requirement: Requirement };

const findInDraft = (state: BotState, catalogue: Catalogue, messageId: string): Found | undefined => {
  const flow = state.flow;
  if (flow.name !== "field" && flow.name !== "document" && flow.name !== "confirm_application") return;
  const entry = Object.entries(flow.draft.documents).find(([, ids]) => ids.includes(messageId));
  const service = catalogue.services.find((s) => s.code === flow.draft.serviceCode);
  if (!entry || !service) return;
  const requirement = resolve(catalogue, service, flow.draft.variantCode).requirements.find(
    (r) => r.id === entry[0],
  );
  return requirement && { draft: flow.draft, requirement };
};

const takeBack = (
  state: BotState,
  catalogue: Catalogue,
  messageId: string,
  body: string,
  found: Found | undefined,
): StepResult => {
  const notice = say(body);
  if (found) {
    const { draft, requirement } = found;
    const documents = {
      ...draft.documents,
      [requirement.id]: without(draft.documents[requirement.id], messageId),
    };
    if (documents[requirement.id]!.length === 0) delete documents[requirement.id];
    const closed = draft.closed.filter((id) => id !== requirement.id);
    return ask(state, catalogue, { ...draft, documents, closed }, [notice]);
  }
  const flow = state.flow;
  if (flow.name === "revision") {
    const index = flow.items.findIndex((i) => flow.documents[i.requirementId]?.includes(messageId));
    if (index === -1 || index > flow.index) return { state, effects: [notice] };
    const item = flow.items[index]!;
    const documents = {
      ...flow.documents,
      [item.requirementId]: without(flow.documents[item.requirementId], messageId),
    };
    const prompt = t(state.locale, "revisionPrompt", {
      tracking: flow.trackingNumber,
      label: item.label,
      reason: item.reason,
    });
    return { state: { ...state, flow: { ...flow, index, documents } }, effects: [notice, say(prompt)] };
  }
  if (flow.name === "complaint" && flow.draft.photos.includes(messageId)) {
    const draft = { ...flow.draft, photos: without(flow.draft.photos, messageId) };
    return { state: { ...state, flow: { ...flow, draft } }, effects: [notice] };
  }
  return { state, effects: [notice] };
};

const without = (ids: string[] | undefined, messageId: string) =>
  (ids ?? []).filter((id) => id !== messageId);

const whatToSend = (l: Locale, kind: Requirement["kind"], limits: MediaLimits): string => {
  const image = Math.floor(limits.maxImageBytes / MB);
  const pdf = Math.floor(limits.maxDocumentBytes / MB);
  return INSTEAD[kind][l].replace("{image}", String(image)).replace("{pdf}", String(pdf));
};

const REASON: Record<RefusalReason, Record<Locale, string>> = {
  type_not_allowed: {
    id: "File yang Anda kirim bukan foto atau PDF, jadi tidak kami simpan.",
    en: "The file you sent is not a photo or a PDF, so we did not keep it.",
  },
  heic: {
    id: "Foto format HEIC (iPhone) belum bisa kami terima. Kirim sebagai foto biasa (📷), bukan sebagai dokumen.",
    en: "We cannot accept HEIC (iPhone) photos yet. Send it as a normal photo (📷), not as a document.",
  },
  too_large: {
    id: "File yang Anda kirim terlalu besar, jadi tidak kami simpan.",
    en: "The file you sent is too large, so we did not keep it.",
  },
  damaged: {
    id: "File yang Anda kirim rusak atau tidak lengkap, jadi tidak kami simpan.",
    en: "The file you sent is damaged or incomplete, so we did not keep it.",
  },
  polyglot: {
    id: "File yang Anda kirim berisi bagian lain yang tidak diizinkan, jadi tidak kami simpan.",
    en: "The file you sent carries something else inside it that we do not allow, so we did not keep it.",
  },
  empty: {
    id: "File yang Anda kirim kosong.",
    en: "The file you sent is empty.",
  },
};

const INSTEAD: Record<Requirement["kind"], Record<Locale, string>> = {
  photo: {
    id: "Kirim foto dokumen (JPG/PNG), paling besar {image} MB.",
    en: "Send a photo of the document (JPG/PNG), at most {image} MB.",
  },
  pdf: {
    id: "Kirim file PDF, paling besar {pdf} MB.",
    en: "Send a PDF file, at most {pdf} MB.",
  },
  either: {
    id: "Kirim foto dokumen (JPG/PNG) atau PDF, paling besar {image} MB untuk foto dan {pdf} MB untuk PDF.",
    en: "Send a photo of the document (JPG/PNG) or a PDF, at most {image} MB for a photo and {pdf} MB for a PDF.",
  },
};

const WRONG_KIND: Record<Locale, string> = {
  id: "Untuk *{label}* kami perlu {wanted}, tetapi yang Anda kirim ternyata {sent}. Silakan kirim ulang.",
  en: "For *{label}* we need a {wanted}, but what you sent is a {sent}. Please send it again.",
};
