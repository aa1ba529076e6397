import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, test } from "node:test";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import {
  CALENDAR,
  CATALOGUE,
  citizenActor,
  isCode,
  KEYS,
  operatorActor,
  type Seeded,
  seedOffice,
  supervisorActor,
  wita,
} from "../shared/test-fixtures.ts";
import { listApplicationEvents, listItems } from "./applications.repo.ts";
import {
  attachDocument,
  claim,
  createDraft,
  requestRevision,
  startProcessing,
  submitApplication,
} from "./applications.service.ts";
import { verifyItem } from "./verification.service.ts";

describeEachDatabase("item verification", (database) => {
  let s: Seeded;
  const db = () => database().db;
  const ids = (applicationId: string) => ({ officeId: s.officeId, applicationId });
  before(async () => {
    s = await seedOffice(db());
  });

  /** kk/baru with a KTP page, submitted; claimed by the first operator unless `claimed` is false. */
  const inReview = async (claimed = true) => {
    const app = await createDraft(db(), {
      officeId: s.officeId,
      contactId: s.contactId,
      conversationId: s.conversationId,
      catalogue: CATALOGUE,
      serviceCode: "kk",
      variantCode: "baru",
      keys: KEYS,
    });
    await attachDocument(db(), {
      ...ids(app.id),
      actor: citizenActor(s.contactId),
      requirementId: "ktp",
      blobId: randomUUID(),
    });
    await submitApplication(db(), {
      ...ids(app.id),
      actor: citizenActor(s.contactId),
      catalogue: CATALOGUE,
      calendar: CALENDAR,
    });
    if (claimed) await claim(db(), { ...ids(app.id), actor: operatorActor(s.operatorId) });
    return app.id;
  };

  const itemOf = async (id: string, requirementId: string) =>
    (await listItems(db(), id)).find((i) => i.requirementId === requirementId);

  test("the holder accepts and rejects items; each verdict is an event; the status stays in review", async () => {
    const id = await inReview();
    const actor = operatorActor(s.operatorId);
    const at = wita("2026-11-02 10:00");
    await verifyItem(db(), { ...ids(id), actor, requirementId: "ktp", verdict: "accepted", now: at });
    assert.deepEqual(
      [(await itemOf(id, "ktp"))!.verification, (await itemOf(id, "ktp"))!.rejectionReason],
      ["accepted", null],
    );
    // Changing one's mind: the page turns out blurry after all.
    const { application, item } = await verifyItem(db(), {
      ...ids(id),
      actor,
      requirementId: "ktp",
      verdict: "rejected",
      reason: "  Foto buram  ",
      now: at,
    });
    assert.equal(application.status, "in_review");
    assert.deepEqual([item.verification, item.rejectionReason], ["rejected", "Foto buram"]);
    // A document never sent can be rejected as missing; it cannot be accepted.
    await assert.rejects(
      verifyItem(db(), { ...ids(id), actor, requirementId: "akta", verdict: "accepted" }),
      isCode("item_not_found"),
    );
    await verifyItem(db(), {
      ...ids(id),
      actor,
      requirementId: "akta",
      verdict: "rejected",
      reason: "Belum dilampirkan",
    });
    assert.deepEqual((await itemOf(id, "akta"))!.blobIds, []);
    const verdicts = (await listApplicationEvents(db(), id)).filter((e) => e.action === "verify_item");
    assert.deepEqual(
      verdicts.map((e) => [e.fromStatus, e.toStatus, e.actorId, e.reason, e.details]),
      [
        ["in_review", "in_review", s.operatorId, null, { requirementId: "ktp", verdict: "accepted" }],
        ["in_review", "in_review", s.operatorId, "Foto buram", { requirementId: "ktp", verdict: "rejected" }],
        [
          "in_review",
          "in_review",
          s.operatorId,
          "Belum dilampirkan",
          { requirementId: "akta", verdict: "rejected" },
        ],
      ],
    );
    // The rejected items are what a revision request sends back.
    const revision = await requestRevision(db(), {
      ...ids(id),
      actor,
      items: [{ requirementId: "ktp", reason: "Foto buram" }],
    });
    assert.equal(revision.application.status, "needs_revision");
  });

  test("a rejection needs a reason", async () => {
    const id = await inReview();
    await assert.rejects(
      verifyItem(db(), {
        ...ids(id),
        actor: operatorActor(s.operatorId),
        requirementId: "ktp",
        verdict: "rejected",
        reason: "   ",
      }),
      isCode("reason_required"),
    );
    assert.equal((await itemOf(id, "ktp"))!.verification, "pending");
  });

  test("only the holder (or a supervisor), only staff, only in review", async () => {
    const unclaimed = await inReview(false);
    const verdict = { requirementId: "ktp", verdict: "accepted" as const };
    await assert.rejects(
      verifyItem(db(), { ...ids(unclaimed), actor: operatorActor(s.operatorId), ...verdict }),
      isCode("action_not_allowed"), // submitted, not in review yet
    );
    const id = await inReview();
    await assert.rejects(
      verifyItem(db(), { ...ids(id), actor: operatorActor(s.otherOperatorId), ...verdict }),
      isCode("held_by_another"),
    );
    await assert.rejects(
      verifyItem(db(), { ...ids(id), actor: citizenActor(s.contactId), ...verdict }),
      isCode("action_not_allowed"),
    );
    await assert.rejects(
      verifyItem(db(), { ...ids(id), actor: { kind: "system" }, ...verdict }),
      isCode("action_not_allowed"),
    );
    assert.equal((await itemOf(id, "ktp"))!.verification, "pending");
    await verifyItem(db(), { ...ids(id), actor: supervisorActor(s.supervisorId), ...verdict });
    assert.equal((await itemOf(id, "ktp"))!.verification, "accepted");
    await startProcessing(db(), { ...ids(id), actor: operatorActor(s.operatorId) });
    await assert.rejects(
      verifyItem(db(), { ...ids(id), actor: operatorActor(s.operatorId), ...verdict }),
      isCode("action_not_allowed"),
    );
  });
});
