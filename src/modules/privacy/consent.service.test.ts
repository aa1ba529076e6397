/** hasConsent, the question surveys and broadcasts ask before they send: never asked is no; newest wins. */
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { DEMO_NUMBER } from "../../demo.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { resolveContact } from "../messaging/inbound.service.ts";
import { seedDemo } from "../offices/seed-demo.ts";
import { KEYS } from "../shared/test-fixtures.ts";
import { hasConsent, privacyContextOf, recordConsent, withdrawAll } from "./consent.service.ts";

describeEachDatabase("consent", (database) => {
  let officeId: string;
  let contactId: string;
  before(async () => {
    ({ officeId } = await seedDemo(database(), { phoneNumberId: TEST_PHONE_NUMBER_ID, ...DEMO_NUMBER }));
    contactId = (await resolveContact(database().db, KEYS, officeId, { waId: "6281330000901" })).id;
  });

  test("never asked is no; the newest decision wins per purpose; withdrawing all ends both", async () => {
    const db = database().db;
    const who = { officeId, contactId };
    assert.equal(await hasConsent(db, contactId, "survey"), false);
    assert.deepEqual((await privacyContextOf(db, contactId)).consents, {});
    const t = (minutes: number) => new Date(Date.UTC(2026, 10, 30, 2, minutes));
    await recordConsent(db, { ...who, purposes: ["survey"], granted: true, source: "bot", now: t(0) });
    await recordConsent(db, { ...who, purposes: ["broadcast"], granted: false, source: "bot", now: t(1) });
    await recordConsent(db, { ...who, purposes: ["broadcast"], granted: true, source: "keyword", now: t(2) });
    assert.equal(await hasConsent(db, contactId, "survey"), true);
    assert.equal(await hasConsent(db, contactId, "broadcast"), true);
    await withdrawAll(db, { ...who, source: "keyword", now: t(3) });
    assert.equal(await hasConsent(db, contactId, "survey"), false);
    assert.equal(await hasConsent(db, contactId, "broadcast"), false);
    assert.deepEqual((await privacyContextOf(db, contactId)).consents, { survey: false, broadcast: false });
  });
});
