/**
 * Who may run broadcasts: supervisors and admins (office-wide). Operators and viewers get 403 on every
 * campaign route, GET or POST, and a refused POST changes nothing; the menu shows the page only to those who may.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "../desk/testing.ts";
import { createCampaign } from "./campaigns.service.ts";
import { approvedTemplate, settingsFor } from "./testing.ts";

describeEachDatabase("broadcast routes: scopes", (database) => {
  let lontar: RunningLontar;
  const clients: Record<string, DeskClient> = {};
  let campaignId: string;
  let templateId: string;

  before(async () => {
    lontar = await startDeskLontar(database());
    const seed = await freshOffice(database(), lontar);
    for (const role of ["operator", "viewer", "supervisor", "admin"] as const) {
      const username = `${role}.kupang`;
      await createStaff(database(), { officeId: seed.officeId, username, role, services: ["kia"] });
      clients[role] = await signIn(lontar.baseUrl, username);
    }
    const staffId = (await rows<{ id: string }>(database().db, sql`SELECT id FROM operators LIMIT 1`))[0]!.id;
    const created = await database().db.transaction(async (tx) => {
      const template = await approvedTemplate(tx, seed.officeId);
      const campaign = await createCampaign(tx, {
        officeId: seed.officeId,
        staffId,
        now: new Date(),
        keys: lontar.keys,
        settings: settingsFor(),
        name: "Uji",
        templateId: template.id,
        channelId: seed.channelId,
        parameters: ["Bapak/Ibu"],
        filters: {},
      });
      return { campaign, template };
    });
    campaignId = created.campaign.id;
    templateId = created.template.id;
  });
  after(() => lontar.stop());

  const campaignState = async () =>
    (
      await rows<{ n: number; status: string }>(
        database().db,
        sql`SELECT (SELECT count(*)::int FROM campaigns) AS n, (SELECT status FROM campaigns WHERE id = ${campaignId}) AS status`,
      )
    )[0]!;

  test("operators and viewers get 403 on every campaign route; a refused POST changes nothing", async () => {
    const form = {
      name: "Tidak boleh",
      templateId,
      channelId: lontar.channelId,
      parameters: "Bapak/Ibu",
    };
    for (const role of ["operator", "viewer"]) {
      const c = clients[role]!;
      for (const path of [
        "/desk/broadcasts",
        "/desk/broadcasts/live",
        `/desk/broadcasts/parameters?templateId=${templateId}`,
      ])
        assert.equal((await c.get(path)).status, 403, `${role} GET ${path}`);
      for (const path of [
        "/desk/broadcasts/preview",
        "/desk/broadcasts",
        `/desk/broadcasts/${campaignId}/start`,
        `/desk/broadcasts/${campaignId}/pause`,
        `/desk/broadcasts/${campaignId}/resume`,
        `/desk/broadcasts/${campaignId}/cancel`,
      ])
        assert.equal((await c.post(path, form)).status, 403, `${role} POST ${path}`);
      const desk = await c.get("/desk");
      assert.doesNotMatch(desk.body, /href="\/desk\/broadcasts"/, `${role} has no menu entry`);
    }
    assert.deepEqual(await campaignState(), { n: 1, status: "draft" });
  });

  test("supervisors and admins reach the page and the menu; without a CSRF token nothing happens", async () => {
    for (const role of ["supervisor", "admin"]) {
      const page = await clients[role]!.get("/desk/broadcasts");
      assert.equal(page.status, 200, role);
      assert.match(page.body, /href="\/desk\/broadcasts" aria-current="page"/);
      assert.equal((await clients[role]!.get("/desk/broadcasts/live")).status, 200);
    }
    const refused = await clients.admin!.post(`/desk/broadcasts/${campaignId}/cancel`, {}, { csrf: false });
    assert.equal(refused.status, 403);
    assert.deepEqual(await campaignState(), { n: 1, status: "draft" });
  });

  test("an unknown or malformed campaign id is 404", async () => {
    const missing = await clients.supervisor!.post(
      "/desk/broadcasts/00000000-0000-4000-8000-000000000000/pause",
    );
    assert.equal(missing.status, 404);
    assert.equal((await clients.supervisor!.post("/desk/broadcasts/nope/pause")).status, 404);
  });
});
