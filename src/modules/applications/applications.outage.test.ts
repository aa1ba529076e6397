import assert from "node:assert/strict";
import { before, test } from "node:test";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import {
  CALENDAR,
  CATALOGUE,
  citizenActor,
  KEYS,
  operatorActor,
  type Seeded,
  seedOffice,
  supervisorActor,
  wita,
} from "../shared/test-fixtures.ts";
import {
  claim,
  complete,
  createDraft,
  declareSiakOutage,
  endSiakOutage,
  findByTrackingNumber,
  slaStatus,
  startProcessing,
  submitApplication,
} from "./applications.service.ts";

describeEachDatabase("SIAK outages and SLA clocks", (database) => {
  let s: Seeded;
  const db = () => database().db;
  before(async () => {
    s = await seedOffice(db());
  });

  /** kk/baru (1 working day) submitted at `at`. */
  const submitAt = async (at: Date) => {
    const app = await createDraft(db(), {
      officeId: s.officeId,
      contactId: s.contactId,
      catalogue: CATALOGUE,
      serviceCode: "kk",
      variantCode: "baru",
      keys: KEYS,
      now: at,
    });
    const r = await submitApplication(db(), {
      officeId: s.officeId,
      applicationId: app.id,
      actor: citizenActor(s.contactId),
      catalogue: CATALOGUE,
      calendar: CALENDAR,
      now: at,
    });
    return r.application;
  };
  const reload = async (trackingNumber: string) =>
    (await findByTrackingNumber(db(), { officeId: s.officeId, text: trackingNumber }))!;

  test("an outage pauses every open clock and moves due times by its working time", async () => {
    const early = await submitAt(wita("2026-11-02 09:00")); // due Tue 09:00
    const finished = await submitAt(wita("2026-11-02 09:05"));
    const ops = {
      officeId: s.officeId,
      applicationId: finished.id,
      actor: operatorActor(s.operatorId),
      now: wita("2026-11-02 09:10"),
    };
    await claim(db(), ops);
    await startProcessing(db(), ops);
    await complete(db(), { ...ops, pickup: true, now: wita("2026-11-02 09:30") });

    const supervisor = supervisorActor(s.supervisorId);
    const declared = await declareSiakOutage(db(), {
      officeId: s.officeId,
      actor: supervisor,
      note: "SIAK pusat down",
      now: wita("2026-11-02 10:00"),
    });
    assert.equal(declared.affected, 1);
    assert.deepEqual((await reload(early.trackingNumber!)).flags, ["siak_outage"]);
    assert.deepEqual((await reload(finished.trackingNumber!)).flags, []);

    const during = await submitAt(wita("2026-11-02 11:00")); // due Tue 11:00 before the pause
    assert.deepEqual(during.flags, ["siak_outage"]);
    const midClock = await slaStatus(db(), {
      application: await reload(early.trackingNumber!),
      calendar: CALENDAR,
      now: wita("2026-11-02 11:30"),
    });
    assert.equal(midClock?.paused, true);

    const ended = await endSiakOutage(db(), {
      officeId: s.officeId,
      actor: supervisor,
      calendar: CALENDAR,
      now: wita("2026-11-02 14:00"),
    });
    assert.deepEqual(ended.outage.endedAt, wita("2026-11-02 14:00"));
    assert.equal(ended.outage.declaredBy, s.supervisorId);
    const a = await reload(early.trackingNumber!);
    const b = await reload(during.trackingNumber!);
    assert.deepEqual([a.flags, b.flags], [[], []]);
    // 10:00–12:00 and 13:00–14:00: three working hours. Tue 09:00 + 3 h = Tue 12:00 (the morning block's end).
    assert.deepEqual(a.dueAt, wita("2026-11-03 12:00"));
    // Submitted inside the outage: only 11:00–12:00 and 13:00–14:00 count. Tue 11:00 + 2 h = Tue 14:00.
    assert.deepEqual(b.dueAt, wita("2026-11-03 14:00"));
    assert.deepEqual(
      (await reload(finished.trackingNumber!)).dueAt,
      finished.dueAt,
      "finished work keeps its due time",
    );

    const clockA = await slaStatus(db(), {
      application: a,
      calendar: CALENDAR,
      now: wita("2026-11-03 11:00"),
    });
    assert.deepEqual(clockA?.dueAt, wita("2026-11-03 12:00"));
    assert.equal(clockA?.atRisk, true);
    assert.equal(clockA?.breached, false);
    const late = await slaStatus(db(), { application: a, calendar: CALENDAR, now: wita("2026-11-04 08:00") });
    assert.equal(late?.breached, true);
  });

  test("a finished application's clock is read at the moment it finished", async () => {
    const app = await submitAt(wita("2026-11-09 09:00"));
    const ops = {
      officeId: s.officeId,
      applicationId: app.id,
      actor: operatorActor(s.operatorId),
      now: wita("2026-11-09 10:00"),
    };
    await claim(db(), ops);
    await startProcessing(db(), ops);
    const done = await complete(db(), { ...ops, resultBlobIds: [], now: wita("2026-11-09 15:00") });
    const clock = await slaStatus(db(), {
      application: done.application,
      calendar: CALENDAR,
      now: wita("2026-11-20 09:00"),
    });
    assert.equal(clock?.breached, false);
    assert.ok(clock && clock.remainingMinutes > 0);
  });

  test("drafts have no clock", async () => {
    const draft = await createDraft(db(), {
      officeId: s.officeId,
      contactId: s.contactId,
      catalogue: CATALOGUE,
      serviceCode: "legalisir",
      keys: KEYS,
    });
    assert.equal(await slaStatus(db(), { application: draft, calendar: CALENDAR }), undefined);
  });
});
