import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import {
  addCitizen,
  CALENDAR,
  CATALOGUE,
  citizenActor,
  isCode,
  KEYS,
  NIK_A,
  NIK_B,
  type Seeded,
  seedOffice,
  wita,
} from "../shared/test-fixtures.ts";
import {
  type CreateDraftOptions,
  cancel,
  createDraft,
  findByTrackingNumber,
  listForContact,
  submitApplication,
  updateDraft,
} from "./applications.service.ts";
import { maskedSubjectNik, readSubjectNik, subjectNikLookup } from "./rules.ts";

describeEachDatabase("submitting an application", (database) => {
  let s: Seeded;
  const db = () => database().db;
  before(async () => {
    s = await seedOffice(db());
  });

  const draft = (o: Partial<CreateDraftOptions> = {}) =>
    createDraft(db(), {
      officeId: s.officeId,
      contactId: s.contactId,
      conversationId: s.conversationId,
      catalogue: CATALOGUE,
      serviceCode: "kk",
      variantCode: "baru",
      keys: KEYS,
      now: wita("2026-11-02 08:00"),
      ...o,
    });
  const submit = (applicationId: string, now = wita("2026-11-02 09:00"), contactId = s.contactId) =>
    submitApplication(db(), {
      officeId: s.officeId,
      applicationId,
      actor: citizenActor(contactId),
      catalogue: { ...CATALOGUE, version: "2026.11-test.2", digest: "digest-2" },
      calendar: CALENDAR,
      now,
    });

  test("submission allocates a tracking number, stamps the catalogue, starts the clock and notifies", async () => {
    const app = await draft({ subjectNik: NIK_A, applicantName: "Maria" });
    assert.equal(app.status, "draft");
    assert.equal(app.trackingNumber, null);
    const { application, notification } = await submit(app.id);
    assert.equal(application.status, "submitted");
    assert.match(application.trackingNumber!, /^KPG-A-2611-\d{5}$/);
    assert.equal(application.catalogueVersion, "2026.11-test.2");
    assert.equal(application.catalogueDigest, "digest-2");
    assert.deepEqual([application.slaValue, application.slaUnit], [1, "working_days"]);
    assert.deepEqual(application.submittedAt, wita("2026-11-02 09:00"));
    // One working day, "elapsed" mode: Monday 09:00 → Tuesday 09:00.
    assert.deepEqual(application.dueAt, wita("2026-11-03 09:00"));
    assert.deepEqual(application.flags, []);
    assert.deepEqual(notification, {
      kind: "received",
      applicationId: app.id,
      trackingNumber: application.trackingNumber,
      contactId: s.contactId,
      conversationId: s.conversationId,
      dueAt: wita("2026-11-03 09:00"),
    });
    const events = await rows<{
      action: string;
      from_status: string;
      to_status: string;
      actor_kind: string;
      actor_id: string;
    }>(
      db(),
      sql`SELECT action, from_status, to_status, actor_kind, actor_id FROM application_events WHERE application_id = ${app.id}`,
    );
    assert.deepEqual(events, [
      {
        action: "submit",
        from_status: "draft",
        to_status: "submitted",
        actor_kind: "citizen",
        actor_id: s.contactId,
      },
    ]);
    assert.equal(
      (
        await findByTrackingNumber(db(), {
          officeId: s.officeId,
          text: `cek ${application.trackingNumber!.toLowerCase().replaceAll("-", " ")}`,
        })
      )?.id,
      app.id,
    );
  });

  test("a variant without its own time uses the service's; a service without one has no due time", async () => {
    const perubahan = await submit((await draft({ variantCode: "perubahan" })).id);
    assert.deepEqual(perubahan.application.dueAt, wita("2026-11-04 09:00"));
    const legalisir = await submit((await draft({ serviceCode: "legalisir", variantCode: undefined })).id);
    assert.equal(legalisir.application.dueAt, null);
    assert.equal(legalisir.application.slaUnit, null);
    assert.equal(legalisir.notification?.dueAt, undefined);
  });

  test("the NIK is stored encrypted with a blind index that ignores separators", async () => {
    const typed = await draft({ subjectNik: "5371 0141 0190 0042" });
    const dotted = await draft({ subjectNik: "5371.014101.900042" });
    assert.equal(typed.subjectNikIndex, dotted.subjectNikIndex);
    assert.equal(typed.subjectNikIndex, subjectNikLookup(KEYS, NIK_A));
    assert.notEqual((await draft({ subjectNik: NIK_B })).subjectNikIndex, typed.subjectNikIndex);
    const stored = await rows<{ enc: string; idx: string; all: string }>(
      db(),
      sql`SELECT subject_nik_encrypted AS enc, subject_nik_index AS idx, applications::text AS all
          FROM applications WHERE id = ${typed.id}`,
    );
    for (const value of Object.values(stored[0]!)) {
      assert.ok(!value.includes(NIK_A) && !value.includes("5371014101"), "no NIK digits at rest");
    }
    assert.equal(readSubjectNik(typed, KEYS), NIK_A);
    assert.equal(maskedSubjectNik(typed, KEYS), "5371••••••••0042");
    await assert.rejects(draft({ subjectNik: "5371 0141 0190" }), isCode("invalid_nik"));
  });

  test("a second open application for the same subject and service is flagged as a potential duplicate", async () => {
    const first = await submit((await draft({ subjectNik: NIK_B })).id);
    assert.ok(!first.application.flags.includes("potential_duplicate"));
    // Another contact (a relative's phone) applies for the same person, typed differently.
    const other = await addCitizen(db(), s.officeId, s.channelId);
    const second = await draft({ ...other, subjectNik: "5371-0254-0190-0001", relationship: "child" });
    const dup = await submit(second.id, wita("2026-11-02 10:00"), other.contactId);
    assert.deepEqual([...dup.application.flags].sort(), ["potential_duplicate", "proxy_applicant"]);
    // Another service for the same person is no duplicate.
    const akta = await draft({ serviceCode: "akta_kematian", variantCode: undefined, subjectNik: NIK_B });
    assert.deepEqual((await submit(akta.id)).application.flags, []);
  });

  test("finished or withdrawn applications are not duplicates", async () => {
    const nik = "5371010101800001";
    const old = await submit((await draft({ subjectNik: nik })).id);
    await cancel(db(), {
      officeId: s.officeId,
      applicationId: old.application.id,
      actor: citizenActor(s.contactId),
    });
    const again = await submit((await draft({ subjectNik: nik })).id);
    assert.deepEqual(again.application.flags, []);
  });

  test("drafts are edited as the bot collects answers; a submitted one is not", async () => {
    const app = await draft();
    const edited = await updateDraft(db(), {
      officeId: s.officeId,
      applicationId: app.id,
      actor: citizenActor(s.contactId),
      keys: KEYS,
      relationship: "spouse",
      subjectNik: NIK_A,
      fields: { alamat: "Jl. El Tari" },
    });
    assert.equal(edited.relationship, "spouse");
    assert.deepEqual(edited.fields, { alamat: "Jl. El Tari" });
    const { application } = await submit(app.id);
    assert.ok(application.flags.includes("proxy_applicant"));
    await assert.rejects(
      updateDraft(db(), {
        officeId: s.officeId,
        applicationId: app.id,
        actor: citizenActor(s.contactId),
        keys: KEYS,
      }),
      isCode("action_not_allowed"),
    );
    await assert.rejects(submit(app.id), isCode("action_not_allowed"));
  });

  test("unknown services, variants and info-only services are refused", async () => {
    await assert.rejects(draft({ serviceCode: "nope" }), isCode("unknown_service"));
    await assert.rejects(draft({ serviceCode: "info", variantCode: undefined }), isCode("unknown_service"));
    await assert.rejects(draft({ variantCode: undefined }), isCode("unknown_variant"));
    await assert.rejects(draft({ variantCode: "hilang" }), isCode("unknown_variant"));
    await assert.rejects(draft({ serviceCode: "legalisir", variantCode: "baru" }), isCode("unknown_variant"));
  });

  test("tenancy: another office cannot see or submit this office's application", async () => {
    const app = await draft();
    const other = await seedOffice(db(), "SBA");
    await assert.rejects(
      submitApplication(db(), {
        officeId: other.officeId,
        applicationId: app.id,
        actor: citizenActor(s.contactId),
        catalogue: CATALOGUE,
        calendar: CALENDAR,
      }),
      isCode("application_not_found"),
    );
    const { application } = await submit(app.id);
    assert.equal(
      await findByTrackingNumber(db(), { officeId: other.officeId, text: application.trackingNumber! }),
      undefined,
    );
  });

  test("listForContact: newest first, open only on request", async () => {
    const person = await addCitizen(db(), s.officeId, s.channelId);
    const a = await draft({ ...person, now: wita("2026-11-02 08:00") });
    const b = await draft({ ...person, now: wita("2026-11-02 08:05") });
    await submit(b.id, wita("2026-11-02 09:00"), person.contactId);
    const all = await listForContact(db(), { officeId: s.officeId, contactId: person.contactId });
    assert.deepEqual(
      all.map((x) => x.id),
      [b.id, a.id],
    );
    const open = await listForContact(db(), {
      officeId: s.officeId,
      contactId: person.contactId,
      openOnly: true,
    });
    assert.deepEqual(
      open.map((x) => x.id),
      [b.id],
    );
  });
});
