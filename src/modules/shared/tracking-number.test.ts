import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { seedOffice, wita } from "./test-fixtures.ts";
import { allocateTrackingNumber } from "./tracking-number.repo.ts";
import { formatTrackingNumber, parseTrackingNumber, trackingPeriod } from "./tracking-number.ts";

test("formats office, kind, yymm and a five-digit sequence", () => {
  assert.equal(
    formatTrackingNumber({ office: "kpg", kind: "A", period: "2611", sequence: 42 }),
    "KPG-A-2611-00042",
  );
  assert.equal(
    formatTrackingNumber({ office: "KPG", kind: "P", period: "2701", sequence: 123456 }),
    "KPG-P-2701-123456",
  );
});

test("the period is the office's month, not UTC's", () => {
  // 30 Nov 2026 16:30 UTC is already 1 Dec 00:30 in Kupang (WITA, UTC+8).
  assert.equal(trackingPeriod("Asia/Makassar", new Date("2026-11-30T16:30:00Z")), "2612");
  assert.equal(trackingPeriod("UTC", new Date("2026-11-30T16:30:00Z")), "2611");
});

test("finds a tracking number however the citizen typed it", () => {
  const cases: [string, string | undefined][] = [
    ["KPG-A-2611-00042", "KPG-A-2611-00042"],
    ["cek kpg a 2611 00042", "KPG-A-2611-00042"],
    ["KPGA261100042", "KPG-A-2611-00042"],
    ["status pengajuan saya kpg-a-2611-00042 min?", "KPG-A-2611-00042"],
    ["Kpg.A.2611.00042", "KPG-A-2611-00042"],
    ["KPG A 26 11 00042", "KPG-A-2611-00042"],
    ["pengaduan KPG-P-2612-00007 belum dijawab", "KPG-P-2612-00007"],
    ["kpgp261200007", "KPG-P-2612-00007"],
    ["NIK saya 5371014101900042", undefined],
    ["KPG-A-2613-00042", undefined], // no month 13
    ["KPG-A-2611-00000", undefined],
    ["KPG-A-2611-0004", undefined], // a digit short
    ["KPG-A-2611-000421234567", undefined], // runs into a longer number
    ["halo kak", undefined],
  ];
  for (const [input, want] of cases) assert.equal(parseTrackingNumber(input)?.text, want, input);
});

test("known office codes rule out look-alikes", () => {
  assert.equal(parseTrackingNumber("data 2611 00042")?.text, "DAT-A-2611-00042");
  assert.equal(parseTrackingNumber("data 2611 00042", ["KPG"]), undefined);
  assert.equal(parseTrackingNumber("data 2611 00042 kpg a 2611 00042", ["kpg"])?.text, "KPG-A-2611-00042");
});

describeEachDatabase("tracking number allocation", (database) => {
  let officeId = "";
  before(async () => {
    officeId = (await seedOffice(database().db)).officeId;
  });

  test("50 concurrent allocations get 50 distinct consecutive numbers", async () => {
    const at = wita("2026-11-02 09:00");
    const numbers = await Promise.all(
      Array.from({ length: 50 }, () =>
        database().db.transaction((tx) => allocateTrackingNumber(tx, { officeId, kind: "A", at })),
      ),
    );
    const sequences = numbers.map((n) => parseTrackingNumber(n)!.sequence).sort((a, b) => a - b);
    assert.deepEqual(
      sequences,
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.ok(numbers.every((n) => /^KPG-A-2611-\d{5}$/.test(n)));
  });

  test("each kind and month counts on its own; a rolled-back allocation leaves no gap", async () => {
    const db = database().db;
    const nov = wita("2026-11-20 10:00");
    const dec = wita("2026-12-01 00:30");
    assert.equal(await allocateTrackingNumber(db, { officeId, kind: "P", at: nov }), "KPG-P-2611-00001");
    assert.equal(await allocateTrackingNumber(db, { officeId, kind: "A", at: dec }), "KPG-A-2612-00001");
    await assert.rejects(
      db.transaction(async (tx) => {
        await allocateTrackingNumber(tx, { officeId, kind: "A", at: dec });
        throw new Error("submission failed later");
      }),
    );
    assert.equal(await allocateTrackingNumber(db, { officeId, kind: "A", at: dec }), "KPG-A-2612-00002");
    const [counter] = await rows<{ last_value: number }>(
      db,
      sql`SELECT last_value FROM tracking_counters WHERE office_id = ${officeId} AND kind = 'A' AND period = '2611'`,
    );
    assert.equal(Number(counter!.last_value), 50);
  });
});
