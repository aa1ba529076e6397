import type { Tx } from "../../platform/db/client.ts";
import { listItems, lockApplication } from "../applications/applications.repo.ts";
import { onFileKept, onFileRefused } from "../bot/file-verdict.ts";
import { startRevision } from "../bot/revision.ts";
import type { BotState, StepResult } from "../bot/types.ts";
import { resolve } from "../catalogue/resolve.ts";
import type { Refusal } from "../documents/policy.ts";
import { sniffedTypeOf } from "../documents/sniff.ts";
import { botStateOf } from "./bot-state.ts";
import { saveBotState, takePendingAttachments } from "./conversations.repo.ts";
import { applyEffect, type TurnDeps } from "./effects.ts";
import { blobMimeType, lockConversationOfMessage } from "./media-verdict.repo.ts";

/** Voice notes, videos and stickers: the bot already told the citizen it cannot take them. */
const ALREADY_ANSWERED = new Set(["audio", "video", "sticker"]);

/**
 * A file the media pipeline refused (runs in the transaction that marks the message refused): nothing
 * waits for it any more, the bot takes it back out of the draft, and the citizen is told why and what to
 * send instead, in their language.
 */
export const fileRefused = async (tx: Tx, deps: TurnDeps, messageId: string, refusal: Refusal) => {
  const pending = await takePendingAttachments(tx, messageId);
  const target = await lockConversationOfMessage(tx, deps.keys, messageId);
  if (!target || ALREADY_ANSWERED.has(target.messageType)) return;
  const officeId = target.conversation.officeId;
  const reopen = await revisionToReopen(
    tx,
    deps,
    officeId,
    pending.rows[0]?.application_id,
    target.contact.locale,
  );
  await runVerdict(tx, deps, target, (state) => {
    const refused = onFileRefused(state, deps.catalogue, messageId, refusal);
    // The revision's last file was still downloading when the bot closed it: ask for it again.
    if (!reopen || refused.state.flow.name !== "idle") return refused;
    const revision = startRevision(refused.state, reopen);
    return { state: revision.state, effects: [...refused.effects, ...revision.effects] };
  });
};

/** A correction the refused file was meant for, still waiting for its rejected items. */
const revisionToReopen = async (
  tx: Tx,
  deps: TurnDeps,
  officeId: string,
  applicationId: string | undefined,
  locale: string | null,
) => {
  const app = applicationId ? await lockApplication(tx, officeId, applicationId) : undefined;
  if (app?.status !== "needs_revision" || !app.trackingNumber) return undefined;
  const service = deps.catalogue.services.find((s) => s.code === app.serviceCode);
  const requirements = service
    ? resolve(deps.catalogue, service, app.variantCode ?? undefined).requirements
    : [];
  const l = locale === "en" ? "en" : "id";
  const items = (await listItems(tx, app.id))
    .filter((i) => i.verification === "rejected")
    .map((i) => ({
      requirementId: i.requirementId,
      label: requirements.find((r) => r.id === i.requirementId)?.label[l] ?? i.requirementId,
      reason: i.rejectionReason ?? "-",
    }));
  return items.length > 0 ? { applicationId: app.id, trackingNumber: app.trackingNumber, items } : undefined;
};

/**
 * A stored file whose real type does not fit the requirement it was sent for (a PDF sent as an image
 * where only a photo is accepted) is taken back like a refused one. True when it was.
 */
export const fileKeptMisfits = async (tx: Tx, deps: TurnDeps, messageId: string, blobId: string) => {
  const type = sniffedTypeOf(await blobMimeType(tx, blobId));
  const target = type && (await lockConversationOfMessage(tx, deps.keys, messageId));
  if (!type || !target) return false;
  return runVerdict(tx, deps, target, (state) => onFileKept(state, deps.catalogue, messageId, type));
};

const runVerdict = async (
  tx: Tx,
  deps: TurnDeps,
  target: NonNullable<Awaited<ReturnType<typeof lockConversationOfMessage>>>,
  verdict: (state: BotState) => StepResult | undefined,
): Promise<boolean> => {
  const { conversation, contact } = target;
  const state = botStateOf(deps.keys, conversation, contact);
  const result = verdict(state);
  if (!result) return false;
  await saveBotState(tx, deps.keys, conversation.id, result.state);
  const turn = { contact, conversation, locale: result.state.locale };
  for (const effect of result.effects) await applyEffect(tx, deps, turn, effect);
  return true;
};
