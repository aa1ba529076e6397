/**
 * Complaints (description, answer), outbox payloads and the citizen's WhatsApp name are sealed at rest
 * (shared/sealed.ts): written through the real paths (the bot, the complaint use cases, the outbox), the raw
 * columns hold no name, NIK, address or message text, and everything that reads them still does: the send
 * worker, the supervisor's complaint page, the chat queue and view, the data-request queue, the data copy and
 * the breach helper.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { contacts } from "../../platform/db/schema/index.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually, type RunningLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { answerComplaint, verifyComplaint } from "../complaints/complaints.service.ts";
import { submitWithPages } from "../desk/application.testing.ts";
import { createStaff, type DeskClient, signIn, startDeskLontar } from "../desk/testing.ts";
import { isSealed, isSealedText, openText, SEALED } from "../shared/sealed.ts";
import { buildDataCopy } from "./dsr.copy.ts";
import { openDataRequest } from "./dsr.service.ts";

const PHONE = "6281339088001";
const NAME = "Yohanes Bria";
const NIK = "5371014101900002";
const DESCRIPTION = `Saya ${NAME}, NIK ${NIK}, Jl. Timor Raya 12: KK saya sudah 3 minggu belum selesai`;
const ANSWER = `Bapak ${NAME}, KK sudah dicetak, silakan ambil di loket 3.`;

describeEachDatabase("sealed at rest: complaints, outbox payloads, WhatsApp names", (database) => {
  let lontar: RunningLontar;
  let supervisor: DeskClient;
  let operator: DeskClient;
  let admin: DeskClient;
  const db = () => database().db;
  const one = async <T>(query: ReturnType<typeof sql>) => (await rows<T>(db(), query))[0]!;
  const sent = () =>
    lontar.fake.received.flatMap((r) => (r.kind === "message" ? [JSON.stringify(r.body)] : []));
  const say = async (body: string) => {
    const before = sent().length;
    await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: PHONE,
      name: NAME,
      message: { type: "text", body },
    });
    await eventually(async () => sent().length > before);
  };
  const assertNoClear = (raw: string, what: string) => {
    for (const secret of [NAME, NIK, PHONE, "Timor Raya", "belum selesai", "loket 3"])
      assert.ok(!raw.includes(secret), `${what} holds "${secret}" in clear`);
  };

  before(async () => {
    lontar = await startDeskLontar(database(), { workers: true });
    for (const [username, role] of [
      ["kabid", "supervisor"],
      ["yanti", "operator"],
      ["kepala.it", "admin"],
    ] as const)
      await createStaff(database(), { officeId: lontar.officeId, username, role, services: ["kk", "kia"] });
    supervisor = await signIn(lontar.baseUrl, "kabid");
    operator = await signIn(lontar.baseUrl, "yanti");
    admin = await signIn(lontar.baseUrl, "kepala.it");
  });
  after(() => lontar.stop());

  test("a complaint through the bot: sealed at rest, read by the desk, the data copy and the citizen", async () => {
    for (const text of ["halo", "4", "1", DESCRIPTION, "lewati", "tidak", "ya"]) await say(text);
    const complaint = await eventually(async () =>
      (
        await rows<{ id: string; tracking_number: string; description: string; contact_id: string }>(
          db(),
          sql`SELECT id, tracking_number, description, contact_id FROM complaints`,
        )
      ).at(0),
    );
    // At rest: the description, the name and every queued message body are sealed.
    assert.ok(isSealedText(complaint.description), "complaints.description is a sealed token");
    assertNoClear(complaint.description, "complaints.description");
    const contact = await one<{ profile_name: string }>(
      sql`SELECT profile_name FROM contacts WHERE id = ${complaint.contact_id}`,
    );
    assert.ok(isSealedText(contact.profile_name), "contacts.profile_name is a sealed token");
    assert.equal(openText(lontar.keys, contact.profile_name, SEALED.contactProfileName), NAME);
    await eventually(async () => sent().some((b) => b.includes(complaint.tracking_number)));
    const payloads = await rows<{ payload: unknown; raw: string }>(
      db(),
      sql`SELECT payload, payload::text AS raw FROM outbox`,
    );
    assert.ok(payloads.length >= 7, "replies, read receipts");
    for (const p of payloads) {
      assert.ok(isSealed(p.payload), "outbox.payload is { sealed }");
      assert.deepEqual(Object.keys(p.payload as object), ["sealed"], "no clear field beside the token");
      assertNoClear(p.raw, "outbox.payload");
      assert.ok(!p.raw.includes(complaint.tracking_number), "not even the reply text");
    }

    // The supervisor reads the complaint and the reporter's name; the office answers through the use cases.
    const page = `/desk/supervisor/complaints/${complaint.id}`;
    const shown = await supervisor.get(page);
    assert.equal(shown.status, 200);
    assert.ok(shown.body.includes(`NIK ${NIK}, Jl. Timor Raya 12`), "the description, opened");
    assert.ok(shown.body.includes(NAME), "the reporter's name, opened");
    const [kabid] = await rows<{ id: string }>(db(), sql`SELECT id FROM operators WHERE username = 'kabid'`);
    const staff = {
      officeId: lontar.officeId,
      complaintId: complaint.id,
      actor: { kind: "operator" as const, operatorId: kabid!.id, role: "supervisor" as const },
      calendar: lontar.citizens!.deps.calendar,
    };
    await db().transaction(async (tx) => {
      await verifyComplaint(tx, staff);
      const { notifications } = await answerComplaint(tx, { ...staff, keys: lontar.keys, answer: ANSWER });
      for (const n of notifications) await lontar.citizens!.notifyComplaint(tx, n);
    });
    const answer = await one<{ answer: string }>(
      sql`SELECT answer FROM complaints WHERE id = ${complaint.id}`,
    );
    assert.ok(isSealedText(answer.answer), "complaints.answer is a sealed token");
    assertNoClear(answer.answer, "complaints.answer");
    assert.ok((await supervisor.get(page)).body.includes("KK sudah dicetak, silakan ambil di loket 3."));
    lontar.app.bus.publish("outbox");
    await eventually(async () => sent().some((b) => b.includes("Tanggapan kami") && b.includes("loket 3")));

    // The data copy (UU 27/2022 Pasal 32) from the stored row, as the data-request use case reads it.
    const [row] = await db().select().from(contacts).where(eq(contacts.id, complaint.contact_id));
    const copy = await buildDataCopy(db(), {
      catalogue: lontar.citizens!.catalogue,
      keys: lontar.keys,
      locale: "id",
      contact: row!,
    });
    assert.ok(copy.includes(`Nama profil WhatsApp: ${NAME}`));
    assert.ok(copy.includes(DESCRIPTION));
    const now = new Date();
    await db().transaction((tx) =>
      openDataRequest(tx, {
        officeId: lontar.officeId,
        contactId: complaint.contact_id,
        kind: "copy",
        requestedAt: now,
        now,
        locale: "id",
      }),
    );
    assert.ok((await admin.get("/desk/admin/privacy")).body.includes(NAME), "the request queue names them");

    // The chat waits for a person: the queue and the chat show the name.
    const { id: conversationId } = await one<{ id: string }>(
      sql`SELECT id FROM conversations WHERE contact_id = ${complaint.contact_id}`,
    );
    await db().execute(
      sql`UPDATE conversations SET handover_at = now(), handover_service = 'kk' WHERE id = ${conversationId}`,
    );
    assert.ok((await operator.get("/desk?queue=chats")).body.includes(NAME), "the chat queue");
    assert.ok((await operator.get(`/desk/conversations/${conversationId}`)).body.includes(NAME), "the chat");
  });

  test("the breach helper lists the affected citizens by their opened names", async () => {
    const submitted = await submitWithPages(database(), {
      officeId: lontar.officeId,
      channelId: lontar.channelId,
      blobs: lontar.blobs,
      citizens: lontar.citizens!,
      waId: "6281339088002",
    });
    const stored = await one<{ profile_name: string }>(
      sql`SELECT profile_name FROM contacts WHERE id = ${submitted.contactId}`,
    );
    assert.ok(isSealedText(stored.profile_name));
    const items = encodeURIComponent(submitted.trackingNumber);
    assert.ok((await admin.get(`/desk/admin/breach?items=${items}`)).body.includes("Yohanes Bria"));
    const csv = await admin.get(`/desk/admin/breach.csv?items=${items}`);
    assert.match(csv.body, /^6281339088002,Yohanes Bria,/m);
  });
});
