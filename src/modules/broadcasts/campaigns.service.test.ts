/**
 * Campaign use cases on a real database: the audience (opted-in only, filters read from applications),
 * creation checks and the audit trail, the status table, and the runner's limits and opt-out handling.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { DEMO_NUMBER } from "../../demo.ts";
import { rows, type Tx } from "../../platform/db/client.ts";
import { describeEachDatabase, truncateAll } from "../../platform/db/testing.ts";
import { TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { createDraft } from "../applications/applications.service.ts";
import { loadCatalogue } from "../catalogue/load.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { resolveContact } from "../messaging/inbound.service.ts";
import { seedDemo } from "../offices/seed-demo.ts";
import { recordConsent } from "../privacy/consent.service.ts";
import { deriveFieldKeys } from "../shared/field-crypto.ts";
import type { AudienceFilters } from "./audience.ts";
import {
  cancelCampaign,
  createCampaign,
  pauseCampaign,
  previewCampaign,
  resumeCampaign,
  scheduleCampaign,
} from "./campaigns.service.ts";
import { createCampaignRunner } from "./runner.ts";
import { approvedTemplate, settingsFor } from "./testing.ts";

const wita = (local: string) => new Date(`${local}:00+08:00`);
const NOW = wita("2026-05-10T10:00");
const keys = deriveFieldKeys(randomBytes(32));
const KK_KELAPA_LIMA = "5371030102210005";
const KK_ALAK = "5371010102210006";
const CHILD = "5371041401200003";
const TURNS_17_IN_MAY = "5371045505090002";
const ADULT = "5371011201800004";

describeEachDatabase("broadcast campaigns", (database) => {
  let catalogue: Catalogue;
  let officeId: string;
  let channelId: string;
  let staffId: string;
  const db = () => database().db;
  const staff = (now = NOW) => ({ officeId, staffId, now });

  before(async () => {
    catalogue = await loadCatalogue();
  });
  beforeEach(async () => {
    await truncateAll(database());
    ({ officeId, channelId } = await seedDemo(database(), {
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      ...DEMO_NUMBER,
    }));
    staffId = (await rows<{ id: string }>(db(), sql`SELECT id FROM operators LIMIT 1`))[0]!.id;
  });

  const citizen = async (waId: string, consent?: boolean, at = new Date(NOW.getTime() - 60_000)) => {
    const contact = await resolveContact(db(), keys, officeId, { waId });
    if (consent !== undefined)
      await recordConsent(db(), {
        officeId,
        contactId: contact.id,
        purposes: ["broadcast"],
        granted: consent,
        source: "bot",
        now: at,
      });
    return contact.id;
  };
  /** A submitted application (sealed like the bot's), filed through the real draft use case. */
  const applied = async (
    contactId: string,
    o: { service: string; variant?: string; nik?: string; kk?: string; status?: string },
  ) => {
    const draft = await createDraft(db(), {
      officeId,
      contactId,
      catalogue,
      serviceCode: o.service,
      variantCode: o.variant,
      keys,
      subjectNik: o.nik,
      fields: o.kk ? { kk_number: o.kk } : {},
      now: NOW,
    });
    await db().execute(
      sql`UPDATE applications SET status = ${o.status ?? "submitted"}, submitted_at = ${NOW} WHERE id = ${draft.id}`,
    );
  };
  const preview = async (templateId: string, filters: AudienceFilters = {}) =>
    (
      await previewCampaign(db(), {
        officeId,
        keys,
        settings: settingsFor(),
        templateId,
        filters,
        now: NOW,
      })
    ).recipients;
  const create = (tx: Tx, templateId: string, o: { parameters?: string[]; filters?: AudienceFilters } = {}) =>
    createCampaign(tx, {
      ...staff(),
      keys,
      settings: settingsFor(),
      name: "Info layanan",
      templateId,
      channelId,
      parameters: o.parameters ?? ["Bapak/Ibu"],
      filters: o.filters ?? {},
    });

  test("only opted-in contacts; filters read the KK's kecamatan, services, and NIK birth dates", async () => {
    const template = await approvedTemplate(db(), officeId);
    const ana = await citizen("6281300000001", true);
    const budi = await citizen("6281300000002", true);
    const citra = await citizen("6281300000003", true);
    const dodi = await citizen("6281300000004", true);
    const stopped = await citizen("6281300000005", true);
    await recordConsent(db(), {
      officeId,
      contactId: stopped,
      purposes: ["broadcast"],
      granted: false,
      source: "keyword",
      now: NOW,
    });
    const neverAsked = await citizen("6281300000006");
    await applied(ana, { service: "kk", variant: "hilang_rusak", nik: ADULT, kk: KK_KELAPA_LIMA });
    await applied(ana, { service: "validasi_nik", nik: CHILD, kk: KK_KELAPA_LIMA });
    await applied(budi, { service: "kia", variant: "usia_5_17", nik: TURNS_17_IN_MAY, kk: KK_ALAK });
    await applied(citra, { service: "validasi_nik", nik: CHILD, kk: KK_ALAK, status: "rejected" });
    await applied(stopped, { service: "kk", variant: "hilang_rusak", nik: ADULT, kk: KK_KELAPA_LIMA });
    await applied(neverAsked, { service: "kk", variant: "hilang_rusak", nik: ADULT, kk: KK_KELAPA_LIMA });

    assert.equal(await preview(template.id), 4, "ana, budi, citra, dodi; never the stopped or never asked");
    assert.equal(await preview(template.id, { kecamatan: ["53.71.03"] }), 1);
    assert.equal(await preview(template.id, { kecamatan: ["53.71.03", "53.71.01"] }), 3);
    assert.equal(await preview(template.id, { services: ["kia"] }), 1);
    assert.equal(await preview(template.id, { turns17ThisMonth: true }), 1, "budi's subject turns 17 in May");
    // The same child (one NIK) has no KIA anywhere: both ana and citra's applications name it.
    assert.equal(await preview(template.id, { childWithoutKia: true }), 2);
    await applied(dodi, { service: "kia", variant: "usia_0_5", nik: CHILD });
    assert.equal(await preview(template.id, { childWithoutKia: true }), 0, "a KIA application for it now");
    assert.equal(await preview(template.id, { childWithoutKia: true, kecamatan: ["53.71.01"] }), 0);
    await applied(budi, { service: "ktp_el", variant: "baru", nik: TURNS_17_IN_MAY });
    assert.equal(await preview(template.id, { turns17ThisMonth: true }), 0, "already applied for a KTP-el");
  });

  test("creating checks the template and its values; the audience, cost and every change are recorded", async () => {
    const template = await approvedTemplate(db(), officeId);
    await citizen("6281300000011", true);
    await citizen("6281300000012", true);
    const draft = await approvedTemplate(db(), officeId, { name: "lontar_draf", status: "submitted" });
    const refused = async (code: string, fn: (tx: Tx) => Promise<unknown>) =>
      assert.rejects(db().transaction(fn), (e: Error & { code?: string }) => e.code === code);
    await refused("template_not_approved", (tx) => create(tx, draft.id));
    await refused("template_required", (tx) => create(tx, "not-a-uuid"));
    await refused("template_values_required", (tx) => create(tx, template.id, { parameters: [] }));
    await refused("template_values_invalid", (tx) => create(tx, template.id, { parameters: ["a\nb"] }));
    const media = await approvedTemplate(db(), officeId, { name: "lontar_poster" });
    await db().execute(sql`UPDATE message_templates SET header = '{"type":"image"}' WHERE id = ${media.id}`);
    await refused("template_media_header", (tx) => create(tx, media.id));

    const campaign = await db().transaction(async (tx) => {
      const c = await create(tx, template.id);
      await scheduleCampaign(tx, { ...staff(), campaignId: c.id, at: wita("2026-05-11T09:00") });
      return c;
    });
    assert.equal(campaign.status, "draft");
    assert.equal(campaign.recipients, 2);
    assert.equal(Number(campaign.costEstimate), 0.0822, "2 × marketing 0.0411");
    assert.equal(campaign.costCurrency, "USD");
    const audit = await rows<{ action: string; actor_id: string; subject_id: string }>(
      db(),
      sql`SELECT action, actor_id, subject_id FROM audit_log WHERE subject_type = 'campaign' ORDER BY id`,
    );
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor_id, a.subject_id]),
      [
        ["broadcast.created", staffId, campaign.id],
        ["broadcast.scheduled", staffId, campaign.id],
      ],
    );
  });

  test("the status table: a paused campaign waits past its time; cancelled, nobody pending is sent", async () => {
    const template = await approvedTemplate(db(), officeId);
    for (let i = 0; i < 5; i++) await citizen(`628130000002${i}`, true);
    const runner = createCampaignRunner({ database: database(), keys, settings: settingsFor({ tier: 3 }) });
    const c = await db().transaction(async (tx) => {
      const c = await create(tx, template.id);
      await scheduleCampaign(tx, { ...staff(), campaignId: c.id, at: wita("2026-05-10T12:00") });
      return c;
    });
    const status = async () =>
      (await rows<{ status: string }>(db(), sql`SELECT status FROM campaigns WHERE id = ${c.id}`))[0]!.status;
    assert.equal((await runner.runCampaigns(wita("2026-05-10T11:59"))).started, 0, "not before its time");
    await db().transaction((tx) => pauseCampaign(tx, { ...staff(), campaignId: c.id }));
    assert.equal((await runner.runCampaigns(wita("2026-05-10T12:30"))).started, 0, "paused waits");
    await db().transaction((tx) => resumeCampaign(tx, { ...staff(), campaignId: c.id }));
    assert.equal(await status(), "scheduled", "not started yet, so back to waiting for its time");
    const step = await runner.runCampaigns(wita("2026-05-10T12:30"));
    assert.deepEqual(step, { started: 1, queued: 3, skipped: 0, finished: 0 }, "the tier of 3 allows 3");
    await assert.rejects(
      db().transaction((tx) => resumeCampaign(tx, { ...staff(), campaignId: c.id })),
      (e: Error & { code?: string }) => e.code === "action_not_allowed",
    );
    await db().transaction((tx) => cancelCampaign(tx, { ...staff(), campaignId: c.id }));
    assert.equal((await runner.runCampaigns(wita("2026-05-12T12:30"))).queued, 0, "cancelled: nobody else");
    const counts = await rows<{ status: string; n: number }>(
      db(),
      sql`SELECT status, count(*)::int AS n FROM campaign_recipients WHERE campaign_id = ${c.id} GROUP BY status ORDER BY status`,
    );
    assert.deepEqual(
      counts.map((r) => [r.status, r.n]),
      [
        ["pending", 2],
        ["queued", 3],
      ],
    );
    await assert.rejects(
      db().transaction((tx) => pauseCampaign(tx, { ...staff(), campaignId: c.id })),
      (e: Error & { code?: string }) => e.code === "action_not_allowed",
    );
  });

  test("a template no longer approved at Meta pauses the campaign before anything is queued", async () => {
    const template = await approvedTemplate(db(), officeId);
    await citizen("6281300000031", true);
    const runner = createCampaignRunner({ database: database(), keys, settings: settingsFor() });
    const c = await db().transaction(async (tx) => {
      const c = await create(tx, template.id);
      await scheduleCampaign(tx, { ...staff(), campaignId: c.id });
      return c;
    });
    await db().execute(sql`UPDATE message_templates SET status = 'paused' WHERE id = ${template.id}`);
    const step = await runner.runCampaigns(NOW);
    assert.equal(step.queued, 0);
    const [row] = await rows<{ status: string }>(db(), sql`SELECT status FROM campaigns WHERE id = ${c.id}`);
    assert.equal(row!.status, "paused");
    assert.equal((await rows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM outbox`))[0]!.n, 0);
  });

  test("a user reached by two campaigns in 24 h takes one tier slot; new users wait for the window", async () => {
    const template = await approvedTemplate(db(), officeId);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await citizen(`628130000004${i}`, true));
    const runner = createCampaignRunner({ database: database(), keys, settings: settingsFor({ tier: 3 }) });
    const schedule = () =>
      db().transaction(async (tx) => {
        const c = await create(tx, template.id);
        await scheduleCampaign(tx, { ...staff(), campaignId: c.id });
        return c;
      });
    await schedule();
    assert.equal((await runner.runCampaigns(NOW)).queued, 3);
    const late = await citizen("6281300000049", true);
    const second = await schedule();
    const later = new Date(NOW.getTime() + 60 * 60_000);
    const step = await runner.runCampaigns(later);
    assert.equal(step.queued, 3, "the same three again: no new slot needed");
    const waiting = await rows<{ contact_id: string }>(
      db(),
      sql`SELECT contact_id FROM campaign_recipients WHERE campaign_id = ${second.id} AND status = 'pending'`,
    );
    assert.deepEqual(
      waiting.map((w) => w.contact_id),
      [late],
    );
    // A day after the first sends the three were reached again an hour later: still no room for a new one.
    const dayLater = new Date(NOW.getTime() + 24 * 60 * 60_000 + 1000);
    assert.equal((await runner.runCampaigns(dayLater)).queued, 0);
    const dayAfterSecond = new Date(later.getTime() + 24 * 60 * 60_000 + 1000);
    assert.equal((await runner.runCampaigns(dayAfterSecond)).queued, 1, "the window has freed");
  });

  test("STOP after queueing withdraws what no worker took yet; a message already sending is not touched", async () => {
    const template = await approvedTemplate(db(), officeId);
    const a = await citizen("6281300000051", true);
    const b = await citizen("6281300000052", true);
    const runner = createCampaignRunner({ database: database(), keys, settings: settingsFor() });
    await db().transaction(async (tx) => {
      const c = await create(tx, template.id);
      await scheduleCampaign(tx, { ...staff(), campaignId: c.id });
    });
    assert.equal((await runner.runCampaigns(NOW)).queued, 2);
    // A worker has claimed b's message (it may be on its way to Meta).
    await db().execute(sql`UPDATE outbox SET status = 'sending' FROM campaign_recipients r
      WHERE r.outbox_id = outbox.id AND r.contact_id = ${b}`);
    for (const contactId of [a, b])
      await recordConsent(db(), {
        officeId,
        contactId,
        purposes: ["survey", "broadcast"],
        granted: false,
        source: "keyword",
        now: NOW,
      });
    const after = await rows<{ contact_id: string; status: string; outbox: string; message: string }>(
      db(),
      sql`SELECT r.contact_id, r.status, o.status AS outbox, m.status AS message FROM campaign_recipients r
          JOIN outbox o ON o.id = r.outbox_id JOIN messages m ON m.id = r.message_id
          ORDER BY r.contact_id = ${b}`,
    );
    assert.deepEqual(
      after.map((r) => [r.contact_id, r.status, r.outbox, r.message]),
      [
        [a, "skipped", "failed", "failed"],
        [b, "queued", "sending", "queued"],
      ],
    );
  });
});
