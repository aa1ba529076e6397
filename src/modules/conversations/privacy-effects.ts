/**
 * The bot's privacy effects (UU 27/2022), applied in the turn's transaction: the notice version shown, consent
 * given or withdrawn, a confirmed data-subject request with its 3×24-hour clock.
 */
import type { Tx } from "../../platform/db/client.ts";
import type { InboundContent } from "../../platform/whatsapp/types.ts";
import { commandOf } from "../bot/keywords.ts";
import { privacyCommand } from "../bot/privacy.ts";
import { type Effect, initialState } from "../bot/types.ts";
import type { Contact, Conversation } from "../messaging/messaging.repo.ts";
import { recordConsent, recordNoticeView } from "../privacy/consent.service.ts";
import { openDataRequest } from "../privacy/dsr.service.ts";
import { applyEffect, sendReply, type Turn, type TurnDeps } from "./effects.ts";

type PrivacyEffect = Extract<Effect, { type: "record_notice_view" | "record_consent" | "data_request" }>;

export const applyPrivacyEffect = async (tx: Tx, deps: TurnDeps, turn: Turn, effect: PrivacyEffect) => {
  const who = { officeId: turn.conversation.officeId, contactId: turn.contact.id, now: deps.now() };
  switch (effect.type) {
    case "record_notice_view":
      return recordNoticeView(tx, { ...who, version: effect.version });
    case "record_consent":
      return recordConsent(tx, { ...who, ...effect });
    case "data_request": {
      const { acknowledgement } = await openDataRequest(tx, {
        ...who,
        kind: effect.kind,
        requestedAt: new Date(effect.requestedAt),
        locale: turn.locale,
      });
      return sendReply(tx, deps.keys, turn, { kind: "text", body: acknowledgement });
    }
  }
};

/**
 * While an officer holds the conversation the bot is silent, except for STOP and START: a withdrawal of
 * consent takes effect at once, whoever is answering.
 */
export const onHeldMessage = async (
  tx: Tx,
  deps: TurnDeps,
  o: { contact: Contact; conversation: Conversation; content: InboundContent },
) => {
  if (o.content.kind !== "text") return;
  const command = commandOf(o.content.body);
  if (command !== "stop" && command !== "start") return;
  const locale = o.contact.locale === "en" ? "en" : "id";
  const result = privacyCommand(initialState(locale), o.content.body, { busy: false, now: deps.now() });
  const turn = { contact: o.contact, conversation: o.conversation, locale } as const;
  for (const effect of result?.effects ?? []) await applyEffect(tx, deps, turn, effect);
};
