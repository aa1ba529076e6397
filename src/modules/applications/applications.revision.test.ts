import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
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
  wita,
} from "../shared/test-fixtures.ts";
import { listItems } from "./applications.repo.ts";
import {
  attachDocument,
  claim,
  createDraft,
  expireStale,
  requestRevision,
  resubmit,
  slaStatus,
  submitApplication,
} from "./applications.service.ts";

describeEachDatabase("revisions", (database) => {
  let s: Seeded;
  const db = () => database().db;
  const citizen = () => citizenActor(s.contactId);
  const ids = (applicationId: string) => ({ officeId: s.officeId, applicationId });
  before(async () => {
    s = await seedOffice(db());
  });

  /** A kk/baru application submitted Monday 09:00 WITA (due Tuesday 09:00) and claimed at 09:30. */
  const submittedAndClaimed = async (pages: Record<string, string[]> = {}) => {
    const app = await createDraft(db(), {
      officeId: s.officeId,
      contactId: s.contactId,
      conversationId: s.conversationId,
      catalogue: CATALOGUE,
      serviceCode: "kk",
      variantCode: "baru",
      keys: KEYS,
      now: wita("2026-11-02 08:00"),
    });
    for (const [requirementId, blobIds] of Object.entries(pages)) {
      for (const blobId of blobIds) {
        await attachDocument(db(), {
          ...ids(app.id),
          actor: citizen(),
          requirementId,
          blobId,
          now: wita("2026-11-02 08:30"),
        });
      }
    }
    await submitApplication(db(), {
      ...ids(app.id),
      actor: citizen(),
      catalogue: CATALOGUE,
      calendar: CALENDAR,
      now: wita("2026-11-02 09:00"),
    });
    await claim(db(), { ...ids(app.id), actor: operatorActor(s.operatorId), now: wita("2026-11-02 09:30") });
    return app.id;
  };

  test("uploads collect pages in order; the same blob twice is stored once", async () => {
    const [p1, p2] = [randomUUID(), randomUUID()];
    const id = await submittedAndClaimed({ ktp: [p1, p2, p1], akta: [randomUUID()] });
    const items = await listItems(db(), id);
    const ktp = items.find((i) => i.requirementId === "ktp")!;
    assert.deepEqual(ktp.blobIds, [p1, p2]);
    assert.equal(ktp.verification, "pending");
    assert.equal(items.length, 2);
  });

  test("revision: items rejected with reasons, clock paused, citizen told; re-upload resets the item; resubmit moves the due time", async () => {
    const [old, fresh] = [randomUUID(), randomUUID()];
    const id = await submittedAndClaimed({ ktp: [old], akta: [randomUUID()] });
    const items = [
      { requirementId: "ktp", reason: "Foto buram, mohon difoto ulang" },
      { requirementId: "surat_nikah", reason: "Belum dilampirkan" },
    ];
    // Monday 10:00 → the operator sends it back; the citizen answers Tuesday 10:00 (one full working day later).
    const revision = await requestRevision(db(), {
      ...ids(id),
      actor: operatorActor(s.operatorId),
      items,
      now: wita("2026-11-02 10:00"),
    });
    assert.equal(revision.application.status, "needs_revision");
    assert.deepEqual(revision.application.pausedAt, wita("2026-11-02 10:00"));
    assert.deepEqual(revision.notification, {
      kind: "revision_needed",
      applicationId: id,
      trackingNumber: revision.application.trackingNumber,
      contactId: s.contactId,
      conversationId: s.conversationId,
      items,
    });
    const byReq = async () =>
      Object.fromEntries((await listItems(db(), id)).map((i) => [i.requirementId, i]));
    let state = await byReq();
    assert.deepEqual(
      [state.ktp!.verification, state.ktp!.rejectionReason],
      ["rejected", "Foto buram, mohon difoto ulang"],
    );
    assert.deepEqual([state.surat_nikah!.verification, state.surat_nikah!.blobIds], ["rejected", []]);
    assert.equal(state.akta!.verification, "pending");

    const paused = await slaStatus(db(), {
      application: revision.application,
      calendar: CALENDAR,
      now: wita("2026-11-03 08:00"),
    });
    assert.equal(paused?.paused, true);
    assert.equal(paused?.breached, false);

    const first = await attachDocument(db(), {
      ...ids(id),
      actor: citizen(),
      requirementId: "ktp",
      blobId: fresh,
      now: wita("2026-11-03 09:00"),
    });
    assert.equal(first.readyToResubmit, false, "surat_nikah is still missing");
    state = await byReq();
    assert.deepEqual(
      [state.ktp!.verification, state.ktp!.rejectionReason, state.ktp!.blobIds],
      ["pending", null, [fresh]],
    );
    const second = await attachDocument(db(), {
      ...ids(id),
      actor: citizen(),
      requirementId: "surat_nikah",
      blobId: randomUUID(),
      now: wita("2026-11-03 09:30"),
    });
    assert.equal(second.readyToResubmit, true);
    assert.equal(second.application.id, id, "re-uploads attach to the same application");

    const back = await resubmit(db(), {
      ...ids(id),
      actor: citizen(),
      calendar: CALENDAR,
      now: wita("2026-11-03 10:00"),
    });
    assert.equal(back.application.status, "submitted");
    assert.equal(back.application.pausedAt, null);
    assert.equal(back.application.assignedTo, s.operatorId, "it returns to the operator who asked");
    // Due was Tue 09:00; the pause Mon 10:00 → Tue 10:00 covered one working day, so due moves to Wed 09:00.
    assert.deepEqual(back.application.dueAt, wita("2026-11-04 09:00"));
    assert.equal(back.notification?.kind, "received");
    assert.deepEqual(back.notification?.dueAt, wita("2026-11-04 09:00"));
    const clock = await slaStatus(db(), {
      application: back.application,
      calendar: CALENDAR,
      now: wita("2026-11-03 10:00"),
    });
    assert.deepEqual(clock?.dueAt, wita("2026-11-04 09:00"));
    assert.equal(clock?.paused, false);

    const events = await rows<{ action: string; to_status: string }>(
      db(),
      sql`SELECT action, to_status FROM application_events WHERE application_id = ${id} ORDER BY at, id`,
    );
    assert.deepEqual(
      events.map((e) => `${e.action}:${e.to_status}`),
      [
        "attach_document:draft",
        "attach_document:draft",
        "submit:submitted",
        "claim:in_review",
        "request_revision:needs_revision",
        "attach_document:needs_revision",
        "attach_document:needs_revision",
        "resubmit:submitted",
      ],
    );
  });

  test("a revision needs at least one item, each with a reason", async () => {
    const id = await submittedAndClaimed();
    const o = { ...ids(id), actor: operatorActor(s.operatorId) };
    await assert.rejects(requestRevision(db(), { ...o, items: [] }), isCode("items_required"));
    await assert.rejects(
      requestRevision(db(), { ...o, items: [{ requirementId: "ktp", reason: " " }] }),
      isCode("reason_required"),
    );
  });

  test("uploads are refused while the office works on it", async () => {
    const id = await submittedAndClaimed();
    await assert.rejects(
      attachDocument(db(), { ...ids(id), actor: citizen(), requirementId: "ktp", blobId: randomUUID() }),
      isCode("action_not_allowed"),
    );
  });

  test("expireStale ends idle drafts and unanswered revisions, and notifies only the revisions", async () => {
    const other = await seedOffice(db(), "EXP");
    const mk = (now: Date) =>
      createDraft(db(), {
        officeId: other.officeId,
        contactId: other.contactId,
        catalogue: CATALOGUE,
        serviceCode: "legalisir",
        keys: KEYS,
        now,
      });
    const staleDraft = await mk(wita("2026-11-01 08:00"));
    const freshDraft = await mk(wita("2026-11-05 08:00"));
    const revision = await mk(wita("2026-11-02 08:00"));
    const o = { officeId: other.officeId, applicationId: revision.id };
    await submitApplication(db(), {
      ...o,
      actor: citizenActor(other.contactId),
      catalogue: CATALOGUE,
      calendar: CALENDAR,
      now: wita("2026-11-02 09:00"),
    });
    await claim(db(), { ...o, actor: operatorActor(other.operatorId), now: wita("2026-11-02 09:10") });
    await requestRevision(db(), {
      ...o,
      actor: operatorActor(other.operatorId),
      items: [{ requirementId: "ktp", reason: "buram" }],
      now: wita("2026-11-02 09:20"),
    });

    const now = wita("2026-11-06 08:00");
    const early = await expireStale(db(), {
      officeId: other.officeId,
      now,
      draftTtlMs: 3 * 86_400_000,
      revisionTtlMs: 14 * 86_400_000,
    });
    assert.deepEqual(
      early.expired.map((a) => a.id),
      [staleDraft.id],
    );
    assert.deepEqual(early.notifications, []);
    const later = await expireStale(db(), {
      officeId: other.officeId,
      now,
      draftTtlMs: 3 * 86_400_000,
      revisionTtlMs: 3 * 86_400_000,
    });
    assert.deepEqual(
      later.expired.map((a) => [a.id, a.status]),
      [[revision.id, "expired"]],
    );
    assert.equal(later.notifications[0]?.kind, "expired");
    assert.deepEqual(later.expired[0]?.closedAt, now);
    assert.equal(later.expired[0]?.pausedAt, null);
    const untouched = await expireStale(db(), { officeId: other.officeId, now });
    assert.deepEqual(untouched.expired, []);
    void freshDraft;
  });
});
