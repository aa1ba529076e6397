import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { deriveFieldKeys } from "../shared/field-crypto.ts";
import { createCitizenService } from "./citizen-service.ts";

const CITIZEN = "6281234500555";

describeEachDatabase("abandoned drafts", (database) => {
  let lontar: RunningLontar;
  let citizens: Awaited<ReturnType<typeof createCitizenService>>;
  const texts = () =>
    lontar.fake.received.flatMap((r) =>
      r.kind === "message" && r.body.type === "text" ? [(r.body.text as { body: string }).body] : [],
    );
  const say = async (body: string) => {
    const before = lontar.fake.received.length;
    await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: CITIZEN,
      message: { type: "text", body },
    });
    await eventually(async () => lontar.fake.received.length > before + 1);
  };
  const flowName = async () =>
    (
      await rows<{ name: string }>(
        database().db,
        sql`SELECT bot_state->'flow'->>'name' AS name FROM conversations`,
      )
    )[0]?.name;

  before(async () => {
    // One master key for the app and the bot, as main.ts wires them: the outbox opens what the bot sealed.
    const masterKey = randomBytes(32);
    citizens = await createCitizenService({ keys: deriveFieldKeys(masterKey) });
    lontar = await startLontar(database(), {
      masterKey,
      onMessage: citizens.onMessage,
      outbox: { perRecipientIntervalMs: 0 },
    });
  });
  after(async () => lontar.stop());

  test("one reminder inside the 24-hour window, then the draft expires", async () => {
    await say("halo");
    await say("2"); // Ajukan permohonan
    await say("5"); // Akta kematian
    assert.equal(await flowName(), "field");
    const timers = { remindAfterMs: 60_000, expireAfterMs: 3_600_000 };
    const idle = async (ms: number) =>
      database().db.execute(
        sql`UPDATE conversations SET updated_at = now() - make_interval(secs => ${ms / 1000})`,
      );

    await idle(120_000);
    const reminders = () => texts().filter((t) => /belum selesai/.test(t)).length;
    assert.equal(reminders(), 0);
    assert.equal(await citizens.runDraftTimers(database(), timers), 1);
    await eventually(async () => reminders() === 1);

    await idle(120_000);
    assert.equal(await citizens.runDraftTimers(database(), timers), 0, "a second reminder is never sent");
    assert.equal(reminders(), 1);

    await idle(4_000_000);
    assert.equal(await citizens.runDraftTimers(database(), timers), 1);
    await eventually(async () => texts().some((t) => /sudah kami hapus/.test(t)));
    assert.equal(await flowName(), "idle");
  });
});
