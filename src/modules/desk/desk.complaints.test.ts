/**
 * The operators' complaint work over real HTTP, with the outbox sending to the fake Cloud API: the list with
 * the current LAPOR! clock, the complaint page (description opened, photos through the audited file route,
 * the reporter's chat), verify → answer → the reporter gets the answer with the reply buttons, the stage and
 * clocks moving as complaints.service defines them, and the answer sealed at rest but shown in the history.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually, type RunningLontar } from "../../testing/lontar.ts";
import { isSealedText } from "../shared/sealed.ts";
import { complaintAutoCloseAt, complaintFollowUpDue } from "../sla/sla.ts";
import { fileComplaint } from "./complaints/complaint.testing.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "./testing.ts";

const DAY = 86_400_000;
const ANSWER = "KK Anda sudah dicetak, silakan ambil di loket 3 dengan membawa KTP-el asli.";

describeEachDatabase("desk complaints: the operators' work", (database) => {
  let lontar: RunningLontar;
  let yanti: DeskClient;
  let budi: DeskClient;
  let staff: Record<string, string>;
  const db = () => database().db;
  const one = async <T>(query: ReturnType<typeof sql>) => (await rows<T>(db(), query))[0]!;
  /** What the fake Cloud API was asked to send, as JSON text, oldest first. */
  const sent = () =>
    lontar.fake.received.flatMap((r) => (r.kind === "message" ? [JSON.stringify(r.body)] : []));

  before(async () => {
    lontar = await startDeskLontar(database(), { workers: true });
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const { officeId } = await freshOffice(database(), lontar);
    staff = {};
    for (const [username, services] of [
      ["yanti", ["kk"]],
      ["budi", ["kia"]],
    ] as const)
      staff[username] = (
        await createStaff(database(), { officeId, username, role: "operator", services: [...services] })
      ).id;
    yanti = await signIn(lontar.baseUrl, "yanti");
    budi = await signIn(lontar.baseUrl, "budi");
  });

  test("verify, then answer: the reporter gets the answer with the reply buttons; clocks and history follow", async () => {
    const c = await fileComplaint(lontar, database(), {
      phone: "6281339055001",
      name: "Maria Ndun",
      service: "kk",
      description: "KK saya (NIK 5371014101900002) sudah tiga minggu belum jadi.",
    });

    const list = await yanti.get("/desk/complaints");
    assert.equal(list.status, 200);
    assert.match(list.body, new RegExp(`href="/desk/complaints/${c.id}">${c.trackingNumber}<`));
    assert.match(list.body, /Verifikasi:<\/span>/, "the clock that runs: verification");
    assert.doesNotMatch(list.body, /Lewat batas/);
    const desk = await yanti.get("/desk");
    assert.match(desk.body, /data-count="complaints"[^>]*>1</, "the queue navigation counts it");
    assert.match(desk.body, /href="\/desk\/complaints"/);

    const page = `/desk/complaints/${c.id}`;
    const shown = await yanti.get(page);
    assert.equal(shown.status, 200);
    assert.ok(shown.body.includes("NIK 5371014101900002) sudah tiga minggu"), "the description, opened");
    assert.match(shown.body, new RegExp(`<img src="/desk/files/${c.photoId}" alt="Foto 1 pengaduan`));
    assert.match(shown.body, new RegExp(`href="/desk/conversations/${c.conversationId}"`));
    assert.match(shown.body, new RegExp(`action="${page}/verify"`));
    assert.match(shown.body, new RegExp(`action="${page}/escalate"`));
    assert.doesNotMatch(shown.body, /\/answer"/, "nothing to answer before verification");

    // The photo: through the file route, scoped, every view audited.
    assert.equal((await yanti.get(`/desk/files/${c.photoId}`)).status, 200);
    const audits = await rows(
      db(),
      sql`SELECT 1 FROM audit_log WHERE action = 'file.view' AND subject_id = ${c.photoId}`,
    );
    assert.equal(audits.length, 1);

    const verified = await yanti.post(`${page}/verify`, { laporReference: " LAPOR-2611-777 " });
    assert.equal(verified.status, 303);
    assert.equal(verified.location, `${page}?done=verified`);
    const v = await one<{
      status: string;
      verified_at: Date;
      follow_up_due_at: Date;
      assigned_to: string;
      lapor_reference: string;
    }>(
      sql`SELECT status, verified_at, follow_up_due_at, assigned_to::text, lapor_reference FROM complaints WHERE id = ${c.id}`,
    );
    assert.equal(v.status, "verified");
    assert.equal(v.assigned_to, staff.yanti, "the operator who verified holds it");
    assert.equal(v.lapor_reference, "LAPOR-2611-777");
    const calendar = lontar.citizens!.deps.calendar;
    assert.deepEqual(
      new Date(v.follow_up_due_at),
      complaintFollowUpDue(calendar, new Date(v.verified_at)),
      "follow-up due 5 working days after verification",
    );
    const afterVerify = await yanti.get(verified.location!);
    assert.match(afterVerify.body, /Pengaduan sudah diverifikasi/);
    assert.match(afterVerify.body, /LAPOR-2611-777/);
    assert.match(afterVerify.body, new RegExp(`action="${page}/answer"`));
    assert.doesNotMatch(afterVerify.body, /\/verify"/);
    assert.match((await yanti.get("/desk/complaints")).body, /Tindak lanjut:<\/span>/);

    const empty = await yanti.post(`${page}/answer`, { answer: "   " });
    assert.equal(empty.status, 422);
    assert.match(empty.body, /Tulis jawabannya/);

    const answered = await yanti.post(`${page}/answer`, { answer: ANSWER });
    assert.equal(answered.status, 303);
    const a = await one<{ status: string; answered_at: Date; auto_close_at: Date; answer: string }>(
      sql`SELECT status, answered_at, auto_close_at, answer FROM complaints WHERE id = ${c.id}`,
    );
    assert.equal(a.status, "answered");
    assert.deepEqual(
      new Date(a.auto_close_at),
      complaintAutoCloseAt(calendar, new Date(a.answered_at)),
      "the reporter's reply window: 10 working days",
    );
    assert.ok(isSealedText(a.answer));

    // Sealed at rest: the event's note holds no word of the answer; the history shows it opened.
    const note = await one<{ note: string }>(
      sql`SELECT note FROM complaint_events WHERE complaint_id = ${c.id} AND action = 'answer'`,
    );
    assert.ok(isSealedText(note.note), "complaint_events.note is a sealed token");
    assert.ok(!note.note.includes("loket"), "no clear text in the note");
    const history = await yanti.get(answered.location!);
    assert.match(history.body, /Jawaban sudah dikirim ke pelapor/);
    assert.ok(history.body.includes(`Ditanggapi · yanti<span class="prewrap"> — ${ANSWER}`));
    assert.match(history.body, /menunggu balasan pelapor sampai/);

    // The reporter, inside the 24-hour window: the verification, the answer, then the two buttons.
    lontar.app.bus.publish("outbox");
    await eventually(async () => sent().some((b) => b.includes("complaint.satisfied.")));
    const out = sent();
    assert.ok(out.some((b) => b.includes("sudah kami verifikasi")));
    assert.ok(out.some((b) => b.includes(`Tanggapan kami: ${ANSWER}`)));
    const buttons = JSON.parse(out.find((b) => b.includes("complaint.satisfied."))!) as {
      interactive: { action: { buttons: Array<{ reply: { id: string; title: string } }> } };
    };
    assert.deepEqual(
      buttons.interactive.action.buttons.map((b) => [b.reply.id, b.reply.title]),
      [
        [`complaint.satisfied.${c.trackingNumber}`, "Puas, selesai"],
        [`complaint.unsatisfied.${c.trackingNumber}`, "Belum puas"],
      ],
    );

    // A step the stage does not allow is refused with the page and the reason; so is another service's operator.
    const again = await yanti.post(`${page}/verify`);
    assert.equal(again.status, 409);
    assert.match(again.body, /tahap pengaduan sekarang/);

    const escalated = await yanti.post(`${page}/escalate`, { reason: "Pelapor minta bertemu kepala bidang" });
    assert.equal(escalated.status, 303);
    const reason = await one<{ note: string }>(
      sql`SELECT note FROM complaint_events WHERE complaint_id = ${c.id} AND action = 'escalate'`,
    );
    assert.ok(isSealedText(reason.note), "a person's escalation reason is sealed too");
    assert.match(
      (await yanti.get(page)).body,
      /Dieskalasi · Ditanggapi · yanti<span class="prewrap"> — Pelapor minta/,
    );
  });

  test("office-wide complaints: every operator works on them, overdue ones are flagged, the chat opens unless confidential", async () => {
    const late = await fileComplaint(lontar, database(), {
      phone: "6281339055002",
      name: "Yohanes Bria",
      receivedAt: new Date(Date.now() - 8 * DAY),
    });
    const secret = await fileComplaint(lontar, database(), {
      phone: "6281339055003",
      name: "Fransiska Lake",
      confidential: true,
    });

    const list = await budi.get("/desk/complaints");
    assert.match(list.body, new RegExp(late.trackingNumber));
    assert.match(list.body, new RegExp(secret.trackingNumber));
    assert.match(list.body, /Seluruh kantor/);
    assert.match(list.body, /Lewat batas/, "verification overdue");
    const firstRow = list.body.indexOf("<tbody>");
    assert.ok(
      list.body.indexOf(late.trackingNumber, firstRow) < list.body.indexOf(secret.trackingNumber, firstRow),
      "overdue first",
    );
    assert.match((await budi.get("/desk")).body, /class="alarm" data-queue="complaints"/);

    const shown = await budi.get(`/desk/complaints/${late.id}`);
    assert.match(shown.body, /Lewat batas/);
    assert.match(shown.body, /Yohanes Bria/);
    assert.equal((await budi.get(`/desk/conversations/${late.conversationId}`)).status, 200);

    const hidden = await budi.get(`/desk/complaints/${secret.id}`);
    assert.equal(hidden.status, 200);
    assert.match(hidden.body, /Dirahasiakan/);
    assert.match(hidden.body, /identitas pelapor dirahasiakan/);
    assert.doesNotMatch(hidden.body, /Fransiska Lake|6281339055003/);
    assert.doesNotMatch(hidden.body, /\/desk\/conversations\//);
    assert.equal((await budi.get(`/desk/conversations/${secret.conversationId}`)).status, 404);
    assert.equal(
      (await budi.get(`/desk/files/${secret.photoId}`)).status,
      200,
      "the evidence, not the person",
    );

    // English, and the empty state once nothing is open.
    await budi.post("/desk/locale", { locale: "en" });
    await db().execute(sql`UPDATE complaints SET status = 'closed', closed_at = now()`);
    const empty = await budi.get("/desk/complaints");
    assert.match(empty.body, /No open complaints for you\./);
    assert.match(empty.body, /<a href="\/desk\/complaints" aria-current="page">Complaints<\/a>/);
  });
});
