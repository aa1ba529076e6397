/** Sign-in, sessions, CSRF, lockout, forced password change and the second factor, over real HTTP. */
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { totpAt } from "../operators/totp.ts";
import { createStaff, freshOffice, STAFF_PASSWORD, signIn, startDeskLontar } from "./testing.ts";

const form = (f: Record<string, string>) => new URLSearchParams(f);

describeEachDatabase("desk sign-in", (database) => {
  let lontar: RunningLontar;
  let officeId = "";
  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());
  beforeEach(async () => {
    officeId = (await freshOffice(database(), lontar)).officeId;
  });

  const postLogin = (username: string, password: string) =>
    fetch(`${lontar.baseUrl}/login`, {
      method: "POST",
      body: form({ username, password }),
      redirect: "manual",
    });

  test("a logged-out request is sent to the login page; the login works and opens the desk", async () => {
    const anonymous = await fetch(`${lontar.baseUrl}/desk?queue=new`, { redirect: "manual" });
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get("location"), "/login?next=%2Fdesk%3Fqueue%3Dnew");
    const htmx = await fetch(`${lontar.baseUrl}/desk/queues/list`, {
      headers: { "hx-request": "true" },
      redirect: "manual",
    });
    assert.equal(htmx.headers.get("hx-redirect"), "/login");

    await createStaff(database(), { officeId, username: "maria", role: "operator", services: ["kia"] });
    const res = await postLogin("maria", STAFF_PASSWORD);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/desk");
    const cookie = res.headers.get("set-cookie")!;
    assert.match(cookie, /^lontar_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax$/);
    const desk = await fetch(`${lontar.baseUrl}/desk`, { headers: { cookie: cookie.split(";")[0]! } });
    assert.equal(desk.status, 200);
    const html = await desk.text();
    assert.match(html, /Chat minta petugas/);
    assert.match(desk.headers.get("content-security-policy")!, /default-src 'self'/);
  });

  test("Secure cookies behind a TLS proxy", async () => {
    await createStaff(database(), { officeId, username: "yohanes", role: "operator" });
    const res = await fetch(`${lontar.baseUrl}/login`, {
      method: "POST",
      headers: { "x-forwarded-proto": "https" },
      body: form({ username: "yohanes", password: STAFF_PASSWORD }),
      redirect: "manual",
    });
    assert.match(res.headers.get("set-cookie")!, /; Secure/);
  });

  test("a wrong password and an unknown name get the same answer", async () => {
    await createStaff(database(), { officeId, username: "dewi", role: "operator" });
    const wrong = await postLogin("dewi", "not-her-password");
    const unknown = await postLogin("nobody", "whatever-password");
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.match(await wrong.text(), /Nama pengguna atau kata sandi salah/);
    assert.match(await unknown.text(), /Nama pengguna atau kata sandi salah/);
  });

  test("a POST without the CSRF token is refused and changes nothing", async () => {
    await createStaff(database(), { officeId, username: "agus", role: "operator" });
    const client = await signIn(lontar.baseUrl, "agus");
    const refused = await client.post("/desk/locale", { locale: "en" }, { csrf: false });
    assert.equal(refused.status, 403);
    const forged = await client.post(
      "/desk/locale",
      { locale: "en", _csrf: "x".repeat(43) },
      { csrf: false },
    );
    assert.equal(forged.status, 403);
    const [row] = await rows<{ locale: string }>(
      database().db,
      sql`SELECT locale FROM operators WHERE username = 'agus'`,
    );
    assert.equal(row!.locale, "id");
    const accepted = await client.post("/desk/locale", { locale: "en" });
    assert.equal(accepted.status, 303);
    assert.match((await client.get("/desk")).body, /Sign out/);
  });

  test("a locked-out account stays locked, even with the right password", async () => {
    await createStaff(database(), { officeId, username: "locked", role: "operator" });
    for (let i = 0; i < 5; i++) await postLogin("locked", `wrong-${i}-password`);
    const right = await postLogin("locked", STAFF_PASSWORD);
    assert.equal(right.status, 401);
    assert.match(await right.text(), /Akun dikunci sampai/);
    const [row] = await rows<{ locked_until: Date | null }>(
      database().db,
      sql`SELECT locked_until FROM operators WHERE username = 'locked'`,
    );
    assert.ok(row!.locked_until && new Date(row!.locked_until).getTime() > Date.now() + 14 * 60_000);
    const audit = await rows<{ action: string }>(
      database().db,
      sql`SELECT action FROM audit_log ORDER BY id`,
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ["login.failed", "login.failed", "login.failed", "login.failed", "login.lockout", "login.locked"],
    );
  });

  test("the first login forces a password change; the old password then fails", async () => {
    const staff = await createStaff(database(), { officeId, username: "baru", role: "operator" });
    await database().db.execute(sql`UPDATE operators SET must_change_password = true WHERE id = ${staff.id}`);
    const client = await signIn(lontar.baseUrl, "baru");
    const desk = await client.get("/desk");
    assert.equal(desk.status, 303);
    assert.equal(desk.location, "/desk/password");
    const short = await client.post("/desk/password", {
      current: STAFF_PASSWORD,
      next: "short",
      repeat: "short",
    });
    assert.equal(short.status, 422);
    assert.match(short.body, /terlalu pendek/);
    const next = "sasando-merdu-2026";
    const changed = await client.post("/desk/password", { current: STAFF_PASSWORD, next, repeat: next });
    assert.equal(changed.status, 303);
    assert.equal((await client.get("/desk")).status, 200);
    assert.equal((await postLogin("baru", STAFF_PASSWORD)).status, 401);
    assert.equal((await postLogin("baru", next)).status, 303);
  });

  test("signing out and an admin's revocation end a session at once", async () => {
    await createStaff(database(), { officeId, username: "keluar", role: "operator" });
    const a = await signIn(lontar.baseUrl, "keluar");
    const b = await signIn(lontar.baseUrl, "keluar");
    const out = await a.post("/logout");
    assert.equal(out.status, 303);
    assert.equal((await a.get("/desk")).status, 303, "the signed-out cookie opens nothing");
    assert.equal((await b.get("/desk")).status, 200, "the other session is unaffected");
    await database().db.execute(sql`UPDATE sessions SET revoked_at = now() WHERE revoked_at IS NULL`);
    assert.equal((await b.get("/desk")).status, 303);
  });

  test("with the second factor on, the password alone opens nothing until the code is right", async () => {
    await createStaff(database(), { officeId, username: "totp", role: "supervisor" });
    const client = await signIn(lontar.baseUrl, "totp");
    const page = (await client.get("/desk/account")).body;
    const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(page)![1]!;
    const wrongCode = await client.post("/desk/account/totp", { secret, code: "000000" });
    assert.equal(wrongCode.status, 422);
    const on = await client.post("/desk/account/totp", { secret, code: totpAt(secret, new Date()) });
    assert.match(on.body, /Verifikasi dua langkah sudah aktif/);

    const login = await postLogin("totp", STAFF_PASSWORD);
    assert.equal(login.headers.get("location"), "/login/totp");
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const blocked = await fetch(`${lontar.baseUrl}/desk`, { headers: { cookie }, redirect: "manual" });
    assert.equal(blocked.headers.get("location"), "/login/totp");
    const bad = await fetch(`${lontar.baseUrl}/login/totp`, {
      method: "POST",
      headers: { cookie },
      body: form({ code: "123456" }),
      redirect: "manual",
    });
    assert.equal(bad.status, 401);
    const good = await fetch(`${lontar.baseUrl}/login/totp`, {
      method: "POST",
      headers: { cookie },
      body: form({ code: totpAt(secret, new Date()) }),
      redirect: "manual",
    });
    assert.equal(good.headers.get("location"), "/desk");
    assert.equal(
      (await fetch(`${lontar.baseUrl}/desk`, { headers: { cookie }, redirect: "manual" })).status,
      200,
    );
  });

  test("too many attempts from one address are refused with 429 before any password is checked", async () => {
    const strict = await startLontar(database(), {
      citizen: true,
      workers: false,
      seed: false,
      env: { LONTAR_LOGIN_RATE_PER_MINUTE: "3" },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${strict.baseUrl}/login`, {
          method: "POST",
          body: form({ username: "x", password: "y" }),
          redirect: "manual",
        });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429]);
    } finally {
      await strict.stop();
    }
  });
});
