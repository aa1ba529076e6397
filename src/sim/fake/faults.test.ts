import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Fault } from "./index.ts";
import { PNID, type Receiver, sendText, startFake, startReceiver, TOKEN } from "./test-support.ts";

type GraphErr = {
  error: { code: number; type: string; error_subcode?: number; error_data: { details: string } };
};

describe("fake Cloud API faults", () => {
  let receiver: Receiver;
  let ctx: Awaited<ReturnType<typeof startFake>>;

  before(async () => {
    receiver = await startReceiver();
    ctx = await startFake(receiver);
  });
  after(async () => {
    await ctx.fake.close();
    await receiver.close();
  });
  beforeEach(() => ctx.fake.clearFaults());

  const wamidOf = async (res: Response) =>
    ((await res.json()) as { messages: Array<{ id: string }> }).messages[0]!.id;

  it("answers synchronous faults with the real Graph envelope and HTTP status", async () => {
    const cases: Array<[Fault, number, number]> = [
      [{ kind: "http500" }, 500, 1],
      [{ kind: "http503" }, 503, 2],
      [{ kind: "throttle", code: 130429 }, 400, 130429],
      [{ kind: "throttle", code: 131056 }, 400, 131056],
      [{ kind: "throttle", code: 80007 }, 429, 80007],
      [{ kind: "reengagement" }, 400, 131047],
      [{ kind: "undeliverable" }, 400, 131026],
      [{ kind: "graph_error", code: 131049 }, 400, 131049],
    ];
    for (const [fault, status, code] of cases) {
      ctx.fake.injectFault(fault);
      const res = await sendText(ctx.graph, "6281200000000");
      assert.equal(res.status, status, fault.kind);
      const { error } = (await res.json()) as GraphErr;
      assert.equal(error.code, code);
      assert.equal(error.type, "OAuthException");
      if (code === 131056) assert.equal(error.error_subcode, 2494071);
      if (code === 131047)
        assert.equal(
          error.error_data.details,
          "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        );
      // Consumed: the next send goes through.
      assert.equal((await sendText(ctx.graph, "6281200000000")).status, 200);
    }
  });

  it("honours times and recipient matching; mark-as-read never consumes a fault", async () => {
    ctx.fake.injectFault({ kind: "http500", times: 2, to: "+6281299999999" });
    const read = await ctx.graph(`/v25.0/${PNID}/messages`, {
      method: "POST",
      body: JSON.stringify({ messaging_product: "whatsapp", status: "read", message_id: "wamid.HBgLx" }),
    });
    assert.equal(read.status, 200);
    assert.equal((await sendText(ctx.graph, "6281200000001")).status, 200);
    assert.equal((await sendText(ctx.graph, "6281299999999")).status, 500);
    assert.equal((await sendText(ctx.graph, "6281299999999")).status, 500);
    assert.equal((await sendText(ctx.graph, "6281299999999")).status, 200);
  });

  it("async_fail accepts, then emits only a failed status without contacts", async () => {
    ctx.fake.injectFault({ kind: "async_fail", code: 131049 });
    const res = await sendText(ctx.graph, "6281200000002", { biz_opaque_callback_data: "cb-fail" });
    assert.equal(res.status, 200);
    const wamid = await wamidOf(res);
    const failed = await receiver.waitFor(() =>
      receiver.statusesOf(wamid).find((s) => s.status === "failed"),
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(
      receiver.statusesOf(wamid).map((s) => s.status),
      ["failed"],
    );
    assert.equal(failed.errors?.[0]?.code, 131049);
    assert.equal(failed.biz_opaque_callback_data, "cb-fail");
    assert.equal(failed.recipient_id, "6281200000002");
    assert.equal(failed.recipient_user_id, undefined);
    const hit = receiver.hits.find(
      (h) => h.payload.entry?.[0]?.changes?.[0]?.value?.statuses?.[0]?.id === wamid,
    );
    assert.equal(hit?.payload.entry?.[0]?.changes?.[0]?.value?.contacts, undefined);
  });

  it("slow answers after the delay", async () => {
    ctx.fake.injectFault({ kind: "slow", ms: 200 });
    const started = Date.now();
    const res = await sendText(ctx.graph, "6281200000003");
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 190);
  });

  it("drop_after_accept records the send and emits statuses but never answers", async () => {
    ctx.fake.injectFault({ kind: "drop_after_accept" });
    const count = ctx.fake.received.length;
    await assert.rejects(sendText(ctx.graph, "6281200000004", { biz_opaque_callback_data: "lost-1" }));
    const rec = ctx.fake.received[count];
    assert.equal(rec?.kind, "message");
    const status = await receiver.waitFor(() =>
      receiver.statusesOf(rec!.wamid).find((s) => s.status === "sent"),
    );
    assert.equal(status.biz_opaque_callback_data, "lost-1");
  });

  it("reorder_statuses emits read before delivered, and delivered twice", async () => {
    ctx.fake.injectFault({ kind: "reorder_statuses" });
    const wamid = await wamidOf(await sendText(ctx.graph, "6281200000005"));
    const seen = await receiver.waitFor(() => {
      const s = receiver.statusesOf(wamid);
      return s.length === 4 ? s : undefined;
    });
    assert.deepEqual(
      seen.map((s) => s.status),
      ["sent", "read", "delivered", "delivered"],
    );
  });

  it("media faults hit uploads only when targeted at the media endpoint", async () => {
    ctx.fake.injectFault({ kind: "graph_error", code: 131053, endpoint: "media" });
    assert.equal((await sendText(ctx.graph, "6281200000006")).status, 200);
    const form = new FormData();
    form.set("messaging_product", "whatsapp");
    form.set("file", new Blob([Buffer.from("x")], { type: "image/png" }), "x.png");
    const up = await fetch(`${ctx.base}/v25.0/${PNID}/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    assert.equal(up.status, 400);
    assert.equal(((await up.json()) as GraphErr).error.code, 131053);
  });

  it("counts accepted and rejected requests", () => {
    const stats = ctx.fake.stats();
    assert.ok(stats.accepted > 5);
    assert.ok(stats.rejected >= 10);
    assert.ok(stats.webhooksSent > 0);
  });
});
