/**
 * Feeds the chat store from the fake's events, so the simulator shows exactly what crossed the fake:
 * citizen messages as the fake built their webhooks, Lontar's answers as they arrived on /messages.
 * Messages sent through the fake by other callers (tests, scripts) show up in the chats too.
 */
import type { OutboundMessage, WebhookPayload } from "../../platform/whatsapp/types.ts";
import type { FakeCloudApi, InboundInput, ReceivedRequest } from "../fake/types.ts";
import { fromInbound, fromOutbound } from "./content.ts";
import type { ChatStore } from "./store.ts";

type InboundEvent = { wamid: string; input: InboundInput; payload: WebhookPayload };

const digits = (s: string) => s.replace(/\D/g, "");

export const connectFake = (fake: FakeCloudApi, store: ChatStore, phoneNumberId: string): (() => void) => {
  const onInbound = ({ wamid, input, payload }: InboundEvent) => {
    if (input.phoneNumberId !== phoneNumberId) return;
    const value = payload.entry?.[0]?.changes?.[0]?.value;
    const userId = value?.contacts?.[0]?.user_id ?? value?.messages?.[0]?.from_user_id;
    const phone = input.from !== undefined ? digits(input.from) : userId && store.phoneOfUser(userId);
    if (!phone) return;
    if (userId) store.linkUser(userId, phone);
    const replyTo = value?.messages?.[0]?.context?.id;
    store.add(phone, {
      id: wamid,
      from: "citizen",
      at: new Date().toISOString(),
      tick: "pending",
      ...(replyTo ? { replyTo } : {}),
      content: fromInbound(input.message),
    });
  };

  const onOutbound = (r: ReceivedRequest) => {
    if (r.phoneNumberId !== phoneNumberId) return;
    if (r.kind === "read") {
      store.markReadUpTo(r.wamid);
      return;
    }
    const body: OutboundMessage = r.body;
    const phone =
      body.to !== undefined ? digits(body.to) : body.recipient && store.phoneOfUser(body.recipient);
    if (!phone) return;
    store.add(phone, {
      id: r.wamid,
      from: "office",
      at: r.at.toISOString(),
      ...(body.context?.message_id ? { replyTo: body.context.message_id } : {}),
      content: fromOutbound(body),
    });
  };

  fake.events.on("inbound", onInbound);
  fake.events.on("outbound", onOutbound);
  return () => {
    fake.events.off("inbound", onInbound);
    fake.events.off("outbound", onOutbound);
  };
};
