/**
 * Who may see and act on a chat, over real HTTP: outside the person's services the chat does not exist
 * (404, and nothing changes); viewers and admins read but never act (403, nothing queued). Also: what a
 * citizen typed, or named themselves, is shown as text and never runs as HTML.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { type Chat, conversationRow, outboundOf, seedChat, storeInbound } from "./conversation.testing.ts";
import { createStaff, type DeskClient, signIn } from "./testing.ts";

const htmx = { "hx-request": "true" };

describeEachDatabase("desk conversations: scopes", (database) => {
  let lontar: RunningLontar;
  let kkOperator: DeskClient;
  let kiaOperator: DeskClient;
  let kiaViewer: DeskClient;
  let kiaAdmin: DeskClient;
  /** Visible only through the KIA service: the citizen asked for a KIA officer. */
  let kiaChat: Chat;

  before(async () => {
    lontar = await startLontar(database(), {
      citizen: true,
      workers: false,
      env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
    });
    const staff = async (username: string, role: "operator" | "viewer" | "admin", services: string[]) => {
      await createStaff(database(), { officeId: lontar.officeId, username, role, services });
      return signIn(lontar.baseUrl, username);
    };
    kkOperator = await staff("petugas.kk", "operator", ["kk"]);
    kiaOperator = await staff("petugas.kia", "operator", ["kia"]);
    kiaViewer = await staff("pemantau.kia", "viewer", ["kia"]);
    kiaAdmin = await staff("admin.kia", "admin", ["kia"]);
    kiaChat = await seedChat(lontar, database(), {
      phone: "6281339011001",
      name: "Maria Ndun",
      handoverService: "kia",
    });
    await storeInbound(lontar, database(), kiaChat, { kind: "text", body: "Mau tanya KIA anak saya" });
  });
  after(() => lontar.stop());

  const outboxCount = async () =>
    (
      await rows<{ n: number }>(
        database().db,
        sql`SELECT count(*)::int AS n FROM outbox WHERE recipient = ${kiaChat.phone}`,
      )
    )[0]!.n;

  test("an operator of another service gets 404 for every view and action, and nothing changes", async () => {
    const base = `/desk/conversations/${kiaChat.conversationId}`;
    for (const path of [base, `${base}/timeline`, `${base}/head`, `${base}/reply-box`]) {
      assert.equal((await kkOperator.get(path)).status, 404, path);
      assert.equal((await kkOperator.get(path, htmx)).status, 404, `${path} (htmx)`);
    }
    for (const action of ["reply", "take", "hand-back", "close"]) {
      const res = await kkOperator.post(`${base}/${action}`, { text: "Halo" }, { htmx: true });
      assert.equal(res.status, 404, action);
      assert.doesNotMatch(res.body, /Maria Ndun|Mau tanya KIA/, `${action}: nothing leaks`);
    }
    const row = await conversationRow(database(), kiaChat);
    assert.equal(row.heldBy, null);
    assert.ok(row.handoverAt, "still waiting in the KIA queue");
    assert.equal(await outboxCount(), 0);
    // An unknown id and a malformed one answer the same.
    assert.equal(
      (await kkOperator.get("/desk/conversations/00000000-0000-4000-8000-000000000000")).status,
      404,
    );
    assert.equal((await kkOperator.get("/desk/conversations/not-a-uuid")).status, 404);
  });

  test("viewers and admins read the chat but get 403 on every action, and nothing is queued", async () => {
    const base = `/desk/conversations/${kiaChat.conversationId}`;
    const page = await kiaViewer.get(base, htmx);
    assert.equal(page.status, 200);
    assert.match(page.body, /Mau tanya KIA anak saya/);
    assert.match(page.body, /Anda hanya dapat membaca chat ini/);
    assert.doesNotMatch(page.body, /<textarea/);
    assert.doesNotMatch(page.body, /data-action="take"/);
    for (const client of [kiaViewer, kiaAdmin]) {
      for (const action of ["reply", "take", "hand-back", "close"]) {
        const res = await client.post(`${base}/${action}`, { text: "Halo" }, { htmx: true });
        assert.equal(res.status, 403, action);
      }
    }
    assert.equal(await outboxCount(), 0);
    assert.equal((await conversationRow(database(), kiaChat)).heldBy, null);
  });

  test("a reply without the CSRF token is refused", async () => {
    const res = await kiaOperator.post(
      `/desk/conversations/${kiaChat.conversationId}/reply`,
      { text: "Halo" },
      { csrf: false },
    );
    assert.equal(res.status, 403);
    assert.equal(await outboxCount(), 0);
  });

  test("the operator of the chat's service may answer", async () => {
    const chat = await seedChat(lontar, database(), {
      phone: "6281339011002",
      name: "Yohanes Bria",
      handoverService: "kia",
    });
    const res = await kiaOperator.post(
      `/desk/conversations/${chat.conversationId}/reply`,
      { text: "Selamat siang, Bapak." },
      { htmx: true },
    );
    assert.equal(res.status, 200);
    assert.equal((await outboundOf(lontar, database(), chat)).length, 1);
  });

  test("a citizen's name and message are shown as text, never as HTML", async () => {
    const chat = await seedChat(lontar, database(), {
      phone: "6281339011003",
      name: "<img src=x onerror=alert(1)>",
      handoverService: "kia",
    });
    await storeInbound(lontar, database(), chat, { kind: "text", body: "<script>alert(1)</script>" });
    for (const path of [`/desk/conversations/${chat.conversationId}`, "/desk?queue=chats"]) {
      const page = await kiaOperator.get(path);
      assert.equal(page.status, 200);
      assert.match(page.body, /&lt;img src=x onerror=alert\(1\)&gt;/, path);
      assert.doesNotMatch(page.body, /<img src=x/i, path);
      assert.doesNotMatch(page.body, /<script>alert/i, path);
    }
    const page = await kiaOperator.get(`/desk/conversations/${chat.conversationId}`);
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page.headers.get("content-security-policy")!, /default-src 'self'/);
  });
});
