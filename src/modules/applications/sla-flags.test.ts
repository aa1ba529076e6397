import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase, truncateAll } from "../../platform/db/testing.ts";
import { CALENDAR, CATALOGUE, citizenActor, KEYS, seedOffice, wita } from "../shared/test-fixtures.ts";
import { createDraft, submitApplication } from "./applications.service.ts";
import { refreshSlaFlags } from "./sla-flags.service.ts";

describeEachDatabase("SLA flags", (database) => {
  beforeEach(async () => truncateAll(database()));

  test("an application past its due time is flagged breached; near it, at risk; the flags follow the clock", async () => {
    const s = await seedOffice(database().db);
    const calendar = CALENDAR;
    const monday = wita("2026-11-30 09:00");
    const draft = await createDraft(database().db, {
      officeId: s.officeId,
      contactId: s.contactId,
      conversationId: s.conversationId,
      catalogue: CATALOGUE,
      serviceCode: "kk",
      variantCode: "baru",
      keys: KEYS,
      now: monday,
    });
    const { application: app } = await submitApplication(database().db, {
      officeId: s.officeId,
      applicationId: draft.id,
      actor: citizenActor(s.contactId),
      catalogue: CATALOGUE,
      calendar,
      now: monday,
    });
    const flags = async () =>
      (
        await rows<{ flags: string[] }>(
          database().db,
          sql`SELECT flags FROM applications WHERE id = ${app.id}`,
        )
      )[0]!.flags;

    assert.equal(await refreshSlaFlags(database(), calendar, wita("2026-11-30 09:30")), 0);
    assert.deepEqual(
      (await flags()).filter((f) => f.startsWith("sla_")),
      [],
    );

    await refreshSlaFlags(database(), calendar, wita("2026-12-01 08:30")); // 1 working day: due Tue 09:00
    assert.deepEqual(
      (await flags()).filter((f) => f.startsWith("sla_")),
      ["sla_at_risk"],
    );

    await refreshSlaFlags(database(), calendar, wita("2026-12-03 09:00")); // two days late
    assert.deepEqual(
      (await flags()).filter((f) => f.startsWith("sla_")),
      ["sla_breached"],
    );
  });
});
