/**
 * The satisfaction survey end to end through the webhook: invited after completion only with consent,
 * answered with taps and typed numbers, stored as it goes, counted in the IKM; declined; ended by STOP;
 * cut loose from the person by "delete my optional data". Then the optional adapted E-S-QUAL questions
 * offered after it: their own row, in the report beside the IKM and never in it.
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
                           FROM survey_responses WHERE application_id = ${applicationId} AND instrument = 'skm'`);
  const esqualOf = (applicationId: string) =>
    g.one<
      SurveyRow | undefined
    >(sql`SELECT status, answers, profile, suggestion, answered_on::text AS answered_on, contact_id
                           FROM survey_responses WHERE application_id = ${applicationId} AND instrument = 'esqual'`);
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

  /** A completed application whose SKM the citizen answered to the end (suggestion skipped). */
  const skmDone = async (phone: string) => {
    const done = await completed(phone, "yes");
    await done.c.tap("survey.start");
    await answerAll(done.c);
    await done.c.tap("survey.skip");
    await done.c.say("lewati");
    return done;
  };

  test("after the SKM: the adapted E-S-QUAL offer; its answers in their own row, in the report, not the IKM", async () => {
    const { c, app } = await skmDone("6281339000607");
    const [thanks, offer] = c.received().slice(-2);
    assert.match(thanks!, /Terima kasih atas penilaian Anda/);
    assert.match(offer!, /Mau menjawab 10 pertanyaan tambahan[\s\S]*\[Ya, lanjut\] \[Tidak\]/);
    assert.equal(await esqualOf(app.id), undefined, "nothing stored by the offer");

    await c.tap("esqual.yes");
    assert.match(
      c.received().at(-1)!,
      /Pernyataan 1 dari 10\n\nDi layanan WhatsApp ini mudah[\s\S]*- Sangat setuju/,
    );
    await c.say("mantap");
    assert.match(
      c.received().slice(-2).join("\n"),
      /Mohon pilih salah satu jawaban[\s\S]*Pernyataan 1 dari 10/,
    );
    await c.tap("esq:EF1:5");
    await c.say("4");
    await c.tap("esq:EF3:3");
    const half = (await esqualOf(app.id))!;
    assert.equal(half.status, "answering");
    assert.deepEqual(half.answers, { EF1: 5, EF2: 4, EF3: 3 });
    assert.ok(half.answered_on, "a half-answered row already counts in its period");
    assert.equal(half.contact_id, (await contactOf(g, c.phone)).contact_id);
    for (const typed of ["4", "2"]) await c.say(typed);
    for (const [code, score] of [
      ["FU1", 2],
      ["FU2", 3],
      ["FU3", 4],
      ["PR1", 5],
    ] as const)
      await c.tap(`esq:${code}:${score}`);
    await c.say("5");
    assert.match(
      c.received().slice(-2).join("\n"),
      /Jawaban tambahan Anda membantu[\s\S]*Silakan pilih layanan/,
    );

    const row = (await esqualOf(app.id))!;
    assert.equal(row.status, "completed");
    assert.deepEqual(row.answers, {
      EF1: 5,
      EF2: 4,
      EF3: 3,
      SA1: 4,
      SA2: 2,
      FU1: 2,
      FU2: 3,
      FU3: 4,
      PR1: 5,
      PR2: 5,
    });
    const skm = await surveyOf(app.id);
    assert.equal(Object.keys(skm.answers).length, 9, "the SKM row is untouched");

    const report = await loadQualityReport(
      g.database.db,
      { officeId: g.officeId, from: row.answered_on!, to: row.answered_on! },
      { now: new Date() },
    );
    assert.equal(report.esqual.respondents, 1);
    const mean = (code: string) => report.esqual.dimensions.find((d) => d.code === code)?.mean;
    assert.equal(mean("efficiency"), 4);
    assert.equal(mean("availability"), 3);
    assert.equal(mean("fulfilment"), 3);
    assert.equal(mean("privacy"), 5);
    // The IKM of that day is the SKM answers alone (this citizen's and any others completed the same day).
    const skmOnly = await g.one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM survey_responses
           WHERE office_id = ${g.officeId} AND instrument = 'skm' AND status = 'completed' AND answered_on = ${row.answered_on}::date`,
    );
    assert.equal(report.ikm.respondents, skmOnly.n);
    assert.ok(
      report.ikm.elements.every((e) => e.average === null || e.average <= 4),
      "no 5-point score in it",
    );
  });

  test("E-S-QUAL: 'Tidak' or anything else goes back to the menu; leaving halfway keeps the answers; STOP stores no more; deleting optional data covers it", async () => {
    const declined = await skmDone("6281339000608");
    await declined.c.tap("esqual.no");
    assert.match(declined.c.received().at(-1)!, /Silakan pilih layanan/);
    assert.equal(await esqualOf(declined.app.id), undefined);

    const ignored = await skmDone("6281339000609");
    await ignored.c.say("terima kasih kak");
    assert.match(ignored.c.received().at(-1)!, /Silakan pilih layanan/);
    assert.equal(await esqualOf(ignored.app.id), undefined);

    const { c, app } = await skmDone("6281339000610");
    await c.tap("esqual.yes");
    await c.tap("esq:EF1:4");
    await c.say("3");
    await c.say("MENU");
    await c.tapEarlier("esq:EF3:5");
    assert.match(c.received().slice(-2).join("\n"), /sudah ditutup[\s\S]*Silakan pilih layanan/);
    const left = (await esqualOf(app.id))!;
    assert.equal(left.status, "answering");
    assert.deepEqual(left.answers, { EF1: 4, EF2: 3 });

    const stopped = await skmDone("6281339000611");
    await stopped.c.tap("esqual.yes");
    await stopped.c.tap("esq:EF1:2");
    await stopped.c.say("STOP");
    await stopped.c.say("5");
    assert.deepEqual((await esqualOf(stopped.app.id))!.answers, { EF1: 2 }, "nothing stored after STOP");

    const { contact_id } = await contactOf(g, c.phone);
    await g.desk(async (tx) => {
      const { anonymiseSurveys } = await import("../surveys/survey.service.ts");
      await anonymiseSurveys(tx, contact_id);
    });
    const anonymised = (await esqualOf(app.id))!;
    assert.equal(anonymised.contact_id, null, "the E-S-QUAL row loses the person too");
    assert.equal(anonymised.status, "answering", "its answers stay in the statistics");
    assert.deepEqual(anonymised.answers, { EF1: 4, EF2: 3 });
    assert.equal((await surveyOf(app.id)).contact_id, null);
  });
});
