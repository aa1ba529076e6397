/**
 * What an operator does in a chat: answer (free text inside the 24-hour window, an approved template
 * outside it), take the conversation over from the bot, hand it back, close it. Every message goes through
 * the outbox in the caller's transaction. The caller has already checked that the person may see the chat.
 */
import type { Tx } from "../../platform/db/client.ts";
import { templateMessage, textMessage } from "../../platform/whatsapp/builders.ts";
import type { OutboundMessage } from "../../platform/whatsapp/types.ts";
import { step } from "../bot/step.ts";
import type { BotState } from "../bot/types.ts";
import type { Template } from "../catalogue/schema.ts";
import { botStateOf, openBotState, sealBotState } from "../conversations/bot-state.ts";
import { applyEffect, type TurnDeps } from "../conversations/effects.ts";
import { templateParam } from "../conversations/reply-message.ts";
import { isWindowOpen, windowClosesAt } from "../messaging/delivery-status.ts";
import { type Contact, type Conversation, findContact } from "../messaging/messaging.repo.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import { DomainError } from "../shared/domain-error.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { parseTrackingNumber } from "../shared/tracking-number.ts";
import type { CannedVariables } from "./canned.ts";
import {
  approvedTemplateKeys,
  latestApplicationOf,
  lockConversationRow,
  operatorName,
  templateKey,
  updateConversation,
} from "./conversation.repo.ts";

const TEXT_MAX = 4096;

export type ChatWindow = { open: boolean; closesAt?: Date };

export const chatWindow = (conversation: Pick<Conversation, "lastInboundAt">, now: Date): ChatWindow => ({
  open: isWindowOpen(conversation.lastInboundAt, now),
  closesAt: windowClosesAt(conversation.lastInboundAt),
});

/** A catalogue template the desk may send, in one approved language. */
export type OfferedTemplate = {
  name: string;
  language: "id" | "en";
  body: string;
  variables: Template["variables"];
};

/**
 * Approved templates the operator can fill in by hand. Templates with a document header carry a result
 * file and are sent by the application's completion, not typed in a chat.
 */
export const offeredTemplates = (templates: Template[], approved: Set<string>): OfferedTemplate[] =>
  templates
    .filter((t) => t.header?.format !== "DOCUMENT")
    .flatMap((t) => [
      { name: t.name, language: "id" as const, body: t.body, variables: t.variables },
      ...(t.translations?.en
        ? [{ name: t.name, language: "en" as const, body: t.translations.en.body, variables: t.variables }]
        : []),
    ])
    .filter((t) => approved.has(templateKey(t.name, t.language)));

/** Who the citizen is, who holds the chat, and what the reply box may send now. */
export const loadChatContext = async (
  tx: Tx,
  deps: { catalogue: { templates: Template[] }; now: () => Date; keys: FieldKeys },
  conversation: Conversation,
) => {
  const [contact, holderName, latest, approved] = await Promise.all([
    findContact(tx, deps.keys, conversation.contactId),
    operatorName(tx, conversation.heldBy),
    latestApplicationOf(tx, conversation),
    approvedTemplateKeys(tx, conversation.officeId),
  ]);
  if (!contact) throw new DomainError("conversation_not_found");
  return {
    conversation,
    contact,
    holderName,
    variables: cannedVariables(contact, latest),
    window: chatWindow(conversation, deps.now()),
    templates: offeredTemplates(deps.catalogue.templates, approved),
  };
};

export type ChatContext = Awaited<ReturnType<typeof loadChatContext>>;

const cannedVariables = (
  contact: Contact,
  latest: { applicantName: string | null; trackingNumber: string | null } | undefined,
): CannedVariables => ({
  nama: latest?.applicantName ?? contact.profileName,
  nomor: latest?.trackingNumber,
});

/** Locks the chat for an operator's message; another operator's chat is theirs until taken over. */
const lockForReply = async (tx: Tx, keys: FieldKeys, conversationId: string, operatorId: string) => {
  const conversation = await lockConversationRow(tx, conversationId);
  if (conversation.heldBy && conversation.heldBy !== operatorId)
    throw new DomainError("chat_held_by_another");
  const contact = await findContact(tx, keys, conversation.contactId);
  const to = contact?.waId ?? contact?.userId;
  if (!to) throw new DomainError("contact_unreachable");
  return { conversation, to };
};

