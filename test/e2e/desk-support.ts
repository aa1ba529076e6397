/**
 * Shared pieces for the desk's browser tests: the demo plus one Chromium, staff accounts, signing in
 * through the real login form, a citizen on the phone simulator, queue readers and screenshots.
 * Every wait is on visible state (no sleeps), so a slow machine only makes a test slower, not flaky.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import type { QueueKey } from "../../src/modules/desk/queues.ts";
import { createStaff } from "../../src/modules/desk/testing.ts";
import { seedDemo } from "../../src/modules/offices/seed-demo.ts";
import type { Role } from "../../src/modules/operators/operators.service.ts";
import { type Demo, startDemo } from "./start-demo.ts";

export const WAIT = { timeout: 15_000 };
export const DESK_VIEWPORT = { width: 1366, height: 768 };
const SCREENSHOTS = path.join(import.meta.dirname, "screenshots");

/** Debian's Chromium with the flags that keep it quiet and offline (as in simulator.test.ts). */
export const launchChromium = () =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    timeout: 15_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });

export type Staff = { id: string; username: string; password: string; displayName: string };

/** The whole demo and one browser; each signed-in person gets a browser context of their own. */
export type DeskHarness = {
  demo: Demo;
  browser: Browser;
  baseUrl: string;
  officeId: string;
  /** A staff account with a known password, assigned to `services`. */
  addStaff(o: { username: string; role?: Role; services?: string[]; displayName?: string }): Promise<Staff>;
  /** A fresh browser context (own cookies) at desk size and in Indonesian. */
  newPage(o?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** A new context signed in as `staff` through the login form, on the desk's queues. */
  signedIn(staff: Staff): Promise<Page>;
  close(): Promise<void>;
};

export const startDeskHarness = async (): Promise<DeskHarness> => {
  const demo = await startDemo();
  const contexts: BrowserContext[] = [];
  try {
    const browser = await launchChromium();
    // Idempotent: hands back the office the demo already seeded.
    const { officeId } = await seedDemo(demo.database, { phoneNumberId: demo.config.whatsapp.phoneNumberId });
    const harness: DeskHarness = {
      demo,
      browser,
      baseUrl: demo.baseUrl,
      officeId,
      async addStaff(o) {
        const displayName = o.displayName ?? o.username;
        const staff = await createStaff(demo.database, {
          officeId,
          username: o.username,
          role: o.role ?? "operator",
          services: o.services ?? [],
          displayName,
        });
        return { ...staff, displayName };
      },
      async newPage(o = {}) {
        const context = await browser.newContext({ viewport: o.viewport ?? DESK_VIEWPORT, locale: "id-ID" });
        contexts.push(context);
        context.setDefaultTimeout(WAIT.timeout);
        context.setDefaultNavigationTimeout(WAIT.timeout);
        return context.newPage();
      },
      async signedIn(staff) {
        const page = await harness.newPage();
        await page.goto(`${demo.baseUrl}/login`, { waitUntil: "domcontentloaded" });
        await submitLogin(page, staff.username, staff.password);
        await page.waitForURL(/\/desk(\?|$)/, WAIT);
        await waitForLive(page);
        return page;
      },
      async close() {
        for (const context of contexts) await context.close().catch(() => {});
        await browser.close();
        await demo.close();
      },
    };
    return harness;
  } catch (error) {
    await demo.close();
    throw error;
  }
};

/** Fills and submits the login form the way a person does: by its labels. */
export const submitLogin = async (page: Page, username: string, password: string) => {
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk", exact: true }).click();
};

/**
 * Waits until the page's event stream is open: a change published before that would be missed,
 * so tests that cause a change wait for this first. desk.js marks #live-status on htmx:sseOpen.
 */
export const waitForLive = async (page: Page) => {
  await page.locator("#queue-nav").waitFor(WAIT);
  await page.waitForFunction(
    () => {
      const source = (
        document.body as unknown as { "htmx-internal-data"?: { sseEventSource?: EventSource } }
      )["htmx-internal-data"]?.sseEventSource;
      return source?.readyState === 1;
    },
    undefined,
    WAIT,
  );
};

/** Saves test/e2e/screenshots/<name>.png (git-ignored) for a person to look at. */
export const shot = async (page: Page, name: string) => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
};

/** The link of one queue in the left column. */
export const queueLink = (page: Page, queue: QueueKey) => page.locator(`#queue-nav a[data-queue="${queue}"]`);

/** The number shown beside a queue's name. */
export const queueCount = async (page: Page, queue: QueueKey) =>
  Number(await page.locator(`#queue-nav [data-count="${queue}"]`).textContent());

/** Waits until a queue's count reads `n` (the nav refreshes itself on live changes). */
export const waitForQueueCount = (page: Page, queue: QueueKey, n: number) =>
  page.locator(`#queue-nav [data-count="${queue}"]`, { hasText: new RegExp(`^${n}$`) }).waitFor(WAIT);

/** An item of the middle column's list, found by what it shows (a tracking number, a name). */
export const queueItem = (page: Page, text: string | RegExp): Locator =>
  page.locator("#queue-list li.item", { hasText: text });

