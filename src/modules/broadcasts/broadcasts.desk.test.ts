/**
 * The broadcasts page over real HTTP: the form shows the audience and the cost before anything is saved,
 * confirming schedules the campaign, the list fragment (what the live refresh fetches) shows its progress
 * and counts, and pause / resume / cancel are audited with the person and their address.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "../desk/testing.ts";
import { resolveContact } from "../messaging/inbound.service.ts";
import { recordConsent } from "../privacy/consent.service.ts";
import { createCampaignRunner } from "./runner.ts";
import { approvedTemplate, settingsFor } from "./testing.ts";

describeEachDatabase("broadcasts page", (database) => {
  let lontar: RunningLontar;
  let kabid: DeskClient;
  let templateId: string;

  before(async () => {
    lontar = await startDeskLontar(database());
    const seed = await freshOffice(database(), lontar);
    await createStaff(database(), { officeId: seed.officeId, username: "kabid", role: "supervisor" });
    kabid = await signIn(lontar.baseUrl, "kabid");
    const db = database().db;
    templateId = (await approvedTemplate(db, seed.officeId)).id;
    for (const [i, granted] of [true, true, true, false].entries()) {
      const contact = await resolveContact(db, lontar.keys, seed.officeId, { waId: `628133000070${i}` });
      await recordConsent(db, {
        officeId: seed.officeId,
        contactId: contact.id,
        purposes: ["broadcast"],
        granted,
        source: "bot",
        now: new Date(),
      });
    }
  });
  after(() => lontar.stop());

  const form = (o: Record<string, string | string[]> = {}) => ({
    name: "Info perekaman KTP-el",
    templateId,
    channelId: lontar.channelId,
    parameters: "Bapak/Ibu",
    scheduledAt: "",
    ...o,
  });
  const campaigns = () =>
    rows<{ id: string; status: string; recipients: number }>(
      database().db,
      sql`SELECT id, status, recipients FROM campaigns ORDER BY created_at`,
    );

  test("the form counts the audience and prices it before anything is saved; then it is scheduled", async () => {
    const page = await kabid.get("/desk/broadcasts");
    assert.equal(page.status, 200);
    assert.match(page.body, /250 pengguna unik per 24 jam/);
    assert.match(page.body, /lontar_info_ktp_el/);
    const fields = await kabid.get(`/desk/broadcasts/parameters?templateId=${templateId}`);
    assert.match(fields.body, /name="parameters"/);
    assert.match(fields.body, /sapaan/);

    const preview = await kabid.post("/desk/broadcasts/preview", form());
    assert.equal(preview.status, 200);
    assert.match(preview.body, /data-recipients="3"/);
    assert.match(preview.body, /3 penerima\./);
    assert.match(preview.body, /paling banyak US\$\s?0,1233 \(marketing × 3\)/);
    assert.match(preview.body, /formaction="\/desk\/broadcasts"/, "the confirm button appears");
    assert.equal((await campaigns()).length, 0, "a preview saves nothing");

    const missing = await kabid.post("/desk/broadcasts/preview", form({ parameters: [] }));
    assert.doesNotMatch(missing.body, /formaction="\/desk\/broadcasts"/, "no confirm without the values");
    const refused = await kabid.post("/desk/broadcasts", form({ parameters: [] }));
    assert.equal(refused.status, 422);
    assert.match(refused.body, /Isi semua isian template/);
    const badTime = await kabid.post("/desk/broadcasts", form({ scheduledAt: "besok" }));
    assert.equal(badTime.status, 422);

    const created = await kabid.post("/desk/broadcasts", form({ scheduledAt: "2020-01-01T08:00" }));
    assert.equal(created.status, 303);
    assert.equal(created.location, "/desk/broadcasts?done=created");
    const [campaign] = await campaigns();
    assert.deepEqual([campaign!.status, campaign!.recipients], ["scheduled", 3], "a past time means now");
    const list = await kabid.get("/desk/broadcasts/live");
    assert.match(list.body, /<progress value="0" max="3"/);
    assert.match(list.body, /Terjadwal/);
  });

  test("the list shows progress and counts as the runner moves; pause, resume and cancel are audited", async () => {
    const [campaign] = await campaigns();
    // A messaging limit of 2 leaves the third citizen waiting: the campaign stays running.
    const settings = settingsFor({ tier: 2 });
    const runner = createCampaignRunner({ database: database(), keys: lontar.keys, settings });
    const step = await runner.runCampaigns(new Date());
    assert.deepEqual(step, { started: 1, queued: 2, skipped: 0, finished: 0 });
    const list = await kabid.get("/desk/broadcasts/live");
    assert.match(list.body, /<progress value="2" max="3"/);
    assert.match(list.body, /2 dari 3 diproses/);
    assert.match(list.body, /data-count="queued"><dt>Diantre<\/dt><dd>2<\/dd>/);
    assert.match(list.body, /Berjalan/);

    const id = campaign!.id;
    assert.equal((await kabid.post(`/desk/broadcasts/${id}/pause`)).status, 303);
    assert.equal((await kabid.post(`/desk/broadcasts/${id}/pause`)).status, 409, "already paused");
    assert.equal((await kabid.post(`/desk/broadcasts/${id}/resume`)).status, 303);
    assert.equal((await kabid.post(`/desk/broadcasts/${id}/cancel`)).status, 303);
    const audit = await rows<{ action: string; ip: string | null }>(
      database().db,
      sql`SELECT action, ip FROM audit_log WHERE subject_id = ${id} ORDER BY id`,
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        "broadcast.created",
        "broadcast.scheduled",
        "broadcast.paused",
        "broadcast.resumed",
        "broadcast.cancelled",
      ],
    );
    assert.ok(
      audit.every((a) => a.ip),
      "with the address of the request",
    );
    const page = await kabid.get("/desk/broadcasts?done=cancelled");
    assert.match(page.body, /Siaran dibatalkan\./);
  });

  test("a campaign scheduled for later waits for its time, unless started now", async () => {
    const runner = createCampaignRunner({ database: database(), keys: lontar.keys, settings: settingsFor() });
    const created = await kabid.post(
      "/desk/broadcasts",
      form({ name: "Besok pagi", scheduledAt: "2099-01-01T08:00" }),
    );
    assert.equal(created.status, 303);
    const later = (await campaigns()).find((c) => c.status === "scheduled")!;
    assert.equal((await runner.runCampaigns(new Date())).started, 0, "not before its time");
    const live = await kabid.get("/desk/broadcasts/live");
    assert.match(live.body, new RegExp(`action="/desk/broadcasts/${later.id}/start"`));
    assert.equal((await kabid.post(`/desk/broadcasts/${later.id}/start`)).status, 303);
    assert.equal((await runner.runCampaigns(new Date())).started, 1);
    const audit = await rows<{ action: string }>(
      database().db,
      sql`SELECT action FROM audit_log WHERE subject_id = ${later.id} ORDER BY id`,
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ["broadcast.created", "broadcast.scheduled", "broadcast.started"],
    );
  });
});
