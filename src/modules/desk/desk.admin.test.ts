/** The admin pages over real HTTP: users, WhatsApp numbers, canned responses, templates, calendar, catalogue. */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { isWorkingDay, parseLocalDate } from "../sla/calendar.ts";
import { createStaff, type DeskClient, freshOffice, signIn, startDeskLontar } from "./testing.ts";

describeEachDatabase("desk admin", (database) => {
  let lontar: RunningLontar;
  let admin: DeskClient;
  let adminId = "";

  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    const seed = await freshOffice(database(), lontar);
    adminId = (
      await createStaff(database(), { officeId: seed.officeId, username: "kepala.it", role: "admin" })
    ).id;
    admin = await signIn(lontar.baseUrl, "kepala.it");
  });

  const q = <T>(query: ReturnType<typeof sql>) => rows<T>(database().db, query);
  const account = async (username: string) =>
    (
      await q<{
        id: string;
        role: string;
        active: boolean;
        locked_until: Date | null;
        totp_secret_encrypted: string | null;
      }>(
        sql`SELECT id, role, active, locked_until, totp_secret_encrypted FROM operators WHERE username = ${username}`,
      )
    )[0]!;
  const passwordOnPage = (body: string) => /data-password[^>]*>\s*([^<\s]+)\s*</.exec(body)?.[1];
  const login = (username: string, password: string) =>
    fetch(`${lontar.baseUrl}/login`, {
      method: "POST",
      body: new URLSearchParams({ username, password }),
      redirect: "manual",
    });

  test("users: create with a one-time password, change access, disable, unlock, reset, revoke, TOTP off; all audited", async () => {
    const created = await admin.post("/desk/admin/users", {
      username: "rina",
      displayName: "Rina Tefa",
      role: "operator",
      services: ["kk", "kia"],
    });
    assert.equal(created.status, 200);
    const first = passwordOnPage(created.body);
    assert.ok(first, "the generated password is shown");
    assert.match(created.body, /hanya ditampilkan sekali/);
    assert.doesNotMatch((await admin.get("/desk/admin/users")).body, new RegExp(first!), "shown once only");
    const rina = await account("rina");
    assert.deepEqual(
      (
        await q<{ code: string }>(
          sql`SELECT service_code AS code FROM operator_services WHERE operator_id = ${rina.id} ORDER BY 1`,
        )
      ).map((r) => r.code),
      ["kia", "kk"],
    );
    assert.equal((await login("rina", first!)).status, 303);

    const taken = await admin.post("/desk/admin/users", {
      username: "rina",
      displayName: "X",
      role: "operator",
    });
    assert.equal(taken.status, 422);
    assert.match(taken.body, /sudah dipakai/);

    const base = `/desk/admin/users/${rina.id}`;
    assert.equal((await admin.post(`${base}/access`, { role: "supervisor", services: "kk" })).status, 303);
    assert.equal((await account("rina")).role, "supervisor");

    await database().db.execute(
      sql`UPDATE operators SET locked_until = now() + interval '1 hour', failed_logins = 0, totp_secret_encrypted = 'x' WHERE id = ${rina.id}`,
    );
    assert.equal((await admin.post(`${base}/unlock`)).status, 303);
    assert.equal((await account("rina")).locked_until, null);
    assert.equal((await admin.post(`${base}/totp-off`)).status, 303);
    assert.equal((await account("rina")).totp_secret_encrypted, null);

    const reset = await admin.post(`${base}/reset-password`);
    assert.equal(reset.status, 200);
    const second = passwordOnPage(reset.body)!;
    assert.ok(second && second !== first);
    assert.equal((await login("rina", first!)).status, 401);
    assert.equal((await login("rina", second)).status, 303);

    const session = await signInAfterChange(lontar.baseUrl, "rina", second);
    assert.equal((await session.get("/desk")).status, 200);
    assert.equal((await admin.post(`${base}/revoke-sessions`)).status, 303);
    assert.equal((await session.get("/desk")).status, 303, "the revoked session is sent to the login page");

    assert.equal((await admin.post(`${base}/disable`)).status, 303);
    assert.equal((await account("rina")).active, false);
    assert.equal((await login("rina", second)).status, 401);
    assert.equal((await admin.post(`${base}/enable`)).status, 303);
    assert.equal((await account("rina")).active, true);

    const self = await admin.post(`/desk/admin/users/${adminId}/disable`);
    assert.equal(self.status, 422);
    assert.equal((await account("kepala.it")).active, true);

    const audited = await q<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE actor_id = ${adminId} AND subject_id = ${rina.id} ORDER BY id`,
    );
    assert.deepEqual(
      audited.map((a) => a.action),
      [
        "operator.create",
        "operator.access",
        "operator.unlock",
        "totp.disable",
        "password.reset",
        "session.revoke",
        "operator.disable",
        "operator.enable",
      ],
    );
  });

  test("WhatsApp numbers: list, add, and edit label, services and active", async () => {
    const page = await admin.get("/desk/admin/numbers");
    assert.match(page.body, new RegExp(TEST_PHONE_NUMBER_ID));
    const bad = await admin.post("/desk/admin/numbers", { label: "KIA", phoneNumberId: "62812" + "x" });
    assert.equal(bad.status, 422);
    const added = await admin.post("/desk/admin/numbers", {
      label: "Layanan KIA",
      phoneNumberId: "200000000000002",
      services: "kia",
    });
    assert.equal(added.status, 303);
    const [channel] = await q<{ id: string; service_codes: string[]; active: boolean }>(
      sql`SELECT id, service_codes, active FROM channels WHERE phone_number_id = '200000000000002'`,
    );
    assert.deepEqual(channel!.service_codes, ["kia"]);
    const dup = await admin.post("/desk/admin/numbers", { label: "Lagi", phoneNumberId: "200000000000002" });
    assert.equal(dup.status, 422);
    assert.equal(
      (await admin.post(`/desk/admin/numbers/${channel!.id}`, { label: "KIA & KK", services: ["kia", "kk"] }))
        .status,
      303,
    );
    const [edited] = await q<{ label: string; service_codes: string[]; active: boolean }>(
      sql`SELECT label, service_codes, active FROM channels WHERE id = ${channel!.id}`,
    );
    assert.deepEqual(edited, { label: "KIA & KK", service_codes: ["kia", "kk"], active: false });
  });

  test("canned responses: create, edit, refuse a duplicate title, delete", async () => {
    assert.match((await admin.get("/desk/admin/canned")).body, /\{nama\}/);
    assert.equal(
      (await admin.post("/desk/admin/canned", { title: "Salam", body: "Halo {nama}", locale: "id" })).status,
      303,
    );
    const [row] = await q<{ id: string }>(sql`SELECT id FROM canned_responses WHERE title = 'Salam'`);
    assert.equal((await admin.post("/desk/admin/canned", { title: "Salam", body: "lagi" })).status, 422);
    assert.equal(
      (
        await admin.post(`/desk/admin/canned/${row!.id}`, {
          title: "Salam",
          body: "Halo {nama}, nomor {nomor}",
        })
      ).status,
      303,
    );
    assert.match((await admin.get("/desk/admin/canned")).body, /nomor \{nomor\}/);
    assert.equal((await admin.post(`/desk/admin/canned/${row!.id}/delete`)).status, 303);
    assert.equal((await q(sql`SELECT 1 FROM canned_responses`)).length, 0);
  });

  test("templates: every catalogue template with its status, which the admin sets", async () => {
    const page = await admin.get("/desk/admin/templates");
    const name = lontar.citizens!.deps.catalogue.templates[0]!.name;
    assert.match(page.body, new RegExp(name));
    assert.equal(
      (await admin.post("/desk/admin/templates", { name, language: "id", status: "approved" })).status,
      303,
    );
    const [row] = await q<{ status: string }>(
      sql`SELECT status FROM template_statuses WHERE name = ${name} AND language = 'id'`,
    );
    assert.equal(row!.status, "approved");
    assert.equal(
      (await admin.post("/desk/admin/templates", { name, language: "id", status: "bogus" })).status,
      422,
    );
  });

  test("calendar: a holiday the admin adds closes that day in the running app; hours change too", async () => {
    const calendar = lontar.citizens!.deps.calendar;
    const page = await admin.get("/desk/admin/calendar");
    assert.match(page.body, /SKB 3 Menteri 2026/);
    assert.match(page.body, /Belum dicek/);
    const wednesday = parseLocalDate("2026-07-15");
    assert.equal(isWorkingDay(calendar, wednesday), true);
    const added = await admin.post("/desk/admin/calendar/holidays", {
      date: "2026-07-15",
      name: "HUT Kota Kupang",
      kind: "local",
      source: "SK Wali Kota Kupang",
      confidence: "confirmed",
    });
    assert.equal(added.status, 303);
    assert.equal(isWorkingDay(calendar, wednesday), false, "the running calendar changed");
    const [holiday] = await q<{ id: string }>(sql`SELECT id FROM holidays WHERE name = 'HUT Kota Kupang'`);
    assert.match((await admin.get("/desk/admin/calendar")).body, /SK Wali Kota Kupang/);

    assert.equal(
      (
        await admin.post("/desk/admin/calendar/holidays", {
          date: "2026-02-30",
          name: "x",
          kind: "local",
          source: "y",
          confidence: "confirmed",
        })
      ).status,
      422,
    );
    assert.equal((await admin.post(`/desk/admin/calendar/holidays/${holiday!.id}/delete`)).status, 303);
    assert.equal(isWorkingDay(calendar, wednesday), true);

    const saturday = parseLocalDate("2026-07-18");
    assert.equal(isWorkingDay(calendar, saturday), false);
    const hours = {
      mon: "07:30-12:00, 13:00-16:00",
      tue: "07:30-16:00",
      wed: "07:30-16:00",
      thu: "07:30-16:00",
      fri: "07:30-11:30",
      sat: "08:00-12:00",
      sun: "",
    };
    assert.equal((await admin.post("/desk/admin/calendar/hours", hours)).status, 303);
    assert.equal(isWorkingDay(calendar, saturday), true);
    assert.equal(
      (await admin.post("/desk/admin/calendar/hours", { ...hours, sat: "12:00-08:00" })).status,
      422,
    );
    assert.equal(isWorkingDay(calendar, saturday), true, "a refused change leaves the calendar alone");
    // Back to the defaults for the other tests sharing this running app.
    await admin.post("/desk/admin/calendar/hours", {
      ...hours,
      tue: hours.mon,
      wed: hours.mon,
      thu: hours.mon,
      fri: "07:30-11:30, 13:00-16:00",
      sat: "",
    });
  });

  test("catalogue: version, digest and every service, read-only", async () => {
    const page = await admin.get("/desk/admin/catalogue");
    const c = lontar.citizens!.deps.catalogue;
    assert.match(page.body, new RegExp(c.version.replace(/\./g, "\\.")));
    assert.match(page.body, new RegExp(c.digest));
    for (const s of c.services) assert.match(page.body, new RegExp(`data-service="${s.code}"`));
  });
});

/** Signs in with a generated password and replaces it, as a person does at the first login. */
const signInAfterChange = async (baseUrl: string, username: string, password: string) => {
  const client = await signIn(baseUrl, username, password);
  const next = "kupang-baru-2026!";
  const changed = await client.post("/desk/password", { current: password, next, repeat: next });
  assert.equal(changed.status, 303);
  return client;
};
