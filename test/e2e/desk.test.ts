/**
 * The operator desk in a real browser against the whole demo: signing in, and citizens arriving live
 * (phone simulator → webhook → bot → change signal → SSE /desk/events → #queue-nav and #queue-list refresh).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { QUEUES } from "../../src/modules/desk/queues.ts";
import {
  applyForNikCheck,
  assertNotReloaded,
  type DeskHarness,
  markPage,
  openPhone,
  queueCount,
  queueItem,
  queueLink,
  type Staff,
  shot,
  startDeskHarness,
  submitLogin,
  unlabelledControls,
  WAIT,
  waitForLive,
  waitForQueueCount,
} from "./desk-support.ts";

const MARIA = { phone: "6281234500001", name: "Maria" };
const AGUS = { phone: "6281234500004", name: "Agus" };
// The shortest application the bot takes: a NIK check for oneself, one photo of the KK.
const SERVICE = "validasi_nik";

describe("operator desk (browser)", { timeout: 120_000 }, () => {
  let h: DeskHarness;
  let rina: Staff;
  let budi: Staff;

  before(async () => {
    h = await startDeskHarness();
    rina = await h.addStaff({ username: "rina", displayName: "Rina Ndoen", services: [SERVICE] });
    budi = await h.addStaff({ username: "budi", displayName: "Budi Lay", services: [SERVICE, "kk"] });
  });
  after(() => h?.close());

  it("signs in through the login form; a wrong password is refused", { timeout: 30_000 }, async () => {
    const page = await h.newPage();
    await page.goto(`${h.baseUrl}/desk`, { waitUntil: "domcontentloaded" });
    await page.waitForURL(/\/login\?next=/, WAIT);
    await page.getByRole("heading", { name: "Masuk ke meja layanan" }).waitFor(WAIT);
    await shot(page, "login");

    await submitLogin(page, rina.username, "bukan-sandinya");
    await page.getByRole("alert").filter({ hasText: "Nama pengguna atau kata sandi salah." }).waitFor(WAIT);
    assert.equal(await page.getByLabel("Nama pengguna").inputValue(), rina.username);
    assert.equal(await page.getByLabel("Kata sandi").inputValue(), "");

    await submitLogin(page, rina.username, rina.password);
    await page.waitForURL(/\/desk$/, WAIT);
    await waitForLive(page);
    await page.locator(".topbar .who", { hasText: "Rina Ndoen" }).waitFor(WAIT);
    // Every queue is listed with its count (all zero on a fresh office); "Baru" is open and empty.
    for (const queue of QUEUES) {
      await queueLink(page, queue).waitFor(WAIT);
      assert.equal(await queueCount(page, queue), 0, queue);
    }
    assert.match((await queueLink(page, "new").textContent()) ?? "", /Baru/);
    assert.match((await queueLink(page, "chats").textContent()) ?? "", /Chat minta petugas/);
    assert.equal(await queueLink(page, "new").getAttribute("aria-current"), "page");
    await page.locator("#queue-list h2", { hasText: "Baru" }).waitFor(WAIT);
    await page.locator("#queue-list .notice.empty", { hasText: "Antrean ini kosong." }).waitFor(WAIT);
    await shot(page, "desk-empty");
  });

  it("a new application appears live in the 'Baru' queue of two operators' desks", {
    timeout: 30_000,
  }, async () => {
    const desks = await Promise.all([h.signedIn(rina), h.signedIn(budi)]);
    const before = await Promise.all(desks.map((d) => queueCount(d, "new")));
    await Promise.all(desks.map(markPage));

    const maria = await openPhone(h, MARIA.phone, MARIA.name);
    const tracking = await applyForNikCheck(maria, { fullName: "Maria Nenobais", nik: "5371015507880002" });

    // Both desks learn of it without a reload: the count goes up and the item is listed.
    await Promise.all(
      desks.map(async (desk, i) => {
        await waitForQueueCount(desk, "new", before[i]! + 1);
        const item = queueItem(desk, tracking);
        await item.waitFor(WAIT);
        assert.match((await item.textContent()) ?? "", /Maria Nenobais/);
      }),
    );
    await assertNotReloaded(desks);
    await shot(desks[0]!, "queue-new");
  });

  it("a citizen who asks for a person appears live in 'Chat minta petugas'", {
    timeout: 30_000,
  }, async () => {
    const desk = await h.signedIn(rina);
    const before = await queueCount(desk, "chats");
    await queueLink(desk, "chats").click();
    await desk.locator("#queue-list h2", { hasText: "Chat minta petugas" }).waitFor(WAIT);
    await waitForLive(desk);
    await markPage(desk);

    const agus = await openPhone(h, AGUS.phone, AGUS.name);
    await agus.say("PETUGAS");
    await agus.reply(/kami teruskan ke petugas/);

    await waitForQueueCount(desk, "chats", before + 1);
    await queueItem(desk, AGUS.name).waitFor(WAIT);
    await assertNotReloaded([desk]);
    await shot(desk, "queue-chats");
  });

  it("labels every form control, and '/' jumps to the search box", { timeout: 30_000 }, async () => {
    const guest = await h.newPage();
    await guest.goto(`${h.baseUrl}/login`, { waitUntil: "domcontentloaded" });
    assert.deepEqual(await unlabelledControls(guest), [], "/login");

    const desk = await h.signedIn(budi);
    for (const path of [
      "/desk",
      "/desk?queue=chats",
      "/desk?queue=mine",
      "/desk/account",
      "/desk/password",
    ]) {
      await desk.goto(`${h.baseUrl}${path}`, { waitUntil: "domcontentloaded" });
      await desk.locator("main").waitFor(WAIT);
      assert.deepEqual(await unlabelledControls(desk), [], path);
    }

    await desk.goto(`${h.baseUrl}/desk`, { waitUntil: "domcontentloaded" });
    const search = desk.getByLabel("Nomor permohonan atau NIK");
    await search.waitFor(WAIT);
    await desk.locator("#queue-list h2").click();
    assert.equal(await search.evaluate((el) => el === document.activeElement), false);
    await desk.keyboard.press("/");
    await desk.waitForFunction(
      () => document.activeElement?.getAttribute("name") === "search",
      undefined,
      WAIT,
    );
    // The slash itself is not typed into the box.
    assert.equal(await search.inputValue(), "");
    // Inside a text box "/" is just a character.
    await desk.keyboard.type("KPG/");
    assert.equal(await search.inputValue(), "KPG/");
  });
});
