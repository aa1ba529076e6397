import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { SYSTEM } from "../shared/actor.ts";
import {
  addCitizen,
  CALENDAR,
  citizenActor,
  isCode,
  KEYS,
  operatorActor,
  type Seeded,
  seedOffice,
  supervisorActor,
  wita,
} from "../shared/test-fixtures.ts";
import {
  answerComplaint,
  citizenReplied,
  closeDueComplaints,
  escalate,
  escalateOverdueComplaints,
  findComplaintByTrackingNumber,
  type OpenComplaintOptions,
  openComplaint,
  verifyComplaint,
} from "./complaints.service.ts";

describeEachDatabase("complaints", (database, backend) => {
  let s: Seeded;
  const db = () => database().db;
  before(async () => {
    s = await seedOffice(db());
  });
  const open = (o: Partial<OpenComplaintOptions> = {}) =>
    openComplaint(db(), {
      keys: KEYS,
      officeId: s.officeId,
      contactId: s.contactId,
      conversationId: s.conversationId,
      category: "layanan_lambat",
      description: "KK saya sudah dua minggu belum jadi",
      calendar: CALENDAR,
      now: wita("2026-11-02 09:00"),
      ...o,
    });
  const staff = (complaintId: string, now: string) => ({
    officeId: s.officeId,
    complaintId,
    actor: operatorActor(s.operatorId),
    calendar: CALENDAR,
    now: wita(now),
  });
  const events = async (complaintId: string) =>
    (
      await rows<{ action: string; to_status: string; actor_kind: string }>(
        db(),
        sql`SELECT action, to_status, actor_kind FROM complaint_events WHERE complaint_id = ${complaintId} ORDER BY at, id`,
      )
    ).map((e) => `${e.action}:${e.to_status}:${e.actor_kind}`);

  test("received → verified → answered → confirmed, on the LAPOR! clocks", async () => {
    const opened = await open({ photoBlobIds: [randomUUID()] });
    const c = opened.complaint;
    assert.match(c.trackingNumber, /^KPG-P-2611-\d{5}$/);
    assert.equal(c.status, "received");
    assert.equal(c.flaggedToSupervisor, false);
    assert.deepEqual(c.verificationDueAt, wita("2026-11-05 09:00"), "3 working days");
    assert.deepEqual(
      opened.notifications.map((n) => [n.kind, n.audience]),
      [["received", "citizen"]],
    );
    assert.equal(
      (await findComplaintByTrackingNumber(db(), { officeId: s.officeId, text: `cek ${c.trackingNumber}` }))
        ?.id,
      c.id,
    );

    const verified = await verifyComplaint(db(), {
      ...staff(c.id, "2026-11-03 09:00"),
      laporReference: "LAPOR-123",
    });
    assert.deepEqual(verified.complaint.followUpDueAt, wita("2026-11-10 09:00"), "5 working days");
    assert.equal(verified.complaint.laporReference, "LAPOR-123");
    assert.equal(verified.complaint.assignedTo, s.operatorId);

    await assert.rejects(
      answerComplaint(db(), { ...staff(c.id, "2026-11-04 10:00"), keys: KEYS, answer: " " }),
      isCode("answer_required"),
    );
    const answered = await answerComplaint(db(), {
      ...staff(c.id, "2026-11-04 10:00"),
      keys: KEYS,
      answer: "KK Anda sudah dicetak, silakan ambil.",
    });
    assert.deepEqual(answered.complaint.autoCloseAt, wita("2026-11-18 10:00"), "10 working days");
    assert.deepEqual(answered.notifications[0], {
      kind: "answered",
      audience: "citizen",
      complaintId: c.id,
      trackingNumber: c.trackingNumber,
      contactId: s.contactId,
      conversationId: s.conversationId,
      category: "layanan_lambat",
      answer: "KK Anda sudah dicetak, silakan ambil.",
      dueAt: wita("2026-11-18 10:00"),
    });

    const stranger = await addCitizen(db(), s.officeId, s.channelId);
    await assert.rejects(
      citizenReplied(db(), {
        ...staff(c.id, "2026-11-05 10:00"),
        keys: KEYS,
        actor: citizenActor(stranger.contactId),
        text: "ok",
        satisfied: true,
      }),
      isCode("not_your_complaint"),
    );
    const confirmed = await citizenReplied(db(), {
      ...staff(c.id, "2026-11-05 10:00"),
      keys: KEYS,
      actor: citizenActor(s.contactId),
      text: "Terima kasih",
      satisfied: true,
    });
    assert.deepEqual([confirmed.complaint.status, confirmed.complaint.closeReason], ["closed", "confirmed"]);
    assert.equal(confirmed.notifications[0]?.kind, "closed");
    assert.deepEqual(await events(c.id), [
      "open:received:citizen",
      "verify:verified:operator",
      "answer:answered:operator",
      "confirm:closed:citizen",
    ]);
  });

  test("a fee report is flagged to supervisors at once, whatever category the citizen picked", async () => {
    const { complaint, notifications } = await open({
      description: "Petugas minta uang 100 ribu biar cepat",
    });
    assert.equal(complaint.flaggedToSupervisor, true);
    assert.ok(complaint.escalatedAt);
    assert.deepEqual(
      notifications.map((n) => [n.kind, n.audience, n.reason]),
      [
        ["received", "citizen", undefined],
        ["escalated", "supervisors", "fee_report"],
      ],
    );
    assert.deepEqual(await events(complaint.id), ["open:received:citizen", "escalate:received:system"]);
  });

  test("a later reply that mentions money escalates; other replies are kept as information", async () => {
    const { complaint } = await open();
    const citizen = {
      ...staff(complaint.id, "2026-11-02 10:00"),
      actor: citizenActor(s.contactId),
      keys: KEYS,
    };
    const info = await citizenReplied(db(), { ...citizen, text: "Nomor antrian saya 15" });
    assert.deepEqual([info.complaint.status, info.notifications], ["received", []]);
    const fee = await citizenReplied(db(), { ...citizen, text: "tadi juga disuruh bayar ke calo" });
    assert.equal(fee.complaint.flaggedToSupervisor, true);
    assert.deepEqual(
      fee.notifications.map((n) => n.kind),
      ["escalated"],
    );
  });

  test("not satisfied reopens with a fresh follow-up clock; silence auto-closes after the reply window", async () => {
    const a = (await open()).complaint;
    const b = (await open({ description: "Data di KK salah", category: "data_salah" })).complaint;
    for (const c of [a, b]) {
      await verifyComplaint(db(), staff(c.id, "2026-11-03 09:00"));
      await answerComplaint(db(), {
        ...staff(c.id, "2026-11-04 10:00"),
        keys: KEYS,
        answer: "Sudah diperbaiki",
      });
    }
    const reopened = await citizenReplied(db(), {
      ...staff(a.id, "2026-11-05 10:00"),
      keys: KEYS,
      actor: citizenActor(s.contactId),
      text: "Belum, masih salah",
      satisfied: false,
    });
    assert.equal(reopened.complaint.status, "verified");
    assert.deepEqual(reopened.complaint.followUpDueAt, wita("2026-11-12 10:00"));
    assert.equal(reopened.complaint.autoCloseAt, null);
    assert.equal(reopened.notifications[0]?.kind, "reopened");

    const early = await closeDueComplaints(db(), { officeId: s.officeId, now: wita("2026-11-18 09:59") });
    assert.deepEqual(early.closed, []);
    const due = await closeDueComplaints(db(), { officeId: s.officeId, now: wita("2026-11-18 10:01") });
    assert.deepEqual(
      due.closed.map((c) => [c.id, c.status, c.closeReason]),
      [[b.id, "closed", "no_response"]],
    );
    assert.deepEqual(
      due.notifications.map((n) => [n.kind, n.reason]),
      [["closed", "no_response"]],
    );
    assert.ok((await events(b.id)).at(-1)?.startsWith("auto_close:closed:system"));
  });

  test("escalation: by staff with a reason, and once by the system when a clock runs out", async () => {
    const other = await seedOffice(db(), "ESC");
    const mk = () =>
      openComplaint(db(), {
        keys: KEYS,
        officeId: other.officeId,
        contactId: other.contactId,
        category: "sikap_petugas",
        description: "Petugas membentak",
        calendar: CALENDAR,
        now: wita("2026-11-02 09:00"),
      });
    const byStaff = (await mk()).complaint;
    const o = {
      officeId: other.officeId,
      complaintId: byStaff.id,
      actor: operatorActor(other.operatorId),
      keys: KEYS,
    };
    await assert.rejects(escalate(db(), { ...o, reason: "" }), isCode("reason_required"));
    await assert.rejects(
      escalate(db(), { ...o, actor: citizenActor(other.contactId), reason: "x" }),
      isCode("action_not_allowed"),
    );
    const escalated = await escalate(db(), { ...o, reason: "Menyangkut kepala seksi" });
    assert.equal(escalated.complaint.flaggedToSupervisor, true);
    assert.deepEqual(
      escalated.notifications.map((n) => [n.kind, n.audience]),
      [["escalated", "supervisors"]],
    );

    const overdue = (await mk()).complaint;
    assert.deepEqual(
      await escalateOverdueComplaints(db(), { officeId: other.officeId, now: wita("2026-11-05 08:59") }),
      [],
    );
    const first = await escalateOverdueComplaints(db(), {
      officeId: other.officeId,
      now: wita("2026-11-05 09:01"),
    });
    assert.deepEqual(
      first.map((r) => [r.complaint.id, r.notifications[0]?.reason]),
      [[overdue.id, "verification_overdue"]],
    );
    assert.deepEqual(
      await escalateOverdueComplaints(db(), { officeId: other.officeId, now: wita("2026-11-06 09:00") }),
      [],
    );
    await assert.rejects(
      escalate(db(), {
        officeId: other.officeId,
        complaintId: overdue.id,
        actor: supervisorActor(other.supervisorId),
        reason: "x",
        keys: KEYS,
        now: wita("2026-11-06 09:00"),
      }).then(() =>
        escalate(db(), {
          officeId: other.officeId,
          complaintId: randomUUID(),
          actor: SYSTEM,
          reason: "x",
          keys: KEYS,
        }),
      ),
      isCode("complaint_not_found"),
    );
  });

  // Two transactions at once: PostgreSQL only (PGlite has one connection).
  if (backend === "postgres")
    test("locks: the sweep skips a complaint whose chat a bot turn holds; a change takes the chat first", async () => {
      const c = (await open()).complaint;
      await verifyComplaint(db(), staff(c.id, "2026-11-03 09:00"));
      await answerComplaint(db(), { ...staff(c.id, "2026-11-04 10:00"), keys: KEYS, answer: "Sudah" });
      let release!: () => void;
      const holding = new Promise<void>((r) => {
        release = r;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      // A bot turn holds the conversation (the reporter is replying) while the reply window runs out.
      const turn = db().transaction(async (tx) => {
        await tx.execute(sql`SELECT id FROM conversations WHERE id = ${s.conversationId} FOR UPDATE`);
        locked();
        await holding;
      });
      await isLocked;
      const late = wita("2026-11-30 10:00");
      try {
        const skipped = await closeDueComplaints(db(), { officeId: s.officeId, now: late });
        assert.ok(!skipped.closed.some((x) => x.id === c.id), "skipped, not waited for");
        // A staff step waits for the conversation before it touches the complaint, as the bot turn takes them.
        let waited = true;
        const escalating = escalate(db(), {
          officeId: s.officeId,
          complaintId: c.id,
          actor: operatorActor(s.operatorId),
          reason: "Perlu supervisor",
          keys: KEYS,
        }).finally(() => {
          waited = false;
        });
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(waited, true, "the escalation waits for the conversation");
        await db().transaction((tx) =>
          tx.execute(sql`SELECT id FROM complaints WHERE id = ${c.id} FOR UPDATE NOWAIT`),
        );
        release();
        await escalating;
      } finally {
        release();
        await turn;
      }
      const due = await closeDueComplaints(db(), { officeId: s.officeId, now: late });
      assert.ok(
        due.closed.some((x) => x.id === c.id),
        "closed by the next sweep",
      );
    });

  test("unknown categories and empty descriptions are refused", async () => {
    await assert.rejects(open({ category: "lain" }), isCode("unknown_category"));
    await assert.rejects(open({ description: "   " }), isCode("description_required"));
  });
});
