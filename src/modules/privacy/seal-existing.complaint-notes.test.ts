/**
 * complaint_events.note in the backfill of values written in clear (seal-existing.ts): the notes a person
 * wrote (an answer, the reporter's replies, a person's escalation reason) are sealed and open to what they
 * were; the codes the system writes, an assignment's operator id and a referral's office stay as they are.
 */
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { DEMO_NUMBER } from "../../demo.ts";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase, truncateAll } from "../../platform/db/testing.ts";
import { TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { seedDemo } from "../offices/seed-demo.ts";
import { deriveFieldKeys } from "../shared/field-crypto.ts";
import { isSealedText, openText, SEALED, sealText } from "../shared/sealed.ts";
import { sealExisting } from "./seal-existing.ts";

const SEALED_NOTES: Array<[string, string, string]> = [
  ["answer", "operator", "Bapak Yohanes Bria, KK sudah dicetak, ambil di loket 3"],
  ["add_info", "citizen", "NIK saya 5371014101900002, nomor antrean 15"],
  ["confirm", "citizen", "Puas, selesai"],
  ["reopen", "citizen", "Belum puas"],
  ["escalate", "operator", "Petugas Agus di loket 3 diadukan"],
];
const CLEAR_NOTES: Array<[string, string, string]> = [
  ["escalate", "system", "fee_report"],
  ["escalate", "system", "verification_overdue"],
  ["assign", "supervisor", randomUUID()],
  ["refer_elsewhere", "supervisor", "Dinas PUPR Kota Kupang"],
];

describeEachDatabase("seal-existing: complaint notes", (database) => {
  const keys = deriveFieldKeys(randomBytes(32));
  let officeId: string;
  beforeEach(async () => {
    await truncateAll(database());
    officeId = (await seedDemo(database(), { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER })).officeId;
  });

  test("notes a person wrote are sealed and open to what they were; codes and ids stay in clear", async () => {
    const db = database().db;
    const [contact] = await rows<{ id: string }>(
      db,
      sql`INSERT INTO contacts (office_id, wa_id) VALUES (${officeId}, '6281339077301') RETURNING id::text AS id`,
    );
    const [complaint] = await rows<{ id: string }>(
      db,
      sql`INSERT INTO complaints (office_id, tracking_number, contact_id, category, description, received_at, verification_due_at)
          VALUES (${officeId}, 'KPG-P-2611-00301', ${contact!.id}, 'lainnya', 'x', now(), now()) RETURNING id::text AS id`,
    );
    const ids = new Map<string, string>();
    for (const [action, actorKind, note] of [...SEALED_NOTES, ...CLEAR_NOTES]) {
      const [row] = await rows<{ id: string }>(
        db,
        sql`INSERT INTO complaint_events (office_id, complaint_id, action, to_status, actor_kind, note)
            VALUES (${officeId}, ${complaint!.id}, ${action}, 'verified', ${actorKind}, ${note}) RETURNING id::text AS id`,
      );
      ids.set(note, row!.id);
    }
    // One written by this version already, and one without a note: both left alone.
    const already = await rows<{ id: string; note: string }>(
      db,
      sql`INSERT INTO complaint_events (office_id, complaint_id, action, to_status, actor_kind, note)
          VALUES (${officeId}, ${complaint!.id}, 'answer', 'answered', 'operator',
                  ${sealText(keys, "Sudah tersegel", SEALED.complaintEventNote)})
          RETURNING id::text AS id, note`,
    );
    await db.execute(sql`INSERT INTO complaint_events (office_id, complaint_id, action, to_status, actor_kind)
      VALUES (${officeId}, ${complaint!.id}, 'verify', 'verified', 'operator')`);

    const run = await sealExisting(database(), keys, { batchSize: 3 });
    assert.equal(run.finished, true);
    assert.deepEqual(run.columns["complaint_events.note"], { sealed: SEALED_NOTES.length, skipped: 0 });

    const stored = new Map(
      (
        await rows<{ id: string; note: string | null }>(
          db,
          sql`SELECT id::text AS id, note FROM complaint_events WHERE complaint_id = ${complaint!.id}`,
        )
      ).map((r) => [r.id, r.note]),
    );
    for (const [, , note] of SEALED_NOTES) {
      const raw = stored.get(ids.get(note)!)!;
      assert.ok(isSealedText(raw), `${note}: sealed`);
      assert.equal(openText(keys, raw, SEALED.complaintEventNote), note);
    }
    for (const [, , note] of CLEAR_NOTES) assert.equal(stored.get(ids.get(note)!), note, `${note}: in clear`);
    assert.equal(stored.get(already[0]!.id), already[0]!.note, "sealed already: byte for byte the same");

    const again = await sealExisting(database(), keys, { batchSize: 3 });
    assert.deepEqual(again.columns["complaint_events.note"], { sealed: 0, skipped: 0 });
  });
});
