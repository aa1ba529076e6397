/**
 * Consent and a whole campaign through the real path: signed webhooks from the fake Cloud API → inbox →
 * bot → consent rows; then the runner → outbox → fake Cloud API → status webhooks → the campaign's counts.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually } from "../../testing/lontar.ts";
import { type Golden, startGolden } from "../conversations/golden/harness.ts";
import { contactOf } from "../conversations/golden/scripts.ts";
import { hasConsent } from "../privacy/consent.service.ts";
import { listCampaigns } from "./campaigns.repo.ts";
import { createCampaign, previewCampaign, scheduleCampaign } from "./campaigns.service.ts";
import { createCampaignRunner } from "./runner.ts";
import { approvedTemplate, settingsFor } from "./testing.ts";

describeEachDatabase("broadcasts through the webhook", (database) => {
  let g: Golden;
  before(async () => {
    g = await startGolden(database());
  });
  after(async () => g.stop());
  afterEach(() => assert.deepEqual(g.botErrors.splice(0), [], "the bot hit a bug"));

  const optedIn = async (phone: string) =>
    hasConsent(g.database.db, (await contactOf(g, phone)).contact_id, "broadcast");
  const audience = async (templateId: string) =>
    (
      await previewCampaign(g.database.db, {
        officeId: g.officeId,
        keys: g.citizens.deps.keys,
        settings: settingsFor(),
        templateId,
        filters: {},
        now: new Date(),
      })
    ).recipients;

  test("opt in from the menu, STOP, MULAI, BERHENTI, START: each round trip moves the audience", async () => {
    const template = await g.database.db.transaction((tx) =>
      approvedTemplate(tx, g.officeId, { name: "lontar_round_trip" }),
    );
    const c = g.citizen("6281339001001", "Marselina Tefa");
    await c.say("selamat pagi");
    assert.equal(await optedIn(c.phone), false, "never asked is no");
    const before = await audience(template.id);
    await c.tap("menu.broadcast");
    await c.tap("consent.broadcast.yes");
    assert.equal(await optedIn(c.phone), true);
    assert.equal(await audience(template.id), before + 1);

    await c.say("STOP");
    assert.equal(await optedIn(c.phone), false);
    assert.match(c.received().at(-1)!, /tidak akan lagi menerima survei atau info layanan/);
    assert.equal(await audience(template.id), before);

    await c.say("MULAI");
    assert.equal(await optedIn(c.phone), true, "re-opt-in");
    assert.equal(await audience(template.id), before + 1);

    await c.say("berhenti");
    assert.equal(await optedIn(c.phone), false, "BERHENTI, in any case");
    await c.say("START");
    assert.equal(await optedIn(c.phone), true, "START");
    const rows = await g.one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM consents WHERE contact_id = ${(await contactOf(g, c.phone)).contact_id}
          AND purpose = 'broadcast'`,
    );
    assert.equal(rows.n, 5, "one row per decision, the newest decides");
  });

  test("a campaign goes out through the Cloud API; sent, delivered, read and failed come back by webhook", async () => {
    const db = g.database.db;
    const phones = ["6281339002001", "6281339002002", "6281339002003"];
    for (const phone of phones) await g.citizen(phone, "Warga").say("MULAI");
    const stopped = g.citizen("6281339002004", "Warga Berhenti");
    await stopped.say("MULAI");
    await stopped.say("STOP");
    // Meta reports one recipient undeliverable after accepting the send.
    g.fake.injectFault({ kind: "async_fail", code: 131026, to: phones[2]!, times: 1 });

    const template = await db.transaction((tx) => approvedTemplate(tx, g.officeId, { name: "lontar_e2e" }));
    const staffId = (await g.one<{ id: string }>(sql`SELECT id FROM operators LIMIT 1`)).id;
    // The three, and whoever an earlier test left opted in; never the one who said STOP.
    const expected = await audience(template.id);
    assert.ok(expected >= 3);
    const now = new Date();
    const campaign = await db.transaction(async (tx) => {
      const campaign = await createCampaign(tx, {
        officeId: g.officeId,
        staffId,
        now,
        keys: g.citizens.deps.keys,
        settings: settingsFor(),
        name: "Uji kirim",
        templateId: template.id,
        channelId: g.channelId,
        parameters: ["Bapak/Ibu"],
        filters: {},
      });
      await scheduleCampaign(tx, { officeId: g.officeId, staffId, now, campaignId: campaign.id });
      return campaign;
    });
    // The app's own timer runs too; a step of our own just saves the wait. Both are safe at once.
    const runner = createCampaignRunner({
      database: g.database,
      keys: g.citizens.deps.keys,
      settings: settingsFor(),
    });
    await runner.runCampaigns(new Date());
    await g.settle();

    const counts = await eventually(async () => {
      const row = (await listCampaigns(db, g.officeId)).find((c) => c.id === campaign.id);
      return row && row.read === expected - 1 && row.failed === 1 ? row : undefined;
    });
    assert.equal(counts.status, "done");
    assert.deepEqual(
      [
        counts.recipients,
        counts.queued,
        counts.sent,
        counts.delivered,
        counts.read,
        counts.failed,
        counts.skipped,
      ],
      [expected, expected, expected - 1, expected - 1, expected - 1, 1, 0],
    );
    for (const phone of phones) {
      const got = g.fake.received.filter(
        (r) => r.kind === "message" && r.body.to?.replace(/^\+/, "") === phone && r.body.type === "template",
      );
      assert.equal(got.length, 1, `${phone} got the template once`);
      assert.match(JSON.stringify(got[0]!.body), /"name":"lontar_e2e".*"text":"Bapak\/Ibu"/);
    }
    const toStopped = g.fake.received.filter(
      (r) =>
        r.kind === "message" && r.body.to?.replace(/^\+/, "") === stopped.phone && r.body.type === "template",
    );
    assert.equal(toStopped.length, 0, "the citizen who said STOP got nothing");
  });
});
