/**
 * Whole flows through the operator desk in a real browser against the whole demo, with the citizen on the
 * phone simulator: an application to completion, the revision loop, a template outside the 24-hour window,
 * a supervisor's reassignment seen live, hostile citizen input, and the admin's screens.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import type { Locator, Page } from "playwright-core";
import { REJECT_REASONS } from "../../src/modules/desk/reject-reasons.ts";
import { contacts, conversations } from "../../src/platform/db/schema/index.ts";
import {
  applyForNikCheck,
  assertNotReloaded,
  type DeskHarness,
  markPage,
  openListedApplication,
  openPhone,
  queueItem,
  queueLink,
  type Staff,
  shot,
  startDeskHarness,
  tinyPdf,
  WAIT,
  waitForLive,
  waitForQueueCount,
  waitForStatus,
} from "./desk-support.ts";

const SERVICE = "validasi_nik";
const HOUR = 3_600_000;

/** Scrolls the element to the top of its scrolling column, so a screenshot shows it. */
const scrollToTop = (locator: Locator) => locator.evaluate((el) => el.scrollIntoView({ block: "start" }));

/** htmx asks "are you sure?" with window.confirm before completing: the operator says yes. */
const acceptConfirms = (page: Page) => page.on("dialog", (dialog) => void dialog.accept());

