import { eq } from "drizzle-orm";
import type { Tx } from "../../platform/db/client.ts";
import { conversations } from "../../platform/db/schema/index.ts";
import { templateMessage, textMessage } from "../../platform/whatsapp/builders.ts";
import type { Locale } from "../bot/types.ts";
import type { ComplaintNotification } from "../complaints/complaint-actions.ts";
import { isWindowOpen } from "../messaging/delivery-status.ts";
import { findContact } from "../messaging/messaging.repo.ts";
import { queueMessage } from "../messaging/outbound.service.ts";
import { openBotState } from "./bot-state.ts";
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
 */
export const notifyComplaint = async (tx: Tx, deps: TurnDeps, n: ComplaintNotification) => {
  if (n.audience !== "citizen" || n.kind === "received" || n.kind === "escalated" || !n.conversationId)
    return;
  const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, n.conversationId));
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
};
