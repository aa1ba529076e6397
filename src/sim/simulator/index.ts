/**
 * The citizen phone simulator at /sim (demo mode): a WhatsApp-like chat page that talks to Lontar
 * only through the fake Cloud API, so what the demo shows is what the real webhook path does.
 */
import multipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import type { FakeCloudApi } from "../fake/types.ts";
import { MAX_UPLOAD_BYTES, registerApi } from "./api.ts";
import { connectFake } from "./bridge.ts";
import { DEFAULT_PRESETS, type Preset, registerPage } from "./page.tsx";
import { registerEvents } from "./sse.ts";
import { createChatStore } from "./store.ts";

export type { Preset } from "./page.tsx";
export type { SimContent, SimMessage, Tick } from "./types.ts";

export type SimulatorOptions = {
  fake: FakeCloudApi;
  /** The office number citizens write to (one of the fake's numbers). */
  phoneNumberId: string;
  /** Shown in the chat header, as a business profile name. */
  officeName?: string;
  presets?: Preset[];
};

export const simulatorRoutes =
  (o: SimulatorOptions) =>
  async (app: FastifyInstance): Promise<void> => {
    // Chats live as long as this registration: a restart of Lontar starts with empty phones.
    const store = createChatStore({ perChat: 200, maxChats: 1000 });
    const disconnect = connectFake(o.fake, store, o.phoneNumberId);
    app.addHook("onClose", async () => disconnect());

    // This plugin is encapsulated, so the parser stays in its scope; the host may already have one.
    if (!app.hasContentTypeParser("multipart/form-data")) {
      await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES } });
    }

    registerApi(app, { fake: o.fake, phoneNumberId: o.phoneNumberId, store });
    registerEvents(app, store);
    registerPage(app, {
      officeName: o.officeName ?? "Dukcapil Kota Kupang",
      presets: o.presets ?? DEFAULT_PRESETS,
    });
  };
