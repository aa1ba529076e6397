import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Fastify from "fastify";
import { createFakeCloudApi } from "./index.ts";
import { APP_SECRET, NUMBER, TOKEN } from "./test-support.ts";

describe("fake Cloud API mounted under a prefix", () => {
  it("serves the routes and points media URLs at the prefix", async () => {
    const fake = createFakeCloudApi({
      appSecret: APP_SECRET,
      accessToken: TOKEN,
      webhookUrl: "http://127.0.0.1:9/unused",
      numbers: [NUMBER],
      statuses: { auto: false },
    });
    const app = Fastify();
    await app.register(fake.routes, { prefix: "/fake-graph" });
    const id = fake.uploadInboundMedia(Buffer.from("jpg"), "image/jpeg");
    const res = await app.inject({
      url: `/fake-graph/v25.0/${id}`,
      headers: { authorization: `Bearer ${TOKEN}`, host: "lontar.local:3000" },
    });
    assert.equal(res.statusCode, 200);
    const url = new URL(String(res.json().url));
    assert.equal(`${url.origin}${url.pathname}`, `http://lontar.local:3000/fake-graph/_media/${id}`);
    const download = (authorization?: string) =>
      app.inject({ url: `${url.pathname}${url.search}`, headers: authorization ? { authorization } : {} });
    assert.equal((await download()).statusCode, 401);
    const ok = await download(`Bearer ${TOKEN}`);
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers["content-type"], "image/jpeg");
    assert.equal(ok.body, "jpg");
    await app.close();
    await fake.close();
  });
});
