/**
 * Golden transcripts of the reporter's reply to the office's answer to their complaint, through the real
 * path: the desk's use cases and notifications, the outbox, the fake Cloud API, the bot. Inside the 24-hour
 * window the answer comes with "Puas, selesai" / "Belum puas"; outside it as the template, and the citizen's
 * next message is met with the same question.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { answerComplaint, verifyComplaint } from "../complaints/complaints.service.ts";
import { isSealedText, openText, SEALED } from "../shared/sealed.ts";
import { type Citizen, type Golden, startGolden } from "./golden/harness.ts";
import { contactOf } from "./golden/scripts.ts";
import { expectGolden } from "./golden/transcript.ts";

const DAY = 86_400_000;

describeEachDatabase("golden: the reporter's reply to a complaint", (database) => {
  let g: Golden;
  before(async () => {
    g = await startGolden(database());
  });
  after(async () => g.stop());
  afterEach(() => assert.deepEqual(g.botErrors.splice(0), [], "the bot hit a bug"));

  /** A complaint about slow service, filed through the bot; returns its id and tracking number. */
  const complain = async (c: Citizen) => {
    await c.say("halo");
    await c.tap("menu.complaint");
    await c.tap("cat.layanan_lambat");
    await c.say("Permohonan KK saya sudah tiga minggu belum selesai, padahal katanya 14 hari kerja.");
    await c.say("lewati");
    await c.tap("no");
    await c.tap("yes");
    const { contact_id } = await contactOf(g, c.phone);
    return g.one<{ id: string; tracking_number: string }>(
      sql`SELECT id::text AS id, tracking_number FROM complaints WHERE contact_id = ${contact_id}`,
    );
  };

  /** The desk's step on the complaint, telling the reporter in the same transaction. */
  const desk = async (c: Citizen, note: string, run: (tx: Tx) => Promise<{ notifications: unknown[] }>) => {
    c.note(note);
    await g.desk(async (tx) => {
      const { notifications } = await run(tx);
      for (const n of notifications as Parameters<typeof g.citizens.notifyComplaint>[1][])
        await g.citizens.notifyComplaint(tx, n);
    });
    await c.flush();
  };

  const staff = async (complaintId: string, username: string) => ({
    officeId: g.officeId,
    complaintId,
    actor: await g.operator(username),
    calendar: g.citizens.deps.calendar,
  });

  const history = async (complaintId: string) =>
    rows<{ action: string; to_status: string; note: string | null }>(
      g.database.db,
      sql`SELECT action, to_status, note FROM complaint_events WHERE complaint_id = ${complaintId} ORDER BY id`,
    );

  test("inside the window: Belum puas reopens and what is missing reaches the officer; Puas closes", async () => {
    const c = g.citizen("6281339000601", "Agustina Lado");
    const complaint = await complain(c);
    const officer = await staff(complaint.id, "petugas.aduan");
    await desk(c, "petugas memverifikasi dan menjawab", async (tx) => {
      const verified = await verifyComplaint(tx, officer);
      const answered = await answerComplaint(tx, {
        ...officer,
        keys: g.citizens.deps.keys,
        answer: "KK Anda tertunda karena SIAK pusat gangguan; sudah kami proses hari ini.",
      });
      return { notifications: [...verified.notifications, ...answered.notifications] };
    });
    await c.tap(`complaint.unsatisfied.${complaint.tracking_number}`);
    await c.say("KK saya sampai sekarang belum bisa diambil di loket.");
    await desk(c, "petugas menjawab lagi", (tx) =>
      answerComplaint(tx, {
        ...officer,
        keys: g.citizens.deps.keys,
        answer: "KK Anda sudah dicetak dan bisa diambil di loket 3.",
      }),
    );
    await c.tap(`complaint.satisfied.${complaint.tracking_number}`);
    // WhatsApp keeps the first answer's buttons tappable: a late tap is told, and changes nothing.
    await c.tapEarlier(`complaint.unsatisfied.${complaint.tracking_number}`);
    await expectGolden("complaint-reply-window", c.transcript());

    const events = await history(complaint.id);
    assert.deepEqual(
      events.map((e) => `${e.action}:${e.to_status}`),
      [
        "open:received",
        "verify:verified",
        "answer:answered",
        "reopen:verified",
        "add_info:verified",
        "answer:answered",
        "confirm:closed",
      ],
    );
    const added = events.find((e) => e.action === "add_info")!;
    assert.ok(isSealedText(added.note!), "the reporter's words are sealed at rest");
    assert.equal(
      openText(g.citizens.deps.keys, added.note!, SEALED.complaintEventNote),
      "KK saya sampai sekarang belum bisa diambil di loket.",
    );
    const closed = await g.one<{ status: string; close_reason: string }>(
      sql`SELECT status, close_reason FROM complaints WHERE id = ${complaint.id}`,
    );
    assert.deepEqual(closed, { status: "closed", close_reason: "confirmed" });
  });

  test("outside the window: the template, then the citizen's next message gets the whole answer and the question", async () => {
    const c = g.citizen("6281339000602", "Yakobus Seran");
    const complaint = await complain(c);
    c.reset(); // the complaint itself is the window transcript's; this one starts with the office's answer
    const officer = await staff(complaint.id, "petugas.aduan2");
    const { conversation_id } = await contactOf(g, c.phone);
    await g.database.db.execute(
      sql`UPDATE conversations SET last_inbound_at = now() - interval '3 days' WHERE id = ${conversation_id}`,
    );
    const answer =
      "Permohonan KK Anda terlambat karena berkas akta perkawinan orang tua belum lengkap di SIAK. " +
      "Petugas kami sudah melengkapinya dari arsip, dan KK baru sudah dicetak hari ini. " +
      "Silakan ambil di loket 3 pada jam kerja dengan membawa KTP-el asli.";
    await desk(c, "petugas memverifikasi dan menjawab, 3 hari setelah pesan terakhir warga", async (tx) => {
      const verified = await verifyComplaint(tx, officer);
      const answered = await answerComplaint(tx, { ...officer, keys: g.citizens.deps.keys, answer });
      return { notifications: [...verified.notifications, ...answered.notifications] };
    });
    assert.deepEqual(
      c.received().map((r) => r.startsWith("TEMPLATE ")),
      [true, true],
      "no free text and no buttons outside the window",
    );
    await c.say("selamat siang");
    await c.say("Apakah bisa diwakilkan oleh istri saya?");
    await c.say("puas");
    await expectGolden("complaint-reply-template", c.transcript());

    const received = c.received();
    assert.ok(
      received.some((r) => r.includes(answer)),
      "the answer in full once the window is open",
    );
    const events = await history(complaint.id);
    assert.deepEqual(
      events.slice(3).map((e) => `${e.action}:${e.to_status}`),
      ["add_info:answered", "confirm:closed"],
    );
  });

  test("silence after the answer: closed as settled when the reply window runs out; a later tap is told", async () => {
    const c = g.citizen("6281339000603", "Dominggus Bana");
    const complaint = await complain(c);
    c.reset();
    const officer = await staff(complaint.id, "petugas.aduan3");
    await desk(c, "petugas memverifikasi dan menjawab", async (tx) => {
      const verified = await verifyComplaint(tx, officer);
      const answered = await answerComplaint(tx, {
        ...officer,
        keys: g.citizens.deps.keys,
        answer: "KK Anda sudah selesai dan bisa diambil di loket 3.",
      });
      return { notifications: [...verified.notifications, ...answered.notifications] };
    });
    c.note("10 hari kerja tanpa balasan dari warga");
    const swept = await g.citizens.runComplaintClocks(g.database, new Date(Date.now() + 30 * DAY));
    assert.ok(swept.closed >= 1);
    g.app.bus.publish("outbox");
    await c.flush();
    await c.tapEarlier(`complaint.satisfied.${complaint.tracking_number}`);
    await expectGolden("complaint-reply-auto-close", c.transcript());

    const events = await history(complaint.id);
    assert.deepEqual(
      events.map((e) => `${e.action}:${e.to_status}`).slice(-1),
      ["auto_close:closed"],
      "the late tap changed nothing",
    );
  });
});
