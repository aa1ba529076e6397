import { and, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/client.ts";
import { conversations } from "../../platform/db/schema/index.ts";
import { step } from "../bot/step.ts";
import { initialState } from "../bot/types.ts";
import { isWindowOpen } from "../messaging/delivery-status.ts";
import { findContact } from "../messaging/messaging.repo.ts";
import { parseTrackingNumber } from "../shared/tracking-number.ts";
import { openBotState } from "./bot-state.ts";
import { saveBotState } from "./conversations.repo.ts";
import { applyEffect, type TurnDeps } from "./effects.ts";

const DRAFT_FLOWS = ["field", "document", "confirm_application"];

export type DraftTimers = { remindAfterMs: number; expireAfterMs: number };

/**
 * Abandoned drafts: one reminder after `remindAfterMs` of silence (only while the 24-hour window is open:
 * a reminder is not worth a paid template), and expiry after `expireAfterMs`. Returns how many were touched.
 */
export const runDraftTimers = async (
  database: Database,
  deps: TurnDeps,
  timers: DraftTimers,
): Promise<number> => {
  const now = deps.now();
  let touched = 0;
  for (const [kind, idleMs] of [
    ["expire", timers.expireAfterMs],
    ["reminder", timers.remindAfterMs],
  ] as const) {
    touched += await database.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(conversations)
        .where(
          and(
            inArray(sql`${conversations.botState}->'flow'->>'name'`, DRAFT_FLOWS),
            lt(conversations.updatedAt, new Date(now.getTime() - idleMs)),
            isNull(conversations.heldBy),
            kind === "reminder" ? sql`${conversations.botState}->>'remindedAt' IS NULL` : sql`true`,
          ),
        )
        .limit(100)
        .for("update", { skipLocked: true });
      for (const conversation of due) {
        const contact = await findContact(tx, deps.keys, conversation.contactId);
        if (!contact) continue;
        const state = openBotState(deps.keys, conversation) ?? initialState();
        const result = step(
          state,
          { kind },
          {
            catalogue: deps.catalogue,
            now,
            applications: [],
            findTrackingNumber: (t) => parseTrackingNumber(t)?.text,
          },
        );
        await saveBotState(tx, deps.keys, conversation.id, result.state);
        const open = isWindowOpen(conversation.lastInboundAt, now);
        const turn = { contact, conversation, locale: result.state.locale };
        for (const effect of result.effects)
          if (open || effect.type !== "reply") await applyEffect(tx, deps, turn, effect);
      }
      return due.length;
    });
  }
  return touched;
};
