import { markAsRead } from "../../platform/whatsapp/builders.ts";
import { listForContact } from "../applications/applications.service.ts";
import { step } from "../bot/step.ts";
import type { Locale } from "../bot/types.ts";
import { listUnclosedOfContact } from "../complaints/complaints.repo.ts";
import type { InboundHandler } from "../messaging/inbound.service.ts";
import { queueReadReceipt } from "../messaging/outbound.service.ts";
import { privacyContextOf } from "../privacy/consent.service.ts";
import { parseTrackingNumber } from "../shared/tracking-number.ts";
import { openSurveyOf } from "../surveys/survey.service.ts";
import { toBotInput } from "./bot-input.ts";
import { botStateOf } from "./bot-state.ts";
import { saveBotState } from "./conversations.repo.ts";
import { applyEffect, sendReply, type TurnDeps } from "./effects.ts";
import { onHeldMessage } from "./privacy-effects.ts";
import { statusLabel } from "./status-text.ts";

const SILENT = new Set(["reaction", "system"]);

/**
 * The bot answering a citizen's message, inside the transaction that stored it: read ticks, one pure bot step,
 * the new state and every effect (messages, application, complaint, hand-over) commit together or not at all.
 * While an officer holds the conversation the bot says nothing.
 */
export const createBotHandler =
  (deps: TurnDeps): InboundHandler =>
  async (tx, { contact, conversation, message, messageId }) => {
    if (SILENT.has(message.content.kind)) return;
    await queueReadReceipt(tx, deps.keys, conversation, markAsRead({ messageId: message.wamid }));
    if (conversation.heldBy)
      return onHeldMessage(tx, deps, { contact, conversation, content: message.content });
    const state = botStateOf(deps.keys, conversation, contact);
    const input = toBotInput(message.content, messageId);
    const applications = await listForContact(tx, { officeId: conversation.officeId, contactId: contact.id });
    // Complaints are read only for a turn about one: a reply button, or inside the reply exchange.
    const aboutComplaint =
      state.flow.name === "complaint_reply" || (input.kind === "choice" && input.id.startsWith("complaint."));
    const result = step(state, input, {
      catalogue: deps.catalogue,
      now: deps.now(),
      applications: applications
        .filter((a) => a.trackingNumber)
        .slice(0, 10)
        .map((a) => ({
          id: a.id,
          trackingNumber: a.trackingNumber!,
          serviceTitle:
            deps.catalogue.services.find((s) => s.code === a.serviceCode)?.short_title[state.locale] ??
            a.serviceCode,
          status: statusLabel(a.status, state.locale),
        })),
      findTrackingNumber: (text) => parseTrackingNumber(text)?.text,
      privacy: await privacyContextOf(tx, contact.id),
      survey: await openSurveyOf(tx, contact.id),
      ...(aboutComplaint
        ? {
            openComplaints: await listUnclosedOfContact(tx, {
              officeId: conversation.officeId,
              contactId: contact.id,
            }),
          }
        : {}),
    });
    const turn = { contact, conversation, locale: result.state.locale as Locale };
    try {
      // A savepoint: if an effect fails, the citizen's message stays stored and they still get an answer.
      await tx.transaction(async (sp) => {
        await saveBotState(sp, deps.keys, conversation.id, result.state);
        for (const effect of result.effects) await applyEffect(sp, deps, turn, effect);
      });
    } catch (error) {
      deps.onBotError?.(String((error as Error)?.message ?? error));
      await sendReply(
        tx,
        deps.keys,
        { ...turn, locale: state.locale },
        { kind: "text", body: SORRY[state.locale] },
      );
    }
  };

const SORRY: Record<Locale, string> = {
  id: "Maaf, terjadi gangguan saat memproses pesan Anda. Silakan coba lagi sebentar lagi, atau ketik *PETUGAS*.",
  en: "Sorry, something went wrong while handling your message. Please try again shortly, or type *OFFICER*.",
};
