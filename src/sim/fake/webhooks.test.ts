import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { it } from "node:test";
import { createWebhookSender } from "./webhooks.ts";

it("keeps at most `concurrency` webhook POSTs in flight", async () => {
  let inFlight = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    req.resume();
    setTimeout(() => {
      inFlight -= 1;
      res.end("ok");
    }, 15);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let sent = 0;
  const sender = createWebhookSender({
    url: `http://127.0.0.1:${port}/`,
    appSecret: "s",
    attempts: 1,
    baseDelayMs: 1,
    concurrency: 3,
    onSent: () => {
      sent += 1;
    },
    onFailed: () => undefined,
  });
  const results = await Promise.all(
    Array.from({ length: 20 }, () => sender.deliver({ object: "whatsapp_business_account", entry: [] })),
  );
  assert.ok(results.every((r) => r.length === 1 && r[0] === 200));
  assert.equal(sent, 20);
  assert.ok(peak <= 3, `peak ${peak}`);
  assert.ok(peak >= 2);
  sender.close();
  await new Promise((resolve) => server.close(resolve));
});
