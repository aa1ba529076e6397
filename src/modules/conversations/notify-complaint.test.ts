import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { answerComplaint, verifyComplaint } from "../complaints/complaints.service.ts";
import { createOperator } from "../operators/operators.service.ts";
import { deriveFieldKeys } from "../shared/field-crypto.ts";
import { createCitizenService } from "./citizen-service.ts";

const CITIZEN = "6281234500666";

describeEachDatabase("complaint steps reach the citizen", (database) => {
  let lontar: RunningLontar;
  let citizens: Awaited<ReturnType<typeof createCitizenService>>;
  const sent = () => lontar.fake.received.flatMap((r) => (r.kind === "message" ? [r.body] : []));
  const say = async (body: string) => {
    const before = sent().length;
    await lontar.fake.sendInbound({
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      from: CITIZEN,
      message: { type: "text", body },
    });
    await eventually(async () => sent().length > before);
    lontar.app.bus.publish("outbox");
    await new Promise((r) => setTimeout(r, 300));
  };

  before(async () => {
    // One master key for the app and the bot, as main.ts wires them: the outbox opens what the bot sealed.
    const masterKey = randomBytes(32);
    citizens = await createCitizenService({ keys: deriveFieldKeys(masterKey) });
    lontar = await startLontar(database(), {
      masterKey,
      onMessage: citizens.onMessage,
      outbox: { perRecipientIntervalMs: 0 },
    });
  });
  after(async () => lontar.stop());

  test("verified and answered inside the window as text; answered after 3 days of silence as the template", async () => {
    for (const text of [
      "halo",
      "4",
      "1",
      "Permohonan KK saya sudah 3 minggu belum selesai",
      "lewati",
      "tidak",
      "ya",
    ])
      await say(text);
    const [complaint] = await rows<{ id: string; tracking_number: string }>(
      database().db,
      sql`SELECT id, tracking_number FROM complaints`,
    );
    assert.ok(complaint, "the bot opened a complaint");
    const { id: operatorId } = await createOperator(database().db, {
      officeId: lontar.officeId,
      username: "yohana",
      displayName: "Yohana",
      role: "supervisor",
    });
    const staff = {
      officeId: lontar.officeId,
      complaintId: complaint.id,
      actor: { kind: "operator" as const, operatorId, role: "supervisor" as const },
      calendar: citizens.deps.calendar,
    };

    await database().db.transaction(async (tx) => {
      for (const n of (await verifyComplaint(tx, staff)).notifications) await citizens.notifyComplaint(tx, n);
    });
    lontar.app.bus.publish("outbox");
    await eventually(async () =>
      sent().some((b) => b.type === "text" && /verifikasi/i.test(JSON.stringify(b))),
    );

    await database().db.execute(sql`UPDATE conversations SET last_inbound_at = now() - interval '3 days'`);
    await database().db.transaction(async (tx) => {
      const { notifications } = await answerComplaint(tx, {
        ...staff,
        keys: citizens.deps.keys,
        answer: "KK Anda sudah dicetak, silakan ambil di loket 3.",
      });
      for (const n of notifications) await citizens.notifyComplaint(tx, n);
    });
    lontar.app.bus.publish("outbox");
    const template = await eventually(async () => sent().find((b) => b.type === "template"));
    const t = template.template as {
      name: string;
      components: Array<{ parameters: Array<{ text: string }> }>;
    };
    assert.equal(t.name, "lontar_pengaduan_update");
    assert.equal(t.components[0]!.parameters[1]!.text, complaint.tracking_number);
    assert.match(t.components[0]!.parameters[2]!.text, /loket 3/);
  });
});