/** The operator who answers holds the chat: the bot falls silent until it is handed back. */
const holdAndQueue = async (
  tx: Tx,
  o: { keys: FieldKeys; conversation: Conversation; to: string; operatorId: string; body: OutboundMessage },
) => {
  if (o.conversation.heldBy !== o.operatorId)
    await updateConversation(tx, o.conversation.id, { heldBy: o.operatorId });
  return queueMessage(tx, o.keys, {
    conversation: o.conversation,
    recipient: o.to,
    body: o.body,
    sentBy: o.operatorId,
  });
};

export const replyText = async (
  tx: Tx,
  o: { keys: FieldKeys; conversationId: string; operatorId: string; text: string; now: Date },
) => {
  const text = o.text.trim();
  if (!text) throw new DomainError("message_required");
  if ([...text].length > TEXT_MAX) throw new DomainError("message_too_long");
  const { conversation, to } = await lockForReply(tx, o.keys, o.conversationId, o.operatorId);
  if (!isWindowOpen(conversation.lastInboundAt, o.now)) throw new DomainError("window_closed");
  return holdAndQueue(tx, {
    keys: o.keys,
    conversation,
    to,
    operatorId: o.operatorId,
    body: textMessage({ to, body: text }),
  });
};

/** An approved template with the operator's values as its positional parameters ({{1}}, {{2}} …). */
export const replyTemplate = async (
  tx: Tx,
  o: {
    keys: FieldKeys;
    conversationId: string;
    operatorId: string;
    templates: Template[];
    name: string;
    language: string;
    values: Record<string, string | undefined>;
  },
) => {
  const { conversation, to } = await lockForReply(tx, o.keys, o.conversationId, o.operatorId);
  const approved = await approvedTemplateKeys(tx, conversation.officeId);
  const offered = offeredTemplates(o.templates, approved).find(
    (t) => t.name === o.name && t.language === o.language,
  );
  if (!offered) throw new DomainError("template_not_approved");
  const params = offered.variables.map((v) => o.values[v.name]?.trim() ?? "");
  if (params.some((p) => !p)) throw new DomainError("template_values_required");
  const body: OutboundMessage = templateMessage({
    to,
    name: offered.name,
    language: offered.language,
    ...(params.length > 0 ? { components: [{ type: "body", params: params.map(templateParam) }] } : {}),
  });
  return holdAndQueue(tx, { keys: o.keys, conversation, to, operatorId: o.operatorId, body });
};

/** "Ambil alih": from now on a person answers, also when another operator held the chat before. */
export const takeOver = async (tx: Tx, o: { conversationId: string; operatorId: string }) => {
  await lockConversationRow(tx, o.conversationId);
  await updateConversation(tx, o.conversationId, { heldBy: o.operatorId });
};

/** A citizen still waiting for a person would get no answer from the bot: they go back to the menu. */
const withoutWaiting = (state: BotState | null): BotState | null =>
  state?.flow.name === "waiting_operator" ? { ...state, flow: { name: "idle" } } : state;

/**
 * "Serahkan ke bot": the bot answers again. The citizen is told so in their language and gets the menu,
 * as the bot says it (inside the 24-hour window only: outside it free messages cannot be sent).
 */
export const handBack = async (tx: Tx, deps: TurnDeps, o: { conversationId: string }) => {
  const conversation = await lockConversationRow(tx, o.conversationId);
  const contact = await findContact(tx, deps.keys, conversation.contactId);
  if (!contact) throw new DomainError("conversation_not_found");
  const now = deps.now();
  const state = botStateOf(deps.keys, conversation, contact);
  const result = step(
    state,
    { kind: "operator_closed" },
    {
      catalogue: deps.catalogue,
      now,
      applications: [],
      findTrackingNumber: (t) => parseTrackingNumber(t)?.text,
    },
  );
  const botState = sealBotState(deps.keys, result.state);
  await updateConversation(tx, conversation.id, {
    heldBy: null,
    handoverAt: null,
    handoverService: null,
    botState,
  });
  if (!isWindowOpen(conversation.lastInboundAt, now)) return;
  const released = { ...conversation, heldBy: null, handoverAt: null, botState };
  const turn = { contact, conversation: released, locale: result.state.locale };
  for (const effect of result.effects) if (effect.type === "reply") await applyEffect(tx, deps, turn, effect);
};

/** "Tutup": the chat leaves the queue; the bot answers the citizen's next message. Nothing is sent. */
export const closeChat = async (tx: Tx, keys: FieldKeys, o: { conversationId: string }) => {
  const conversation = await lockConversationRow(tx, o.conversationId);
  const state = withoutWaiting(openBotState(keys, conversation));
  await updateConversation(tx, conversation.id, {
    heldBy: null,
    handoverAt: null,
    handoverService: null,
    botState: state && sealBotState(keys, state),
  });
};
