import type { FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import { createFakeCloudApi, type FakeCloudApi } from "./sim/fake/index.ts";

export const FAKE_PREFIX = "/fake-graph";
export const DEMO_NUMBER = { displayPhoneNumber: "6238000000001", wabaId: "200000000000001" };

/**
 * Demo mode: the fake Cloud API is mounted on Lontar's own port and reached over real HTTP, and it
 * delivers signed webhooks to Lontar's real webhook route. Nothing takes a shortcut.
 */
export const createDemoFake = (config: Config, baseUrl: () => string): FakeCloudApi =>
  createFakeCloudApi({
    appSecret: config.whatsapp.appSecret,
    accessToken: config.whatsapp.accessToken,
    apiVersion: config.whatsapp.apiVersion,
    webhookUrl: () => `${baseUrl()}/webhooks/whatsapp`,
    publicBaseUrl: () => `${baseUrl()}${FAKE_PREFIX}`,
    numbers: [{ phoneNumberId: config.whatsapp.phoneNumberId, ...DEMO_NUMBER }],
  });

export const mountFake = (fake: FakeCloudApi) => async (app: FastifyInstance) => {
  await app.register(fake.routes, { prefix: FAKE_PREFIX });
};
