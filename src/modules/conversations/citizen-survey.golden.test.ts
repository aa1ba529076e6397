/**
 * The satisfaction survey end to end through the webhook: invited after completion only with consent,
 * answered with taps and typed numbers, stored as it goes, counted in the IKM; declined; ended by STOP;
 * cut loose from the person by "delete my optional data".
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { claim, complete, startProcessing } from "../applications/applications.service.ts";
import { loadQualityReport } from "../reports/report.service.ts";
import { type Citizen, type Golden, startGolden } from "./golden/harness.ts";
import { applicationOf, applyForKia, contactOf } from "./golden/scripts.ts";

type SurveyRow = {
  status: string;
  answers: Record<string, number>;
  profile: Record<string, string>;
  suggestion: unknown;
  answered_on: string | null;
  contact_id: string | null;
};

describeEachDatabase("golden: satisfaction survey", (database) => {
  let g: Golden;
  before(async () => {
    g = await startGolden(database());
  });
  after(async () => g.stop());
  afterEach(() => assert.deepEqual(g.botErrors.splice(0), [], "the bot hit a bug"));

  /** Applies, answers the consent question, and the desk completes the application for pick-up. */
  const completed = async (phone: string, consent: "yes" | "no") => {
    const c = g.citizen(phone, "Maria Bria");
    await applyForKia(c);
    await c.tap(`consent.survey.${consent}`);
    const app = await applicationOf(g, phone);
    const actor = await g.operator(`petugas.${phone.slice(-3)}`);
    c.reset();
    c.note("petugas: selesai, siap diambil");
    await g.desk(async (tx) => {
      const ids = { officeId: g.officeId, applicationId: app.id, actor };
      await claim(tx, ids);
      await startProcessing(tx, ids);
      const { notification } = await complete(tx, { ...ids, pickup: true });
      if (notification) await g.citizens.notify(tx, notification);
    });
    await c.flush();
    return { c, app };
  };

  const surveyOf = (applicationId: string) =>
    g.one<SurveyRow>(sql`SELECT status, answers, profile, suggestion, answered_on::text AS answered_on, contact_id
                           FROM survey_responses WHERE application_id = ${applicationId}`);
  const surveys = (applicationId: string) =>
    g.one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM survey_responses WHERE application_id = ${applicationId}`,
    );

  const answerAll = async (c: Citizen, from = 1) => {
    for (let i = from; i <= 9; i++) {
      // Half tapped, half typed: a cheap phone or WhatsApp Web may not show the list.
      if (i % 2) await c.tap(`skm:U${i}:${i === 9 ? 2 : 4}`);
      else await c.say("3");
    }
  };

  test("with consent: invited after completion, 9 answers, profile, suggestion; the IKM counts it", async () => {
    const { c, app } = await completed("6281339000601", "yes");
    assert.match(
      c.received().at(-1)!,
      /survei kepuasan singkat[\s\S]*\[Isi survei\] \[Tidak, terima kasih\]/,
    );
    assert.equal((await surveyOf(app.id)).status, "invited");
    await c.tap("survey.start");
    assert.match(c.received().at(-1)!, /Pertanyaan 1 dari 9 — Persyaratan/);
    await c.say("saya kurang paham");
    assert.match(c.received().slice(-2).join("\n"), /Mohon pilih salah satu jawaban/);
    await answerAll(c);
    await c.tap("skmp:gender:P");
    await c.tap("survey.skip");
    assert.match(c.received().at(-1)!, /Ada saran/);
    await c.say("Petugas ramah, mohon antrean di kantor dipercepat");
    assert.match(c.received().join("\n"), /Terima kasih atas penilaian Anda/);

    const row = await surveyOf(app.id);
    assert.equal(row.status, "completed");
    assert.deepEqual(row.answers, { U1: 4, U2: 3, U3: 4, U4: 3, U5: 4, U6: 3, U7: 4, U8: 3, U9: 2 });
    assert.deepEqual(row.profile, { gender: "P" });
    assert.ok(row.answered_on);
    assert.doesNotMatch(JSON.stringify(row.suggestion), /antrean/, "the suggestion is sealed at rest");

    const report = await loadQualityReport(
      g.database.db,
      { officeId: g.officeId, from: row.answered_on!, to: row.answered_on! },
      { now: new Date() },
    );
    assert.equal(report.ikm.respondents, 1);
    assert.equal(report.ikm.elements.find((e) => e.code === "U9")?.average, 2);
    assert.ok(Math.abs(report.ikm.converted! - (30 / 9) * 25) < 1e-9);
  });

  test("without consent nobody is invited; 'Tidak, terima kasih' declines; leaving halfway resumes later", async () => {
    const none = await completed("6281339000602", "no");
    assert.equal((await surveys(none.app.id)).n, 0);
    assert.doesNotMatch(none.c.received().join("\n"), /survei kepuasan singkat/);

    const declined = await completed("6281339000603", "yes");
    await declined.c.tap("survey.decline");
    assert.equal((await surveyOf(declined.app.id)).status, "declined");

    const { c, app } = await completed("6281339000604", "yes");
    await c.tap("survey.start");
    await c.tap("skm:U1:4");
    await c.tap("skm:U2:3");
    await c.say("MENU");
    assert.deepEqual((await surveyOf(app.id)).answers, { U1: 4, U2: 3 });
    await c.tapEarlier("survey.start");
    assert.match(c.received().at(-1)!, /Pertanyaan 3 dari 9/);
  });

  test("STOP ends the survey at once; deleting optional data keeps the scores without the person", async () => {
    const { c, app } = await completed("6281339000605", "yes");
    await c.tap("survey.start");
    await c.tap("skm:U1:4");
    await c.say("STOP");
    await c.say("2");
    assert.deepEqual((await surveyOf(app.id)).answers, { U1: 4 }, "nothing stored after STOP");

    const other = await completed("6281339000606", "yes");
    await other.c.tap("survey.start");
    await answerAll(other.c);
    await other.c.tap("survey.skip");
    await other.c.say("lewati");
    assert.equal((await surveyOf(other.app.id)).status, "completed");
    const { contact_id } = await contactOf(g, other.c.phone);
    await g.desk(async (tx) => {
      const { anonymiseSurveys } = await import("../surveys/survey.service.ts");
      await anonymiseSurveys(tx, contact_id);
    });
    const row = await surveyOf(other.app.id);
    assert.equal(row.contact_id, null);
    assert.deepEqual(row.profile, {});
    assert.equal(Object.keys(row.answers).length, 9, "the scores stay in the statistics");
  });
});
