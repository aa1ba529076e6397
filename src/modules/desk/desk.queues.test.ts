/** The queue column: counts, order by due time, and the filters (service, status, date, tracking number, NIK). */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { SUBJECT_NIK, type Submitted, submitWithPages } from "./application.testing.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "./testing.ts";

describeEachDatabase("desk queues", (database) => {
  let lontar: RunningLontar;
  let desk: DeskClient;
  let kia: Submitted;
  let kk: Submitted;
  before(async () => {
    lontar = await startDeskLontar(database());
    const { officeId, channelId } = await freshOffice(database(), lontar);
    await createStaff(database(), { officeId, username: "antre", role: "operator", services: ["kia", "kk"] });
    desk = await signIn(lontar.baseUrl, "antre");
    const common = { officeId, channelId, blobs: lontar.blobs, citizens: lontar.citizens! };
    kia = await submitWithPages(database(), { ...common, waId: "6281339000401" });
    kk = await submitWithPages(database(), { ...common, waId: "6281339000402", serviceCode: "kk" });
    // The KK one is due first, whatever the order of submission.
    await database().db.execute(
      sql`UPDATE applications SET due_at = submitted_at + interval '1 hour' WHERE id = ${kk.id}`,
    );
  });
  after(() => lontar.stop());

  const listed = async (query: string) => {
    const body = (await desk.get(`/desk/queues/list${query}`)).body;
    return [...body.matchAll(/data-id="([0-9a-f-]{36})"/g)].map((m) => m[1]);
  };

  test("new applications are counted and listed by due time", async () => {
    const nav = (await desk.get("/desk/queues/nav?queue=new")).body;
    assert.match(nav, /data-count="new">2</);
    assert.deepEqual(await listed("?queue=new"), [kk.id, kia.id]);
  });

  test("filters narrow the list: service, status, date, tracking number and a NIK typed with spaces", async () => {
    assert.deepEqual(await listed("?queue=new&service=kia"), [kia.id]);
    assert.deepEqual(await listed("?queue=new&status=processing"), []);
    assert.deepEqual(await listed("?queue=new&status=submitted&service=kk"), [kk.id]);
    assert.deepEqual(
      await listed(`?queue=new&search=${encodeURIComponent(kia.trackingNumber.toLowerCase())}`),
      [kia.id],
    );
    const spaced = SUBJECT_NIK.replace(/(\d{4})/g, "$1 ").trim();
    const byNik = await listed(`?queue=new&search=${encodeURIComponent(spaced)}`);
    assert.deepEqual(byNik.sort(), [kia.id, kk.id].sort(), "both are for the same child");
    assert.deepEqual(await listed("?queue=new&date=2001-01-01"), []);
  });

  test("the NIK is shown masked in the list, never in clear", async () => {
    const body = (await desk.get("/desk/queues/list?queue=new")).body;
    assert.ok(!body.includes(SUBJECT_NIK));
    assert.match(body, new RegExp(`${SUBJECT_NIK.slice(0, 4)}••••••••${SUBJECT_NIK.slice(-4)}`));
  });

  test("a service the operator does not serve is not a filter that opens anything", async () => {
    assert.deepEqual((await listed("?queue=new&service=akta_kematian")).sort(), [kia.id, kk.id].sort());
  });
});
