/**
 * Live updates reach every desk: a citizen's message processed by one Lontar instance is announced on the
 * desk event stream of another instance sharing the database (LISTEN/NOTIFY on PostgreSQL, one shared bus
 * on the embedded database), and that desk then lists it.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { createStaff, freshOffice, signIn } from "./testing.ts";

/** Reads a Server-Sent Events stream until an event of that name arrives. */
const nextEvent = async (res: Response, name: string, timeoutMs = 15_000) => {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const deadline = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended without a "${name}" event`);
      buffer += decoder.decode(value, { stream: true });
      if (buffer.includes(`event: ${name}\n`)) return buffer;
    }
  } finally {
    clearTimeout(deadline);
    await reader.cancel().catch(() => {});
  }
};

describeEachDatabase("desk live updates across instances", (database) => {
  let receiving: RunningLontar;
  let watching: RunningLontar;
  before(async () => {
    // Instances of one install share the master key: B opens the names A sealed (contacts.profile_name).
    const masterKey = randomBytes(32);
    receiving = await startLontar(database(), { citizen: true, instanceId: "a", masterKey });
    watching = await startLontar(database(), {
      citizen: true,
      masterKey,
      workers: false,
      seed: false,
      instanceId: "b",
      env: { LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
    });
  });
  after(async () => {
    await watching.stop();
    await receiving.stop();
  });

  test("a hand-over processed by instance A appears on a desk signed in to instance B", async () => {
    const { officeId } = await freshOffice(database(), receiving);
    await createStaff(database(), { officeId, username: "live", role: "operator", services: ["kia"] });
    const desk = await signIn(watching.baseUrl, "live");
    const before = await desk.get("/desk/queues/nav?queue=chats");
    assert.match(before.body, /data-count="chats">0</);

    const stream = await fetch(`${watching.baseUrl}/desk/events`, { headers: { cookie: desk.cookie } });
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get("content-type")!, /text\/event-stream/);
    const event = nextEvent(stream, "change");
    await receiving.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: "6281339000777",
      name: "Yosef Manu",
      message: { type: "text", body: "PETUGAS" },
    });
    await event;

    const list = await desk.get("/desk/queues/list?queue=chats");
    assert.match(list.body, /Yosef Manu/);
    assert.match((await desk.get("/desk/queues/nav?queue=chats")).body, /data-count="chats">1</);
  });

  test("the event stream needs a session", async () => {
    const res = await fetch(`${watching.baseUrl}/desk/events`, { redirect: "manual" });
    assert.equal(res.status, 303);
  });
});
