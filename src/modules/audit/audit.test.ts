import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { describeEachDatabase, truncateAll } from "../../platform/db/testing.ts";
import { seedDemo } from "../offices/seed-demo.ts";
import { listAudit, recordAudit, verifyAuditChain } from "./audit.service.ts";

describeEachDatabase("audit trail", (database) => {
  let officeId = "";
  beforeEach(async () => {
    await truncateAll(database());
    officeId = (await seedDemo(database(), { phoneNumberId: "100000000000001" })).officeId;
  });

  test("rows chain to each other, also when written concurrently", async () => {
    const { db } = database();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction((tx) =>
          recordAudit(tx, {
            officeId,
            actorId: null,
            action: "file.view",
            subjectType: "blob",
            subjectId: `b${i}`,
            details: { zeta: i, alpha: { b: 1, a: [2, { y: 1, x: 0 }] } },
          }),
        ),
      ),
    );
    assert.equal((await listAudit(db, { officeId })).length, 20);
    assert.equal(await verifyAuditChain(db, officeId), null);
  });

  test("an edited or deleted row is detected", async () => {
    const { db } = database();
    for (const action of ["login", "nik.reveal", "file.view"]) {
      await db.transaction((tx) => recordAudit(tx, { officeId, actorId: null, action }));
    }
    const rows = await listAudit(db, { officeId });
    const middle = rows[1]!;
    await db.execute(sql`UPDATE audit_log SET action = 'login' WHERE id = ${middle.id}`);
    assert.equal(await verifyAuditChain(db, officeId), middle.id);
    await db.execute(sql`UPDATE audit_log SET action = 'nik.reveal' WHERE id = ${middle.id}`);
    assert.equal(await verifyAuditChain(db, officeId), null);
    await db.execute(sql`DELETE FROM audit_log WHERE id = ${middle.id}`);
    assert.equal(await verifyAuditChain(db, officeId), rows[0]!.id);
  });
});
