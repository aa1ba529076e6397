/**
 * The bot's state is sealed at rest (it holds the citizen's draft answers, NIKs among them). Beside the token it
 * keeps in clear only what the draft timers select on (the flow's name, remindedAt): no personal data.
 */
import { type BotState, initialState } from "../bot/types.ts";
import type { Contact, Conversation } from "../messaging/messaging.repo.ts";
import type { FieldKeys } from "../shared/field-crypto.ts";
import { openJson, SEALED, type Sealed, sealJson } from "../shared/sealed.ts";

export type StoredBotState = Sealed & { flow: { name: string }; remindedAt?: string };

export const sealBotState = (keys: FieldKeys, state: BotState): StoredBotState => ({
  ...sealJson(keys, state, SEALED.botState),
  flow: { name: state.flow.name },
  ...(state.remindedAt ? { remindedAt: state.remindedAt } : {}),
});

/** The stored state, or null for a conversation the bot has not spoken in yet. Rows from before sealing read as they are. */
export const openBotState = (
  keys: FieldKeys,
  conversation: Pick<Conversation, "botState">,
): BotState | null => openJson(keys, conversation.botState, SEALED.botState) as BotState | null;

/** The state a turn starts from: the stored one, else a fresh one in the contact's language. */
export const botStateOf = (
  keys: FieldKeys,
  conversation: Pick<Conversation, "botState">,
  contact: Pick<Contact, "locale">,
): BotState => openBotState(keys, conversation) ?? initialState(contact.locale === "en" ? "en" : "id");
