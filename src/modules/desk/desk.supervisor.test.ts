/** The supervisor page over real HTTP: SLA breaches and reassigning, the SIAK outage, complaint disposition. */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { refreshSlaFlags } from "../applications/sla-flags.service.ts";
import { openedMessages } from "../messaging/testing.ts";
import { complainFor, submitFor } from "./manage.testing.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "./testing.ts";

const DAY = 86_400_000;

describeEachDatabase("desk supervisor", (database) => {
  let lontar: RunningLontar;
  let sup: DeskClient;
  let staff: Record<string, string>;
  let kk: Awaited<ReturnType<typeof submitFor>>;
  let kia: Awaited<ReturnType<typeof submitFor>>;

  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const seed = await freshOffice(database(), lontar);
    const officeId = seed.officeId;
    staff = {};
    for (const [username, role, services] of [
      ["kabid", "supervisor", ["kk"]],
      ["yanti", "operator", ["kk"]],
      ["budi", "operator", ["kia"]],
    ] as const) {
      staff[username] = (
        await createStaff(database(), { officeId, username, role, services: [...services] })
      ).id;
    }
    sup = await signIn(lontar.baseUrl, "kabid");
    kk = await submitFor(lontar, database(), {
      phone: "6281111111111",
      name: "Maria",
      service: "kk",
      locale: "en",
    });
    kia = await submitFor(lontar, database(), {
      phone: "6282222222222",
      name: "Yohanes",
      service: "kia",
      lastInboundAt: new Date(Date.now() - 2 * DAY),
    });
  });

  const one = async <T>(query: ReturnType<typeof sql>) => (await rows<T>(database().db, query))[0]!;

  test("the breach list shows the supervisor's services only, and reassigns within the service", async () => {
    await refreshSlaFlags(database(), lontar.citizens!.deps.calendar, new Date(Date.now() + 60 * DAY));
    const page = await sup.get("/desk/supervisor");
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(kk.application.trackingNumber!));
    assert.doesNotMatch(page.body, new RegExp(kia.application.trackingNumber!));
    assert.match(page.body, new RegExp(`href="/desk/applications/${kk.application.id}"`));
    assert.match(page.body, /SLA terlewat/);
    // Only operators of the service are offered.
    assert.match(page.body, new RegExp(`value="${staff.yanti}"`));
    assert.doesNotMatch(page.body, new RegExp(`value="${staff.budi}"`));

    const path = `/desk/supervisor/applications/${kk.application.id}/assign`;
    const wrong = await sup.post(path, { operatorId: staff.budi! });
    assert.equal(wrong.status, 422);
    assert.match(wrong.body, /Petugas itu tidak ditemukan|Pilih petugas/);
    const ok = await sup.post(path, { operatorId: staff.yanti! });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, "/desk/supervisor?done=assigned");
    const app = await one<{ assigned_to: string }>(
      sql`SELECT assigned_to FROM applications WHERE id = ${kk.application.id}`,
    );
    assert.equal(app.assigned_to, staff.yanti);
    const events = await rows(
      database().db,
      sql`SELECT 1 FROM application_events WHERE application_id = ${kk.application.id} AND action = 'assign'`,
    );
    assert.equal(events.length, 1);
    assert.match((await sup.get(ok.location!)).body, /Permohonan sudah dialihkan/);

    const other = await sup.post(`/desk/supervisor/applications/${kia.application.id}/assign`, {
      operatorId: staff.budi!,
    });
    assert.equal(other.status, 404);
  });

  test("declaring a SIAK outage pauses clocks and tells only citizens inside the 24-hour window", async () => {
    const declared = await sup.post("/desk/supervisor/outage/declare", {
      note: "SIAK pusat mati",
      tell: "1",
    });
    assert.equal(declared.status, 303);
    assert.match(declared.location!, /done=declared_told&affected=2&told=1&skipped=1/);
    const outage = await one<{ note: string; ended_at: Date | null }>(
      sql`SELECT note, ended_at FROM siak_outages WHERE office_id = ${lontar.officeId}`,
    );
    assert.equal(outage.note, "SIAK pusat mati");
    assert.equal(outage.ended_at, null);
    const sent = await openedMessages(database(), lontar.keys, sql`direction = 'out'`);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.conversation_id, kk.conversationId);
    assert.match(sent[0]!.text, /central SIAK system is down/); // the contact's locale is English
    const page = await sup.get(declared.location!);
    assert.match(page.body, /SIAK pusat mati/);
    assert.match(page.body, /2 permohonan dijeda; 1 warga diberi tahu/);

    const again = await sup.post("/desk/supervisor/outage/declare", { note: "lagi" });
    assert.equal(again.status, 422);
    assert.match(again.body, /sudah dinyatakan/);

    const ended = await sup.post("/desk/supervisor/outage/end");
    assert.equal(ended.status, 303);
    const closed = await one<{ ended_at: Date | null }>(
      sql`SELECT ended_at FROM siak_outages WHERE office_id = ${lontar.officeId}`,
    );
    assert.ok(closed.ended_at);
    assert.match((await sup.get("/desk/supervisor")).body, /Tidak ada gangguan SIAK/);
  });

  test("complaints: scoped list, confidential reporter hidden, assign, escalate and not-our-authority", async () => {
    const mine = await complainFor(lontar, database(), {
      ...kk,
      applicationId: kk.application.id,
      confidential: true,
    });
    const theirs = await complainFor(lontar, database(), { ...kia, applicationId: kia.application.id });
    const office = await complainFor(lontar, database(), { ...kk, description: "Jalan depan kantor rusak" });

    const list = await sup.get("/desk/supervisor");
    assert.match(list.body, new RegExp(mine.complaint.trackingNumber));
    assert.match(list.body, new RegExp(office.complaint.trackingNumber));
    assert.doesNotMatch(list.body, new RegExp(theirs.complaint.trackingNumber));
    assert.equal((await sup.get(`/desk/supervisor/complaints/${theirs.complaint.id}`)).status, 404);

    const detail = await sup.get(`/desk/supervisor/complaints/${mine.complaint.id}`);
    assert.equal(detail.status, 200);
    assert.match(detail.body, /Dirahasiakan/);
    assert.doesNotMatch(detail.body, /Maria|6281111111111/);
    assert.match(detail.body, /Batas verifikasi/);

    const base = `/desk/supervisor/complaints`;
    const assigned = await sup.post(`${base}/${mine.complaint.id}/assign`, { operatorId: staff.yanti! });
    assert.equal(assigned.status, 303);
    const refused = await sup.post(`${base}/${mine.complaint.id}/assign`, { operatorId: staff.budi! });
    assert.equal(refused.status, 422);
    const escalated = await sup.post(`${base}/${office.complaint.id}/escalate`, {
      reason: "Perlu kepala dinas",
    });
    assert.equal(escalated.status, 303);
    const referred = await sup.post(`${base}/${office.complaint.id}/refer`, {
      office: "Dinas PUPR Kota Kupang",
    });
    assert.equal(referred.status, 303);
    assert.match((await sup.get(referred.location!)).body, /bukan kewenangan/);

    const c = await rows<{
      id: string;
      status: string;
      assigned_to: string | null;
      referred_to: string | null;
      flagged_to_supervisor: boolean;
    }>(
      database().db,
      sql`SELECT id, status, assigned_to, referred_to, flagged_to_supervisor FROM complaints`,
    );
    const byId = new Map(c.map((r) => [r.id, r]));
    assert.equal(byId.get(mine.complaint.id)!.assigned_to, staff.yanti);
    assert.equal(byId.get(office.complaint.id)!.status, "closed");
    assert.equal(byId.get(office.complaint.id)!.referred_to, "Dinas PUPR Kota Kupang");
    assert.equal(byId.get(office.complaint.id)!.flagged_to_supervisor, true);
    const actions = await rows<{ action: string }>(
      database().db,
      sql`SELECT action FROM complaint_events WHERE complaint_id = ${office.complaint.id} ORDER BY id`,
    );
    assert.deepEqual(
      actions.map((a) => a.action),
      ["open", "escalate", "refer_elsewhere"],
    );
    const out = await openedMessages(database(), lontar.keys, sql`direction = 'out'`);
    const told = out.filter((m) => m.text.includes("PUPR"));
    assert.equal(told.length, 1, "the reporter is told where to go");
    // A closed complaint offers no more actions.
    const again = await sup.post(`${base}/${office.complaint.id}/escalate`, { reason: "lagi" });
    assert.equal(again.status, 409);
  });
});
