/**
 * The must-show run: 20,000 opted-in recipients under a 10,000-users-per-24-h tier and 80 msg/s, driven by
 * a fake clock (runCampaigns with advancing `now`, no waiting). Outbox workers are off: a step "sends" by
 * marking the outbox rows done, as the workers would. Mid-campaign the runner crashes and restarts (fresh
 * instances, one of them twice at once), and two citizens send STOP through the real webhook: one still
 * pending, one queued but not yet sent.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { startInboxProcessor } from "../inbox/inbox.worker.ts";
import { openSendPayload } from "../messaging/outbound.service.ts";
import { hasConsent } from "../privacy/consent.service.ts";
import { createCampaign, scheduleCampaign } from "./campaigns.service.ts";
import { DAY_MS, perWindow, RATE_WINDOW_MS } from "./planner.ts";
import { type CampaignRunner, createCampaignRunner } from "./runner.ts";
import { approvedTemplate, optedInContacts, settingsFor } from "./testing.ts";

const N = 20_000;
const TIER = 10_000;
const RATE = 80;

describeEachDatabase("broadcast campaign at scale", (database) => {
  let lontar: RunningLontar;
  let inbox: { stop(): Promise<void> };

  before(async () => {
    lontar = await startLontar(database(), { citizen: true, workers: false });
    // Only the inbox runs (the STOPs go through the real webhook and bot); no outbox workers, no timers.
    inbox = startInboxProcessor({
      database: database(),
      keys: lontar.keys,
      bus: lontar.app.bus,
      onMessage: lontar.citizens!.onMessage,
      pollMs: 1000,
    });
  });
  after(async () => {
    await inbox.stop();
    await lontar.stop();
  });

  const one = async <T>(q: ReturnType<typeof sql>) => (await rows<T>(database().db, q))[0]!;

  test("20,000 recipients: tier and rate kept, restart resumes without doubles, mid-campaign STOPs honoured", async (t) => {
    const db = database().db;
    const { officeId, channelId } = lontar;
    const settings = settingsFor({ tier: TIER, defaultRatePerSecond: RATE });
    const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
    const timing: Record<string, number> = {};
    const mark = (label: string, since: number) => {
      timing[label] = Math.round(performance.now() - since);
    };

    let started = performance.now();
    const contacts = await db.transaction((tx) =>
      optedInContacts(tx, { officeId, count: N, at: new Date(t0.getTime() - DAY_MS) }),
    );
    const template = await db.transaction((tx) => approvedTemplate(tx, officeId));
    const staffId = await anyStaff();
    const campaign = await db.transaction(async (tx) => {
      const c = await createCampaign(tx, {
        officeId,
        staffId,
        now: t0,
        keys: lontar.keys,
        settings,
        name: "Ajakan rekam KTP-el",
        templateId: template.id,
        channelId,
        parameters: ["Bapak/Ibu"],
        filters: {},
      });
      await scheduleCampaign(tx, { officeId, staffId, now: t0, campaignId: c.id });
      return c;
    });
    assert.equal(campaign.recipients, N, "the preview counted every opted-in contact");
    mark("setup", started);

    /** What the outbox workers would do: send everything queued. */
    const sendAll = () =>
      db.execute(sql`UPDATE outbox SET status = 'done', done_at = now() WHERE status = 'pending'`);
    const queuedCount = async () =>
      (
        await one<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM campaign_recipients WHERE queued_at IS NOT NULL`,
        )
      ).n;
    const stop = async (waId: string) => {
      await lontar.fake.sendInbound({
        phoneNumberId: TEST_PHONE_NUMBER_ID,
        from: waId,
        name: "Warga",
        message: { type: "text", body: "STOP" },
      });
      const contactId = contacts.find((c) => c.wa_id === waId)!.id;
      await eventually(async () => !(await hasConsent(db, contactId, "broadcast")));
      return contactId;
    };

    let runner: CampaignRunner = createCampaignRunner({ database: database(), keys: lontar.keys, settings });
    let now = t0;
    let steps = 0;
    const step = async (r = runner) => {
      const result = await r.runCampaigns(now);
      steps += 1;
      return result;
    };

    started = performance.now();
    // Day 1, first part: until some 3,000 are queued.
    while ((await queuedCount()) < 3_000) {
      await step();
      await sendAll();
      now = new Date(now.getTime() + RATE_WINDOW_MS);
    }
    // A STOP for someone still pending, and one for someone queued in the last step but not yet sent.
    const pendingWaId = (
      await one<{
        wa_id: string;
      }>(sql`SELECT c.wa_id FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id
        WHERE r.status = 'pending' ORDER BY r.contact_id DESC LIMIT 1`)
    ).wa_id;
    const stoppedPending = await stop(pendingWaId);
    const last = await step();
    assert.ok(last.queued > 0);
    const unsent = await one<{ wa_id: string; contact_id: string; outbox_id: number }>(sql`
      SELECT c.wa_id, r.contact_id, r.outbox_id FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id
      JOIN outbox o ON o.id = r.outbox_id WHERE o.status = 'pending' LIMIT 1`);
    const stoppedQueued = await stop(unsent.wa_id);
    await sendAll();
    now = new Date(now.getTime() + RATE_WINDOW_MS);

    // A crash mid-step: the runner dies after queueing part of a batch (keys that cannot seal); all rolls back.
    const before = await queuedCount();
    const outboxBefore = (await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox`)).n;
    const broken = createCampaignRunner({
      database: database(),
      keys: { ...lontar.keys, encryptionKey: new Uint8Array(3) },
      settings,
    });
    await assert.rejects(step(broken));
    assert.equal(await queuedCount(), before, "nothing of the crashed step stayed");
    assert.equal((await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox`)).n, outboxBefore);

    // The restart: fresh runners over the same database; the first step after it runs on two at once.
    runner = createCampaignRunner({ database: database(), keys: lontar.keys, settings });
    const other = createCampaignRunner({ database: database(), keys: lontar.keys, settings });
    await Promise.all([step(runner), step(other)]);
    await sendAll();
    now = new Date(now.getTime() + RATE_WINDOW_MS);

    // On through day 1 until the tier stops it, then a few more steps that must queue nobody.
    let blocked = 0;
    while (blocked < 3) {
      const r = await step();
      await sendAll();
      now = new Date(now.getTime() + RATE_WINDOW_MS);
      if (r.queued === 0) blocked += 1;
    }
    assert.equal(await queuedCount(), TIER, "day 1 reached exactly the tier");
    // Hours later, still inside the 24 hours: nothing.
    now = new Date(t0.getTime() + 20 * 3_600_000);
    assert.equal((await step()).queued, 0);
    // The window frees 24 h after the first sends; day 2 carries on to the end.
    now = new Date(t0.getTime() + DAY_MS + RATE_WINDOW_MS);
    for (;;) {
      const r = await step();
      await sendAll();
      now = new Date(now.getTime() + RATE_WINDOW_MS);
      if (r.finished > 0) break;
      assert.ok(steps < 1000, "the campaign finishes");
    }
    mark("run", started);

    // Everyone was handled once: queued, or skipped for the two STOPs.
    const status = await one<{ status: string; finished_at: Date | null }>(
      sql`SELECT status, finished_at FROM campaigns WHERE id = ${campaign.id}`,
    );
    assert.equal(status.status, "done");
    const counts = await one<{ queued: number; skipped: number; pending: number }>(sql`
      SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
        count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
        count(*) FILTER (WHERE status = 'pending')::int AS pending
      FROM campaign_recipients WHERE campaign_id = ${campaign.id}`);
    assert.deepEqual(counts, { queued: N - 2, skipped: 2, pending: 0 });

    // One template message and one outbox row per queued recipient, nobody twice.
    const sends = await one<{ messages: number; conversations: number; outbox: number }>(sql`
      SELECT (SELECT count(*)::int FROM messages WHERE direction = 'out' AND type = 'template') AS messages,
        (SELECT count(DISTINCT conversation_id)::int FROM messages WHERE direction = 'out' AND type = 'template') AS conversations,
        (SELECT count(*)::int FROM outbox o JOIN campaign_recipients r ON r.outbox_id = o.id) AS outbox`);
    // Payloads are sealed (outbox.payload): template sends are told apart by opening them.
    const templateRecipients = (
      await rows<{ recipient: string; payload: unknown }>(db, sql`SELECT recipient, payload FROM outbox`)
    )
      .filter((r) => (openSendPayload(lontar.keys, r.payload).body as { type?: string }).type === "template")
      .map((r) => r.recipient);
    const doubled = templateRecipients.length - new Set(templateRecipients).size;
    assert.deepEqual(
      { ...sends, doubled },
      { messages: N - 1, conversations: N - 1, outbox: N - 1, doubled: 0 },
    );

    // The STOP before queueing: never queued. The STOP after queueing: its unsent outbox row withdrawn.
    const stopped = await rows<{
      contact_id: string;
      status: string;
      outbox_status: string | null;
      message_status: string | null;
    }>(
      db,
      sql`SELECT r.contact_id, r.status, o.status AS outbox_status, m.status AS message_status
          FROM campaign_recipients r LEFT JOIN outbox o ON o.id = r.outbox_id LEFT JOIN messages m ON m.id = r.message_id
          WHERE r.contact_id IN (${stoppedPending}, ${stoppedQueued}) ORDER BY r.contact_id = ${stoppedQueued}`,
    );
    assert.deepEqual(
      stopped.map((s) => [s.status, s.outbox_status, s.message_status]),
      [
        ["skipped", null, null],
        ["skipped", "failed", "failed"],
      ],
    );
    assert.equal(unsent.contact_id, stoppedQueued);

    // The tier held in every moving 24 h, and the rate in every window, at every instant something was queued.
    const worst = await one<{ day: number; window: number }>(sql`
      SELECT max((SELECT count(DISTINCT r2.contact_id) FROM campaign_recipients r2
                  WHERE r2.queued_at > s.t - interval '24 hours' AND r2.queued_at <= s.t))::int AS day,
             max((SELECT count(*) FROM campaign_recipients r3
                  WHERE r3.queued_at > s.t - ${`${RATE_WINDOW_MS} milliseconds`}::interval AND r3.queued_at <= s.t))::int AS window
      FROM (SELECT DISTINCT queued_at AS t FROM campaign_recipients WHERE queued_at IS NOT NULL) s`);
    assert.equal(worst.day, TIER);
    assert.equal(worst.window, perWindow(RATE));

    t.diagnostic(
      `[${database().name}] ${N} recipients: setup ${timing.setup} ms, ${steps} steps in ${timing.run} ms (${Math.round(timing.run! / steps)} ms/step)`,
    );
  });

  const anyStaff = async () =>
    (await one<{ id: string }>(sql`SELECT id FROM operators WHERE office_id = ${lontar.officeId} LIMIT 1`))
      .id;
});
