/**
 * The simulator's memory: one chat per citizen phone number, for this process only. Bounded, because
 * the demo may be left running for days and load tests can push many citizens through the same fake.
 */
import type { SimMessage, Tick } from "./types.ts";

export type ChatListener = (message: SimMessage) => void;

export type ChatStore = {
  history(phone: string): SimMessage[];
  add(phone: string, m: Omit<SimMessage, "seq">): SimMessage;
  find(phone: string, wamid: string): SimMessage | undefined;
  /** Raises the tick of one citizen message; ticks never go backwards (a late "sent" after "read"). */
  setTick(wamid: string, tick: Tick): void;
  /** WhatsApp semantics: marking a message read also marks every earlier message of that chat. */
  markReadUpTo(wamid: string): void;
  linkUser(userId: string, phone: string): void;
  phoneOfUser(userId: string): string | undefined;
  subscribe(phone: string, listener: ChatListener): () => void;
};

type Chat = { messages: SimMessage[]; userId?: string };

const RANK: Record<Tick, number> = { pending: 0, sent: 1, read: 2 };

export const createChatStore = (o: { perChat?: number; maxChats?: number } = {}): ChatStore => {
  const perChat = o.perChat ?? 200;
  const maxChats = o.maxChats ?? 1000;
  // Map iteration order is insertion order; re-inserting on activity makes the first key the stalest chat.
  const chats = new Map<string, Chat>();
  const phoneOfWamid = new Map<string, string>();
  const phoneOfUserId = new Map<string, string>();
  const listeners = new Map<string, Set<ChatListener>>();
  let seq = 0;

  const forget = (phone: string, chat: Chat) => {
    for (const m of chat.messages) phoneOfWamid.delete(m.id);
    if (chat.userId) phoneOfUserId.delete(chat.userId);
    chats.delete(phone);
  };

  const touch = (phone: string): Chat => {
    const chat = chats.get(phone) ?? { messages: [] };
    chats.delete(phone);
    chats.set(phone, chat);
    while (chats.size > maxChats) {
      const [stalest, old] = chats.entries().next().value as [string, Chat];
      forget(stalest, old);
    }
    return chat;
  };

  const publish = (phone: string, m: SimMessage) => {
    for (const listener of listeners.get(phone) ?? []) listener(m);
  };

  const raise = (phone: string, m: SimMessage, tick: Tick) => {
    if (m.from !== "citizen" || RANK[m.tick ?? "pending"] >= RANK[tick]) return;
    m.tick = tick;
    publish(phone, m);
  };

  const locate = (wamid: string) => {
    const phone = phoneOfWamid.get(wamid);
    const chat = phone === undefined ? undefined : chats.get(phone);
    const index = chat ? chat.messages.findIndex((m) => m.id === wamid) : -1;
    return phone !== undefined && chat && index >= 0 ? { phone, chat, index } : undefined;
  };

  return {
    history: (phone) => [...(chats.get(phone)?.messages ?? [])],
    add(phone, m) {
      const chat = touch(phone);
      seq += 1;
      const message: SimMessage = { ...m, seq };
      chat.messages.push(message);
      phoneOfWamid.set(message.id, phone);
      for (const dropped of chat.messages.splice(0, Math.max(0, chat.messages.length - perChat))) {
        phoneOfWamid.delete(dropped.id);
      }
      publish(phone, message);
      return message;
    },
    find: (phone, wamid) => chats.get(phone)?.messages.find((m) => m.id === wamid),
    setTick(wamid, tick) {
      const at = locate(wamid);
      if (at) raise(at.phone, at.chat.messages[at.index]!, tick);
    },
    markReadUpTo(wamid) {
      const at = locate(wamid);
      if (!at) return;
      for (const m of at.chat.messages.slice(0, at.index + 1)) raise(at.phone, m, "read");
    },
    linkUser(userId, phone) {
      const chat = touch(phone);
      chat.userId = userId;
      phoneOfUserId.set(userId, phone);
    },
    phoneOfUser: (userId) => phoneOfUserId.get(userId),
    subscribe(phone, listener) {
      const set = listeners.get(phone) ?? new Set();
      set.add(listener);
      listeners.set(phone, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(phone);
      };
    },
  };
};
