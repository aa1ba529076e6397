/**
 * Who may do what to an application. The role × status table itself is covered in lifecycle.test.ts; these
 * cases check the scope rules on real rows: the citizen's own applications only, the holder's claim, and the
 * supervisor's override. Not covered here (the desk's part): an operator acting on a service they are not
 * assigned to (operator_services) and viewers/admins, which the desk maps before calling these use cases.
 */
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { Actor } from "../shared/actor.ts";
import { SYSTEM } from "../shared/actor.ts";
import {
  addCitizen,
  CALENDAR,
  CATALOGUE,
  citizenActor,
  isCode,
  KEYS,
  operatorActor,
  type Seeded,
  seedOffice,
  supervisorActor,
} from "../shared/test-fixtures.ts";
import {
  assign,
  cancel,
  claim,
  complete,
  createDraft,
  declareSiakOutage,
  endSiakOutage,
  reject,
  release,
  requestRevision,
  startProcessing,
  submitApplication,
  updateDraft,
} from "./applications.service.ts";

describeEachDatabase("application action scopes", (database) => {
  let s: Seeded;
  const db = () => database().db;
  let operator: Actor;
  let otherOperator: Actor;
  let supervisor: Actor;
  before(async () => {
    s = await seedOffice(db());
    operator = operatorActor(s.operatorId);
    otherOperator = operatorActor(s.otherOperatorId);
    supervisor = supervisorActor(s.supervisorId);
  });
  const ids = (applicationId: string) => ({ officeId: s.officeId, applicationId });

  const submitted = async () => {
    const app = await createDraft(db(), {
      officeId: s.officeId,
      contactId: s.contactId,
      catalogue: CATALOGUE,
      serviceCode: "legalisir",
      keys: KEYS,
    });
    await submitApplication(db(), {
      ...ids(app.id),
      actor: citizenActor(s.contactId),
      catalogue: CATALOGUE,
      calendar: CALENDAR,
    });
    return app.id;
  };

  test("a citizen acts only on their own application, and never on staff actions", async () => {
    const id = await submitted();
    const stranger = await addCitizen(db(), s.officeId, s.channelId);
    await assert.rejects(
      cancel(db(), { ...ids(id), actor: citizenActor(stranger.contactId) }),
      isCode("not_your_application"),
    );
    await assert.rejects(
      claim(db(), { ...ids(id), actor: citizenActor(s.contactId) }),
      isCode("action_not_allowed"),
    );
    await assert.rejects(
      reject(db(), { ...ids(id), actor: citizenActor(s.contactId), reason: "x" }),
      isCode("action_not_allowed"),
    );
    assert.equal(
      (await cancel(db(), { ...ids(id), actor: citizenActor(s.contactId) })).application.status,
      "cancelled",
    );
  });

  test("staff cannot cancel for the citizen; they reject with a reason instead", async () => {
    const id = await submitted();
    await assert.rejects(cancel(db(), { ...ids(id), actor: operator }), isCode("action_not_allowed"));
    await assert.rejects(cancel(db(), { ...ids(id), actor: supervisor }), isCode("action_not_allowed"));
    await claim(db(), { ...ids(id), actor: operator });
    await assert.rejects(
      reject(db(), { ...ids(id), actor: operator, reason: "  " }),
      isCode("reason_required"),
    );
    const { application, notification } = await reject(db(), {
      ...ids(id),
      actor: operator,
      reason: "Bukan warga Kota Kupang",
    });
    assert.equal(application.status, "rejected");
    assert.equal(notification?.kind, "rejected");
    assert.equal(notification?.reason, "Bukan warga Kota Kupang");
    assert.ok(application.closedAt);
  });

  test("only the holder works on a claimed application; a supervisor may step in", async () => {
    const id = await submitted();
    await assert.rejects(
      startProcessing(db(), { ...ids(id), actor: operator }),
      isCode("action_not_allowed"),
    );
    await claim(db(), { ...ids(id), actor: operator });
    for (const attempt of [
      () => claim(db(), { ...ids(id), actor: otherOperator }),
      () => startProcessing(db(), { ...ids(id), actor: otherOperator }),
      () => release(db(), { ...ids(id), actor: otherOperator }),
      () =>
        requestRevision(db(), {
          ...ids(id),
          actor: otherOperator,
          items: [{ requirementId: "a", reason: "b" }],
        }),
      () => reject(db(), { ...ids(id), actor: otherOperator, reason: "r" }),
    ]) {
      await assert.rejects(attempt(), isCode("held_by_another"));
    }
    const processing = await startProcessing(db(), { ...ids(id), actor: supervisor });
    assert.equal(processing.application.status, "processing");
    assert.equal(processing.notification?.kind, "processing");
  });

  test("released applications can be claimed by anyone in their current status", async () => {
    const id = await submitted();
    await claim(db(), { ...ids(id), actor: operator });
    const released = await release(db(), { ...ids(id), actor: operator });
    assert.deepEqual([released.application.status, released.application.assignedTo], ["in_review", null]);
    assert.equal(released.notification, undefined);
    await assert.rejects(startProcessing(db(), { ...ids(id), actor: otherOperator }), isCode("not_claimed"));
    const taken = await claim(db(), { ...ids(id), actor: otherOperator });
    assert.deepEqual(
      [taken.application.status, taken.application.assignedTo],
      ["in_review", s.otherOperatorId],
    );
  });

  test("only a supervisor assigns, to an operator of the same office, without changing the status", async () => {
    const id = await submitted();
    await assert.rejects(
      assign(db(), { ...ids(id), actor: operator, operatorId: s.otherOperatorId }),
      isCode("action_not_allowed"),
    );
    const foreign = await seedOffice(db(), "FOR");
    await assert.rejects(
      assign(db(), { ...ids(id), actor: supervisor, operatorId: foreign.operatorId }),
      isCode("operator_not_found"),
    );
    const assigned = await assign(db(), { ...ids(id), actor: supervisor, operatorId: s.otherOperatorId });
    assert.deepEqual(
      [assigned.application.status, assigned.application.assignedTo],
      ["submitted", s.otherOperatorId],
    );
    await assert.rejects(claim(db(), { ...ids(id), actor: operator }), isCode("held_by_another"));
    assert.equal((await claim(db(), { ...ids(id), actor: otherOperator })).application.status, "in_review");
  });

  test("drafts are edited only from the citizen's side", async () => {
    const draft = await createDraft(db(), {
      officeId: s.officeId,
      contactId: s.contactId,
      catalogue: CATALOGUE,
      serviceCode: "legalisir",
      keys: KEYS,
    });
    const edit = (actor: Actor) =>
      updateDraft(db(), { ...ids(draft.id), actor, keys: KEYS, fields: { keperluan: "melamar kerja" } });
    await assert.rejects(edit(operator), isCode("action_not_allowed"));
    await assert.rejects(edit(supervisor), isCode("action_not_allowed"));
    const stranger = await addCitizen(db(), s.officeId, s.channelId);
    await assert.rejects(edit(citizenActor(stranger.contactId)), isCode("not_your_application"));
    assert.deepEqual((await edit(SYSTEM)).fields, { keperluan: "melamar kerja" });
  });

  test("the system only expires; it cannot review or complete", async () => {
    const id = await submitted();
    await assert.rejects(claim(db(), { ...ids(id), actor: SYSTEM }), isCode("action_not_allowed"));
    await assert.rejects(
      complete(db(), { ...ids(id), actor: SYSTEM, pickup: true }),
      isCode("action_not_allowed"),
    );
  });

  test("completing: the holder finishes with result files or a pickup, and the citizen is told", async () => {
    const id = await submitted();
    await claim(db(), { ...ids(id), actor: operator });
    await assert.rejects(complete(db(), { ...ids(id), actor: operator }), isCode("action_not_allowed"));
    await startProcessing(db(), { ...ids(id), actor: operator });
    const done = await complete(db(), { ...ids(id), actor: operator, pickup: true });
    assert.equal(done.application.status, "completed");
    assert.ok(done.application.completedAt && done.application.closedAt);
    assert.deepEqual(
      [done.notification?.kind, done.notification?.pickup, done.notification?.resultBlobIds],
      ["completed", true, []],
    );
    await assert.rejects(
      cancel(db(), { ...ids(id), actor: citizenActor(s.contactId) }),
      isCode("action_not_allowed"),
    );
  });

  test("only supervisors (or the system) declare and end SIAK outages", async () => {
    await assert.rejects(
      declareSiakOutage(db(), { officeId: s.officeId, actor: operator }),
      isCode("action_not_allowed"),
    );
    await assert.rejects(
      declareSiakOutage(db(), { officeId: s.officeId, actor: citizenActor(s.contactId) }),
      isCode("action_not_allowed"),
    );
    await declareSiakOutage(db(), { officeId: s.officeId, actor: supervisor });
    await assert.rejects(
      declareSiakOutage(db(), { officeId: s.officeId, actor: supervisor }),
      isCode("outage_already_open"),
    );
    await assert.rejects(
      endSiakOutage(db(), { officeId: s.officeId, actor: operator, calendar: CALENDAR }),
      isCode("action_not_allowed"),
    );
    await endSiakOutage(db(), { officeId: s.officeId, actor: supervisor, calendar: CALENDAR });
    await assert.rejects(
      endSiakOutage(db(), { officeId: s.officeId, actor: supervisor, calendar: CALENDAR }),
      isCode("no_open_outage"),
    );
  });
});
