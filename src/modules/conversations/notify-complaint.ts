import { eq } from "drizzle-orm";
import type { Database, Tx } from "../../platform/db/client.ts";
import { conversations } from "../../platform/db/schema/index.ts";
import { buttonsMessage, templateMessage, textMessage } from "../../platform/whatsapp/builders.ts";
import {
  type ComplaintReplyFlow,
  complaintReplyButtons,
  complaintReplyQuestion,
  mayAskAboutComplaint,
} from "../bot/complaint-reply.ts";
import type { Locale } from "../bot/types.ts";
import type { ComplaintNotification } from "../complaints/complaint-actions.ts";
import { closeDueComplaints, escalateOverdueComplaints } from "../complaints/complaints.service.ts";
import { isWindowOpen } from "../messaging/delivery-status.ts";
import { findContact } from "../messaging/messaging.repo.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import { openBotState } from "./bot-state.ts";
import { saveBotState } from "./conversations.repo.ts";
import type { TurnDeps } from "./effects.ts";
import { templateParam as param } from "./reply-message.ts";

const STEP: Record<
  Exclude<ComplaintNotification["kind"], "received" | "escalated">,
  Record<Locale, [string, string]>
> = {
  verified: {
    id: ["Pengaduan Anda sudah kami verifikasi dan sedang ditindaklanjuti.", "Diverifikasi"],
    en: ["Your complaint has been verified and is being followed up.", "Verified"],
  },
  answered: { id: ["Tanggapan kami: {answer}", "Ditanggapi"], en: ["Our answer: {answer}", "Answered"] },
  closed: {
    id: ["Pengaduan Anda kami tutup. Terima kasih atas laporannya.", "Selesai"],
    en: ["Your complaint is closed. Thank you for reporting it.", "Closed"],
  },
  reopened: {
    id: ["Pengaduan Anda kami buka kembali dan akan ditindaklanjuti.", "Dibuka kembali"],
    en: ["Your complaint was reopened and will be followed up.", "Reopened"],
  },
  referred: {
    id: [
      "Pengaduan Anda bukan kewenangan Dukcapil, jadi kami tutup. Silakan sampaikan ke: {office}.",
      "Dialihkan",
    ],
    en: [
      "Your complaint is not Dukcapil's to handle, so we closed it. Please take it to: {office}.",
      "Referred",
    ],
  },
};

/**
 * Tells the citizen of every step of their complaint (SP4N-LAPOR! asks for it): free text inside the 24-hour
 * window, the lontar_pengaduan_update template outside it or after a 131047. Supervisor alerts go to the desk.
 * An answer also asks whether it settles the complaint (askAboutAnswer).
 */
export const notifyComplaint = async (tx: Tx, deps: TurnDeps, n: ComplaintNotification) => {
  if (n.audience !== "citizen" || n.kind === "received" || n.kind === "escalated" || !n.conversationId)
    return;
  // Locked like a bot turn: the reply exchange below must not cross a turn saving its own state.
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, n.conversationId))
    .for("update");
  const contact = conversation ? await findContact(tx, deps.keys, conversation.contactId) : undefined;
  const to = contact?.waId ?? contact?.userId;
  if (!conversation || !contact || !to) return;
  const l: Locale = openBotState(deps.keys, conversation)?.locale ?? "id";
  const [update, status] = STEP[n.kind][l];
  const text = update.replace("{answer}", n.answer ?? "").replace("{office}", n.office ?? "");
  const template = templateMessage({
    to,
    name: "lontar_pengaduan_update",
    language: "id",
    components: [
      {
        type: "body",
        params: [
          param(contact.profileName ?? "Bapak/Ibu"),
          n.trackingNumber,
          param(text),
          STEP[n.kind].id[1],
        ],
      },
    ],
  });
  const open = isWindowOpen(conversation.lastInboundAt, deps.now());
  const body = textMessage({ to, body: `*${n.trackingNumber}* — ${status}\n${text}` });
  await queueMessage(tx, deps.keys, {
    conversation,
    recipient: to,
    body: open ? body : template,
    fallback: open ? template : undefined,
  });
  if (n.kind === "answered") await askAboutAnswer(tx, deps, { conversation, to, l, n, open });
};

/** What the template's parameter cannot carry whole is sent in full when the citizen writes back. */
const TEMPLATE_ROOM = 180;

/**
 * After the answer: "Puas, selesai" / "Belum puas" buttons inside the window (the template has none), and the
 * conversation put in the reply exchange (bot/complaint-reply.ts) unless the citizen is in the middle of
 * something else, so that what they write back reaches the complaint. Outside the window the exchange waits
 * for their next message, which the bot answers with the same question and buttons.
 */
const askAboutAnswer = async (
  tx: Tx,
  deps: TurnDeps,
  o: {
    conversation: typeof conversations.$inferSelect;
    to: string;
    l: Locale;
    n: ComplaintNotification;
    open: boolean;
  },
) => {
  const { conversation, to, l, n } = o;
  if (o.open)
    await queueMessage(tx, deps.keys, {
      conversation,
      recipient: to,
      body: buttonsMessage({
        to,
        body: complaintReplyQuestion(l, n.trackingNumber),
        buttons: complaintReplyButtons(l, n.trackingNumber),
      }),
    });
  const state = openBotState(deps.keys, conversation);
  if (!state || !mayAskAboutComplaint(state.flow)) return;
  const answer = n.answer ?? "";
  const flow: ComplaintReplyFlow = {
    name: "complaint_reply",
    trackingNumber: n.trackingNumber,
    stage: o.open ? "asked" : "pending",
    ...(!o.open && answer.length > TEMPLATE_ROOM ? { answer: answer.slice(0, 3000) } : {}),
  };
  await saveBotState(tx, deps.keys, conversation.id, { ...state, flow });
};

/** One sweep of the complaints' clocks (complaints.sweep.ts), each with what it tells the reporter. */
export const runComplaintClocks = async (database: Database, deps: TurnDeps, now: Date) => {
  const closed = await database.db.transaction(async (tx) => {
    const { closed, notifications } = await closeDueComplaints(tx, { now });
    for (const n of notifications) await notifyComplaint(tx, deps, n);
    return closed.length;
  });
  const escalated = await database.db.transaction(async (tx) => {
    const results = await escalateOverdueComplaints(tx, { now });
    for (const n of results.flatMap((r) => r.notifications)) await notifyComplaint(tx, deps, n);
    return results.length;
  });
  return { closed, escalated };
};