describe("operator desk flows (browser)", { timeout: 300_000 }, () => {
  let h: DeskHarness;

  before(async () => {
    h = await startDeskHarness();
  });
  after(() => h?.close());

  /** Staff of the one service these flows use. */
  const operator = (
    username: string,
    displayName: string,
    role: "operator" | "supervisor" = "operator",
  ): Promise<Staff> => h.addStaff({ username, displayName, role, services: [SERVICE] });

  it("takes an application from the phone to completion, and the citizen receives the PDF", {
    timeout: 40_000,
  }, async () => {
    const desk = await h.signedIn(await operator("rina", "Rina Ndoen"));
    acceptConfirms(desk);
    const maria = await openPhone(h, "6281234500001", "Maria");
    const tracking = await applyForNikCheck(maria, { fullName: "Maria Nenobais", nik: "5371015507880002" });

    await openListedApplication(desk, tracking);
    await waitForStatus(desk, "submitted");
    await desk.getByRole("button", { name: "Ambil untuk diperiksa" }).click();
    await waitForStatus(desk, "in_review");
    const kk = desk.locator("#req-kk");
    await kk.locator("img").waitFor(WAIT);
    await kk.getByRole("button", { name: "Terima", exact: true }).click();
    await desk.locator("#req-kk .verdict", { hasText: "Diterima" }).waitFor(WAIT);
    await scrollToTop(desk.locator("#req-kk"));
    await shot(desk, "application-review");

    await desk.getByRole("button", { name: "Mulai proses di SIAK" }).click();
    await waitForStatus(desk, "processing");
    const pdf = tinyPdf(`Validasi NIK ${tracking}`);
    await desk
      .getByLabel("Berkas hasil (PDF)")
      .setInputFiles({ name: "hasil.pdf", mimeType: "application/pdf", buffer: pdf });
    await desk.getByRole("button", { name: "Selesaikan", exact: true }).click();
    await waitForStatus(desk, "completed");
    assert.equal((await desk.locator("#detail .app-head .status").textContent())?.trim(), "Selesai");
    await desk.locator("#detail .results .page-pdf").waitFor(WAIT);
    await shot(desk, "application-complete");

    await maria.reply(/sudah selesai/);
    const download = maria.page.locator(".row.office .doc-download").last();
    await download.waitFor(WAIT);
    assert.equal(await download.getAttribute("download"), `${tracking}.pdf`);
    // The citizen gets the operator's file byte for byte.
    const res = await maria.page.request.get(`${h.baseUrl}${await download.getAttribute("href")}`);
    assert.equal(res.status(), 200);
    assert.deepEqual(Buffer.from(await res.body()), pdf);
    await shot(maria.page, "sim-result");
  });

  it("sends a rejected document back; the citizen's new photo brings the application back live", {
    timeout: 40_000,
  }, async () => {
    const desk = await h.signedIn(await operator("budi", "Budi Lay"));
    const yohanes = await openPhone(h, "6281234500002", "Yohanes");
    const tracking = await applyForNikCheck(yohanes, { fullName: "Yohanes Tallo", nik: "5371011203900003" });

    await openListedApplication(desk, tracking);
    await desk.getByRole("button", { name: "Ambil untuk diperiksa" }).click();
    await waitForStatus(desk, "in_review");
    const kk = desk.locator("#req-kk");
    const firstPage = await kk.locator("img").getAttribute("src");
    const reason = REJECT_REASONS.blurry.id;
    await kk.getByLabel("Alasan penolakan").selectOption({ label: reason });
    await kk.getByRole("button", { name: "Tolak", exact: true }).click();
    await desk.locator("#req-kk .verdict", { hasText: "Ditolak" }).waitFor(WAIT);
    await desk.getByRole("button", { name: "Minta perbaikan ke warga" }).click();
    await waitForStatus(desk, "needs_revision");

    const request = await yohanes.reply(/perlu perbaikan/);
    assert.match(request, new RegExp(tracking));
    assert.ok(request.includes("Kartu Keluarga (KK)"), request);
    assert.ok(request.includes(reason), request);

    await queueLink(desk, "mine").click();
    await desk.locator("#queue-list h2", { hasText: "Sedang saya periksa" }).waitFor(WAIT);
    await waitForLive(desk);
    await markPage(desk);
    await yohanes.sendPhoto("kk-baru.png");
    await yohanes.reply(/perbaikan untuk .* sudah kami terima/);

    const item = queueItem(desk, tracking);
    await item.locator(".status", { hasText: "Baru masuk" }).waitFor(WAIT);
    await assertNotReloaded([desk]);
    await openListedApplication(desk, tracking);
    await waitForStatus(desk, "submitted");
    await desk.locator("#req-kk .verdict", { hasText: "Belum diperiksa" }).waitFor(WAIT);
    const newPage = await desk.locator("#req-kk img").getAttribute("src");
    assert.ok(
      newPage && newPage !== firstPage,
      "the checklist shows the new photo in place of the rejected one",
    );
    await shot(desk, "revision");
  });

  it("outside the 24-hour window offers only approved templates, and the citizen receives one", {
    timeout: 40_000,
  }, async () => {
    const phone = "6281234500003";
    const dewi = await openPhone(h, phone, "Dewi");
    await dewi.say("PETUGAS");
    await dewi.reply(/kami teruskan ke petugas/);
    await closeWindow(phone);

    const desk = await h.signedIn(await operator("sari", "Sari Bana"));
    await queueLink(desk, "chats").click();
    await queueItem(desk, "Dewi").getByRole("link").click();
    const chat = desk.locator("#detail article.chat");
    await chat.waitFor(WAIT);
    await chat
      .locator('#chat-head [data-window="closed"]', { hasText: "Jendela 24 jam tertutup" })
      .waitFor(WAIT);
    await chat.locator("#reply .why", { hasText: "lebih dari 24 jam" }).waitFor(WAIT);
    assert.equal(await chat.locator('#reply textarea[name="text"]').count(), 0, "no free-text box");

    const template = chat.locator('#reply details[data-template="lontar_siap_diambil"]');
    await template.locator("summary").click();
    const field = (name: string) => template.locator(`input[name="${name}"]`);
    assert.equal(await field("citizen_name").inputValue(), "Dewi", "the name the desk knows is filled in");
    await field("citizen_name").fill("Dewi Lakapu");
    await field("service_name").fill("Validasi NIK");
    await field("application_number").fill("KPG-A-2611-00042");
    await template.getByRole("button", { name: "Kirim template" }).click();

    await dewi.page.locator(".row.office .template-label", { hasText: "lontar_siap_diambil" }).waitFor(WAIT);
    const params = dewi.page.locator(".row.office .params").last();
    for (const value of ["Dewi Lakapu", "Validasi NIK", "KPG-A-2611-00042"])
      await params.locator("li", { hasText: value }).waitFor(WAIT);
    await chat.locator('#timeline li.bubble.out[data-type="template"]').waitFor(WAIT);
    await shot(desk, "conversation-template");
  });

  // Three desks and a whole application through the phone: 40 s was too short on a loaded machine.
  it("a supervisor reassigns an application; the new holder's queue shows it live", {
    timeout: 90_000,
  }, async () => {
    const [ani, bella, yosef] = await Promise.all([
      operator("ani", "Ani Lay"),
      operator("bella", "Bella Fanggi"),
      operator("yosef", "Yosef Manu", "supervisor"),
    ]);
    const agus = await openPhone(h, "6281234500004", "Agus");
    const tracking = await applyForNikCheck(agus, { fullName: "Agus Bria", nik: "5371012512850004" });
    const deskA = await h.signedIn(ani);
    await openListedApplication(deskA, tracking);
    await deskA.getByRole("button", { name: "Ambil untuk diperiksa" }).click();
    await waitForStatus(deskA, "in_review");

    const deskB = await h.signedIn(bella);
    await queueLink(deskB, "mine").click();
    await deskB.locator("#queue-list h2", { hasText: "Sedang saya periksa" }).waitFor(WAIT);
    await waitForLive(deskB);
    await waitForQueueCount(deskB, "mine", 0);
    await markPage(deskB);

    const boss = await h.signedIn(yosef);
    await queueLink(boss, "others").click();
    await boss.locator("#queue-list h2", { hasText: "Dipegang petugas lain" }).waitFor(WAIT);
    await openListedApplication(boss, tracking);
    await boss.locator("#detail .facts dd", { hasText: "Ani Lay" }).waitFor(WAIT);
    await boss.getByLabel("Tugaskan ke").selectOption({ label: "Bella Fanggi" });
    await boss.getByRole("button", { name: "Tugaskan", exact: true }).click();
    await boss.locator("#detail .facts dd", { hasText: "Bella Fanggi" }).waitFor(WAIT);

    await waitForQueueCount(deskB, "mine", 1);
    await queueItem(deskB, tracking).waitFor(WAIT);
    await assertNotReloaded([deskB]);
    await shot(boss, "supervisor");
  });

  it("shows a hostile profile name and message as text; no script ever runs", {
    timeout: 40_000,
  }, async () => {
    const name = "<img src=x onerror=alert(1)>";
    const text = "<script>alert(1)</script>";
    const desk = await h.signedIn(await operator("tono", "Tono Ully"));
    const dialogs: string[] = [];
    const watchDialogs = (page: Page) =>
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    watchDialogs(desk);
    await queueLink(desk, "chats").click();
    await desk.locator("#queue-list h2", { hasText: "Chat minta petugas" }).waitFor(WAIT);
    await waitForLive(desk);

    const citizen = await openPhone(h, "6281234500099", name);
    watchDialogs(citizen.page);
    await citizen.say(text);
    await citizen.say("PETUGAS");
    await citizen.reply(/kami teruskan ke petugas/);

    const item = queueItem(desk, name);
    await item.waitFor(WAIT);
    await item.getByRole("link").click();
    await desk.locator("#chat-head h2", { hasText: name }).waitFor(WAIT);
    const hostile = desk.locator("#timeline li.bubble.in .text", { hasText: text });
    await hostile.waitFor(WAIT);
    assert.equal(await hostile.textContent(), text);
    await scrollToTop(hostile);
    assert.equal(await desk.locator('img[src="x"]').count(), 0, "no image element made of the name");
    assert.deepEqual(dialogs, []);
    await shot(desk, "conversation");
  });

  it("shows the admin's screens", { timeout: 40_000 }, async () => {
    const desk = await h.signedIn(
      await h.addStaff({ username: "admin1", displayName: "Admin Kota", role: "admin" }),
    );
    const visit = async (path: string, heading: string) => {
      await desk.goto(`${h.baseUrl}${path}`, { waitUntil: "domcontentloaded" });
      await desk.getByRole("heading", { level: 1, name: heading }).waitFor(WAIT);
    };
    await visit("/desk/admin/users", "Pengguna");
    await desk.locator("main table a", { hasText: "admin1" }).waitFor(WAIT);
    await shot(desk, "admin-users");
    await visit("/desk/admin/calendar", "Jam layanan & hari libur");
    await shot(desk, "admin-calendar");
    await visit("/desk/account", "Akun saya");
    await desk.locator("main", { hasText: "admin1" }).waitFor(WAIT);
    await shot(desk, "account");
  });

  /** Makes the citizen's last message 25 hours old, as if they had not written since yesterday. */
  const closeWindow = async (phone: string) => {
    const db = h.demo.database.db;
    const [contact] = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.waId, phone));
    assert.ok(contact, `no contact for ${phone}`);
    await db
      .update(conversations)
      .set({ lastInboundAt: new Date(Date.now() - 25 * HOUR) })
      .where(eq(conversations.contactId, contact.id));
  };
});
