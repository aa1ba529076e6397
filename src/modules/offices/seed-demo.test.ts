import assert from "node:assert/strict";
import { before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { DEMO_NUMBER } from "../../demo.ts";
import { templateStatuses } from "../../platform/db/schema/index.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { loadCatalogue } from "../catalogue/load.ts";
import { approveDemoTemplates, seedDemo } from "./seed-demo.ts";

describeEachDatabase("demo templates", (database) => {
  let officeId = "";
  before(async () => {
    officeId = (await seedDemo(database(), { phoneNumberId: "100000000000001", ...DEMO_NUMBER })).officeId;
  });

  test("every catalogue template is approved for the demo, once, and an admin's later status stays", async () => {
    const names = (await loadCatalogue()).templates.map((t) => t.name);
    await approveDemoTemplates(database(), officeId, names);
    const status = (name: string) =>
      database()
        .db.select({ status: templateStatuses.status })
        .from(templateStatuses)
        .where(and(eq(templateStatuses.officeId, officeId), eq(templateStatuses.name, name)));
    for (const name of names) assert.deepEqual(await status(name), [{ status: "approved" }], name);

    await database()
      .db.update(templateStatuses)
      .set({ status: "paused" })
      .where(eq(templateStatuses.name, names[0]!));
    await approveDemoTemplates(database(), officeId, names);
    assert.deepEqual(await status(names[0]!), [{ status: "paused" }]);
  });
});