// A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
const FIND_UNLABELLED = `[...document.querySelectorAll(
  "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea")]
  .filter((el) => !(el.labels?.length || el.getAttribute("aria-label")?.trim()
    || el.getAttribute("aria-labelledby")?.trim() || el.getAttribute("title")?.trim()))
  .map((el) => "<" + el.tagName.toLowerCase() + ' name="' + el.name + '" id="' + el.id + '">')`;

/**
 * Form controls a screen reader cannot name: no <label> (wrapping or for=), no aria-label(ledby), no title.
 * Returns a short description of each, empty when all is well.
 */
export const unlabelledControls = (page: Page): Promise<string[]> => page.evaluate(FIND_UNLABELLED);

/** A citizen on the phone simulator (/sim), chatting with the office as one of its preset numbers. */
export type Phone = {
  page: Page;
  /** Types a message and sends it with Enter; waits until the simulator shows it sent. */
  say(text: string): Promise<void>;
  /** Sends a picture (a valid 1×1 PNG) through the attach button. */
  sendPhoto(name?: string): Promise<void>;
  /** Waits for an office message containing `text` and returns its text. */
  reply(text: string | RegExp): Promise<string>;
};

// A valid 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/**
 * The simulator as `phone`: one of its presets (whose name is `name`), or any other number, whose WhatsApp
 * profile name is then `name` (typed into the simulator's own form, as a person would).
 */
export const openPhone = async (harness: DeskHarness, phone: string, name: string): Promise<Phone> => {
  const page = await harness.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${harness.baseUrl}/sim`, { waitUntil: "domcontentloaded" });
  if ((await page.locator(`#preset option[value="${phone}"]`).count()) > 0) {
    await page.selectOption("#preset", phone);
  } else {
    await page.selectOption("#preset", "");
    await page.fill("#phone", phone);
    await page.fill("#name", name);
    await page.getByRole("button", { name: "Buka", exact: true }).click();
  }
  await page.locator("#status", { hasText: `Anda: ${name} · ${phone}` }).waitFor(WAIT);
  const citizenRows = page.locator(".row.citizen");
  return {
    page,
    async say(text) {
      const before = await citizenRows.count();
      await page.fill("#text", text);
      await page.press("#text", "Enter");
      await citizenRows.nth(before).waitFor(WAIT);
    },
    async sendPhoto(file = "foto.png") {
      const before = await page.locator(".row.citizen img").count();
      await page.setInputFiles("#file", { name: file, mimeType: "image/png", buffer: PNG });
      await page.locator(".row.citizen img").nth(before).waitFor(WAIT);
    },
    async reply(text) {
      const message = page.locator(".row.office .text", { hasText: text }).last();
      await message.waitFor(WAIT);
      return (await message.textContent()) ?? "";
    },
  };
};

/**
 * The shortest application the bot takes, typed on the phone: a NIK check for oneself, one photo of the
 * KK, no screenshot of the refusal. Returns the tracking number from the receipt.
 */
export const applyForNikCheck = async (phone: Phone, o: { fullName: string; nik: string }) => {
  await phone.say("halo");
  await phone.reply(/Silakan pilih layanan/);
  await phone.say("Ajukan permohonan");
  await phone.reply(/Layanan apa yang Anda perlukan/);
  await phone.say("Validasi NIK");
  await phone.reply(/Anda mengurus dokumen ini untuk siapa/);
  await phone.say("Diri sendiri");
  await phone.reply(/Tulis nama lengkap sesuai KK/);
  await phone.say(o.fullName);
  await phone.reply(/Tulis NIK/);
  await phone.say(o.nik);
  await phone.reply(/Tulis nomor KK/);
  await phone.say("5371010110200007");
  await phone.reply(/NIK ditolak saat mengurus apa/);
  await phone.say("Bank");
  await phone.reply(/Kirim \*?Kartu Keluarga/);
  await phone.sendPhoto("kk.png");
  await phone.reply(/Tangkapan layar/);
  await phone.say("TIDAK ADA");
  await phone.reply(/Periksa permohonan Anda/);
  await phone.say("Kirim permohonan");
  const receipt = await phone.reply(/Nomor permohonan/);
  const tracking = /Nomor permohonan: \*?([A-Z0-9-]+)/.exec(receipt)?.[1];
  if (!tracking) throw new Error(`no tracking number in: ${receipt}`);
  return tracking;
};

/** Opens an application from the list in the middle column and waits for its detail on the right. */
export const openListedApplication = async (page: Page, tracking: string) => {
  await queueItem(page, tracking).getByRole("link").click();
  await page.locator("#detail article.application .app-head h1", { hasText: tracking }).waitFor(WAIT);
};

/** Waits until the open application shows `status` (the detail is re-rendered after every action). */
export const waitForStatus = (page: Page, status: string) =>
  page.locator(`#detail article.application[data-status="${status}"]`).waitFor(WAIT);

/** Marks the page's window; a reload or navigation would lose the mark. */
export const markPage = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { deskMark?: boolean }).deskMark = true;
  });

/** Fails when any of `pages` was reloaded since markPage, i.e. it was not updated live. */
export const assertNotReloaded = async (pages: Page[]) => {
  for (const page of pages) {
    const marked = await page.evaluate(() => (window as unknown as { deskMark?: boolean }).deskMark);
    if (marked !== true) throw new Error("the page was reloaded instead of updated live");
  }
};

/** A small but well-formed one-page PDF (correct xref offsets) saying `text`. */
export const tinyPdf = (text: string): Buffer => {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
};
