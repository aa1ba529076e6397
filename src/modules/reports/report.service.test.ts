/** The quality report on fixed data: each figure from what happened, and "no data" for an empty period. */
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { textMessage } from "../../platform/whatsapp/builders.ts";
import { createDraft, submitApplication } from "../applications/applications.service.ts";
import { claim, complete, reject, startProcessing } from "../applications/review.service.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { lockOutboundByOutboxId, touchInbound } from "../messaging/messaging.repo.ts";
import { applyOutboundStatus, queueMessage } from "../messaging/outbound.service.ts";
import {
  CALENDAR,
  CATALOGUE,
  citizenActor,
  KEYS,
  operatorActor,
  type Seeded,
  seedOffice,
  wita,
} from "../shared/test-fixtures.ts";
import { workingMsBetween } from "../sla/working-time.ts";
import { createHealthRecorder } from "./health.ts";
import { loadQualityReport } from "./report.service.ts";

describeEachDatabase("quality report", (database) => {
  let s: Seeded;
  const db = () => database().db;
  const today = new Date().toISOString().slice(0, 10);
  const period = () => ({ officeId: s.officeId, from: "2026-11-01", to: today });

  const application = async (submitAt: string, decide: (id: string) => Promise<unknown>) => {
    const draft = await createDraft(db(), {
      officeId: s.officeId,
      contactId: s.contactId,
      conversationId: s.conversationId,
      catalogue: CATALOGUE,
      serviceCode: "akta_kematian",
      keys: KEYS,
      now: wita("2026-11-02 08:00"),
    });
    const ids = { officeId: s.officeId, applicationId: draft.id };
    await submitApplication(db(), {
      ...ids,
      actor: citizenActor(s.contactId),
      catalogue: CATALOGUE,
      calendar: CALENDAR,
      now: wita(submitAt),
    });
    await decide(draft.id);
  };

  const sendAnswer = async (
    status: string,
    error?: { code: number; title: string; needsTemplate: boolean },
  ) => {
    const { outboxId } = await queueMessage(db(), KEYS, {
      conversation: { id: s.conversationId, officeId: s.officeId, channelId: s.channelId },
      recipient: "6281200000000",
      body: textMessage({ to: "6281200000000", body: "Halo" }),
    });
    await db().transaction(async (tx) => {
      const message = (await lockOutboundByOutboxId(tx, outboxId))!;
      await applyOutboundStatus(tx, message, status, new Date(), error ? { error } : {});
    });
  };

  before(async () => {
    s = await seedOffice(db(), "QR");
    const staff = operatorActor(s.operatorId);
    const at = (id: string, when: string) => ({
      officeId: s.officeId,
      applicationId: id,
      actor: staff,
      now: wita(when),
    });
    // Due 2 working hours after submission (akta_kematian): one finished in time, one late, one rejected.
    await application("2026-11-02 09:00", async (id) => {
      await claim(db(), at(id, "2026-11-02 09:10"));
      await startProcessing(db(), at(id, "2026-11-02 09:20"));
      await complete(db(), { ...at(id, "2026-11-02 10:00"), pickup: false });
    });
    await application("2026-11-02 09:00", async (id) => {
      await claim(db(), at(id, "2026-11-02 09:10"));
      await startProcessing(db(), at(id, "2026-11-02 09:20"));
      await complete(db(), { ...at(id, "2026-11-03 09:00"), pickup: true });
    });
    await application("2026-11-02 09:00", async (id) => {
      await claim(db(), at(id, "2026-11-02 09:10"));
      await reject(db(), { ...at(id, "2026-11-02 09:30"), reason: "bukan wewenang" });
    });
    await touchInbound(db(), s.conversationId, new Date(Date.now() - 30_000));
    await sendAnswer("delivered");
    await sendAnswer("read");
    await sendAnswer("failed", { code: 131026, title: "undeliverable", needsTemplate: false });
    await recordAudit(db(), { officeId: s.officeId, actorId: s.operatorId, action: "file.view" });
    await recordAudit(db(), { officeId: s.officeId, actorId: s.operatorId, action: "nik.reveal" });
    await db().execute(sql`
      INSERT INTO survey_responses (office_id, instrument, channel, status, answers, answered_on)
      VALUES (${s.officeId}, 'skm', 'paper', 'completed',
              '{"U1":4,"U2":4,"U3":3,"U4":4,"U5":4,"U6":3,"U7":4,"U8":3,"U9":3}', '2026-11-05'),
             (${s.officeId}, 'skm', 'paper', 'completed',
              '{"U1":3,"U2":3,"U3":3,"U4":4,"U5":3,"U6":3,"U7":4,"U8":3,"U9":2}', '2026-11-05')`);
  });

  test("fulfilment: in time, working hours, revisions, rejections, delivery", async () => {
    const r = await loadQualityReport(db(), period(), { now: new Date() });
    assert.deepEqual(r.fulfilment.withinSla, { numerator: 1, denominator: 2, value: 0.5 });
    assert.deepEqual(r.fulfilment.rejectionRate, { numerator: 1, denominator: 3, value: 1 / 3 });
    assert.deepEqual(r.fulfilment.deliveredOnWhatsapp, { numerator: 1, denominator: 2, value: 0.5 });
    assert.equal(r.fulfilment.revisionsPerApplication.value, 0);
    assert.deepEqual(r.efficiency.firstTimeRight, { numerator: 2, denominator: 2, value: 1 });
    // Working hours on the office calendar (no stored one: the defaults), from submission to completion.
    const worked = (from: string, to: string) => workingMsBetween(CALENDAR, wita(from), wita(to)) / 3_600_000;
    const expected =
      (worked("2026-11-02 09:00", "2026-11-02 10:00") + worked("2026-11-02 09:00", "2026-11-03 09:00")) / 2;
    const hours = r.fulfilment.completionHours;
    assert.equal(hours.count, 2);
    assert.equal(worked("2026-11-02 09:00", "2026-11-02 10:00"), 1);
    assert.ok(Math.abs(hours.mean! - expected) < 1e-9, `mean ${hours.mean}, expected ${expected}`);
    assert.equal(r.reach.applications.whatsapp, 3);
    assert.equal(r.daily.find((d) => d.day === "2026-11-02")?.submitted, 3);
  });

  test("availability and efficiency from messages; privacy from the audit trail", async () => {
    const r = await loadQualityReport(db(), period(), { now: new Date() });
    assert.deepEqual(r.availability.deliverySuccess, { numerator: 2, denominator: 3, value: 2 / 3 });
    assert.deepEqual(r.availability.failedByReason, [{ code: "131026", count: 1 }]);
    assert.equal(r.availability.outboxLag.count, 2, "two messages were accepted (the failed one never was)");
    assert.equal(r.efficiency.firstResponseBot.count, 1, "only the first answer ends the citizen's wait");
    assert.ok(r.efficiency.firstResponseBot.median! >= 25, "the citizen waited about 30 s");
    assert.deepEqual(
      r.privacy.byOperator.map((o) => [o.operatorId, o.documentViews, o.nikReveals]),
      [[s.operatorId, 1, 1]],
    );
  });

  test("the IKM of the period's answers, against the sample size for the citizens served", async () => {
    const r = await loadQualityReport(db(), period(), { now: new Date() });
    assert.equal(r.ikm.respondents, 2);
    assert.equal(r.ikm.elements.find((e) => e.code === "U9")?.average, 2.5);
    // Σ NRR = 3.5+3.5+3+4+3.5+3+4+3+2.5 = 30; 30/9 × 25 = 83.33 → B
    assert.ok(Math.abs(r.ikm.converted! - (30 / 9) * 25) < 1e-9);
    assert.equal(r.ikm.category, "B");
    assert.equal(r.ikm.population, 2);
    assert.equal(r.ikm.requiredSample, 2);
  });

  test("filters: another service has no applications; an operator sees only their own decisions", async () => {
    const other = await loadQualityReport(db(), { ...period(), serviceCode: "kk" }, { now: new Date() });
    assert.equal(other.fulfilment.withinSla.value, null);
    assert.equal(other.reach.applications.whatsapp, 0);
    const mine = await loadQualityReport(
      db(),
      { ...period(), operatorId: s.otherOperatorId },
      { now: new Date() },
    );
    assert.equal(mine.fulfilment.rejectionRate.denominator, 0);
    assert.deepEqual(mine.privacy.byOperator, []);
  });

  test("an empty period is 'no data' everywhere, never a division by zero", async () => {
    const r = await loadQualityReport(
      db(),
      { officeId: s.officeId, from: "2025-01-01", to: "2025-01-31" },
      { now: new Date() },
    );
    for (const ratio of [
      r.fulfilment.withinSla,
      r.fulfilment.rejectionRate,
      r.availability.deliverySuccess,
      r.efficiency.firstTimeRight,
      r.privacy.encrypted,
      r.availability.webhookAvailability,
    ])
      assert.equal(ratio.value, null);
    for (const d of [r.efficiency.firstResponseBot, r.fulfilment.completionHours, r.availability.outboxLag])
      assert.deepEqual(d, { count: 0, mean: null, median: null, p90: null, p95: null });
    assert.equal(r.ikm.index, null);
    assert.equal(r.ikm.requiredSample, null);
    assert.equal(r.daily.length, 31);
  });

  test("the adapted E-S-QUAL: completed and half-answered rows of the period scored apart; the IKM unchanged", async () => {
    const before = await loadQualityReport(db(), period(), { now: new Date() });
    assert.equal(before.esqual.respondents, 0);
    assert.ok(before.esqual.dimensions.every((d) => d.mean === null && d.respondents === 0));
    const esqual = (status: string, day: string, service: string, answers: Record<string, number>) =>
      sql`(${s.officeId}, 'esqual', 'whatsapp', ${status}, ${service}, ${JSON.stringify(answers)}::jsonb, ${day}::date)`;
    await db().execute(sql`
      INSERT INTO survey_responses (office_id, instrument, channel, status, service_code, answers, answered_on)
      VALUES ${sql.join(
        [
          esqual("completed", "2026-11-06", "akta_kematian", {
            EF1: 5,
            EF2: 4,
            EF3: 3,
            SA1: 4,
            SA2: 4,
            FU1: 2,
            FU2: 3,
            FU3: 4,
            PR1: 5,
            PR2: 5,
          }),
          esqual("answering", "2026-11-07", "kk", { EF1: 3, SA1: 2 }),
          esqual("invited", "2026-11-07", "kk", { EF1: 1 }),
          esqual("declined", "2026-11-07", "kk", { EF1: 1 }),
          esqual("completed", "2025-10-01", "kk", { EF1: 1 }),
        ],
        sql`, `,
      )}`);
    const r = await loadQualityReport(db(), period(), { now: new Date() });
    assert.deepEqual(r.ikm, before.ikm, "the IKM reads the SKM only");
    assert.equal(r.esqual.respondents, 2);
    const dim = (report: typeof r, code: string) => report.esqual.dimensions.find((d) => d.code === code);
    const item = (report: typeof r, code: string) => report.esqual.items.find((i) => i.code === code);
    // Each respondent's mean per dimension, then the mean over respondents: efficiency (4 + 3) ÷ 2.
    assert.deepEqual(dim(r, "efficiency"), { code: "efficiency", respondents: 2, mean: 3.5 });
    assert.deepEqual(dim(r, "availability"), { code: "availability", respondents: 2, mean: 3 });
    assert.deepEqual(dim(r, "fulfilment"), { code: "fulfilment", respondents: 1, mean: 3 });
    assert.deepEqual(dim(r, "privacy"), { code: "privacy", respondents: 1, mean: 5 });
    assert.deepEqual(item(r, "EF1"), {
      code: "EF1",
      dimension: "efficiency",
      adaptedFrom: "EFF1",
      answered: 2,
      mean: 4,
    });
    assert.equal(item(r, "FU2")?.mean, 3);

    const kk = await loadQualityReport(db(), { ...period(), serviceCode: "kk" }, { now: new Date() });
    assert.equal(kk.esqual.respondents, 1);
    assert.equal(dim(kk, "efficiency")?.mean, 3);
    assert.deepEqual(dim(kk, "privacy"), { code: "privacy", respondents: 0, mean: null });
  });

  test("webhook availability: minutes with a failed answer are down; time before the first sample is not", async () => {
    const health = createHealthRecorder(database(), "test-instance");
    const minute = (m: number) => new Date(Date.UTC(2026, 10, 20, 1, m));
    for (const m of [0, 1, 2, 3]) {
      health.noteWebhook(m === 2 ? 500 : 200);
      await health.flush(minute(m));
    }
    const r = await loadQualityReport(
      db(),
      { officeId: s.officeId, from: "2026-11-20", to: "2026-11-20" },
      { now: minute(4) },
    );
    // Samples began at 01:00 UTC; by 01:04 four minutes were observed, one of them with a 5xx.
    assert.deepEqual(r.availability.webhookAvailability, { numerator: 3, denominator: 4, value: 0.75 });
  });
});
