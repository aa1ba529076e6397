/**
 * The citizen phone simulator in a real browser against the whole Lontar demo: browser → /sim →
 * fake Cloud API → signed webhook → Lontar → outbox → fake → Server-Sent Events → browser.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import { type Demo, startDemo } from "./start-demo.ts";

const WAIT = { timeout: 15_000 };
const DEWI = "6281234500003";
// A valid 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

describe("citizen phone simulator (browser)", { timeout: 60_000 }, () => {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    demo = await startDemo();
    browser = await chromium.launch({
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
    page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "id-ID" });
    page.setDefaultTimeout(15_000);
    page.setDefaultNavigationTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** Sends as Lontar does: a Graph POST to the fake mounted on Lontar's port. */
  const lontarSends = async (body: Record<string, unknown>) => {
    const { whatsapp } = demo!.config;
    const res = await fetch(
      `${demo!.baseUrl}/fake-graph/${whatsapp.apiVersion}/${whatsapp.phoneNumberId}/messages`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${whatsapp.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({
          messaging_product: "whatsapp",
          recipient_type: "individual",
          to: `+${DEWI}`,
          ...body,
        }),
        signal: AbortSignal.timeout(15_000),
      },
    );
    assert.equal(res.status, 200, await res.text());
  };

  it("sends a question, gets the bot's greeting and brochure with blue ticks, and sends a photo", async () => {
    await page.goto(`${demo!.baseUrl}/sim`, { waitUntil: "domcontentloaded" });
    await page.selectOption("#preset", DEWI);
    await page.locator("#status", { hasText: `Anda: Dewi · ${DEWI}` }).waitFor(WAIT);

    // An empty message is refused by the server, and the page says why.
    await page.press("#text", "Enter");
    await page.locator("#error", { hasText: "Pesan kosong" }).waitFor(WAIT);

    await page.fill("#text", "min sy mw bikin akte lahir anak, syaratnya apa");
    await page.press("#text", "Enter");
    await page.locator(".row.office .text", { hasText: /Pemberitahuan privasi/ }).waitFor(WAIT);
    await page.locator(".row.office .text", { hasText: /^Akta kelahiran/ }).waitFor(WAIT);
    await page.locator(".row.office button", { hasText: "Ajukan sekarang" }).waitFor(WAIT);
    await page
      .locator('.row.citizen[data-tick="read"]', { hasText: "min sy mw bikin akte lahir anak" })
      .waitFor(WAIT);
    assert.equal(await page.inputValue("#text"), "");

    await page.setInputFiles("#file", { name: "foto-ktp.png", mimeType: "image/png", buffer: PNG });
    const photo = page.locator(".row.citizen img").last();
    await photo.waitFor(WAIT);
    await page.waitForFunction(
      () => {
        const imgs = document.querySelectorAll<HTMLImageElement>(".row.citizen img");
        const img = imgs[imgs.length - 1];
        return img?.complete && img.naturalWidth === 1;
      },
      undefined,
      WAIT,
    );
    await page.locator('.row.citizen[data-tick="read"] img').waitFor(WAIT);
    await page.screenshot({ path: "/tmp/sim.png" });
  });

  it("renders buttons, lists, documents and templates, and taps answer them", async () => {
    await lontarSends({
      type: "interactive",
      interactive: {
        type: "button",
        header: { type: "text", text: "Akta kelahiran" },
        body: { text: "Syaratnya:\n1. *Surat keterangan lahir*\n2. KK dan KTP orang tua" },
        footer: { text: "Dukcapil Kota Kupang" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "akta.ajukan", title: "Ajukan sekarang" } },
            { type: "reply", reply: { id: "akta.tanya", title: "Tanya petugas" } },
          ],
        },
      },
    });
    await page.locator(".row.office strong", { hasText: "Surat keterangan lahir" }).waitFor(WAIT);
    // The bot's own brochure also offers "Ajukan sekarang": tap the one in this message.
    await page
      .locator(".row.office", { hasText: "Surat keterangan lahir" })
      .getByRole("button", { name: "Ajukan sekarang" })
      .click(WAIT);
    const tapped = page.locator(".row.citizen", { hasText: "Ajukan sekarang" }).last();
    await tapped.locator(".quote", { hasText: "Syaratnya:" }).waitFor(WAIT);

    await lontarSends({
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: "Pilih layanan" },
        action: {
          button: "Lihat layanan",
          sections: [
            {
              title: "Dokumen",
              rows: [{ id: "kk", title: "Kartu Keluarga", description: "Cetak ulang atau baru" }],
            },
            { title: "Lainnya", rows: [{ id: "lain", title: "Pertanyaan lain" }] },
          ],
        },
      },
    });
    await page.getByRole("button", { name: "☰ Lihat layanan" }).click(WAIT);
    await page.locator("#sheet h3", { hasText: "Dokumen" }).waitFor(WAIT);
    await page.locator("#sheet .option", { hasText: "Kartu Keluarga" }).click(WAIT);
    await page.locator(".row.citizen", { hasText: "Cetak ulang atau baru" }).waitFor(WAIT);
    assert.equal(await page.locator("#sheet").isHidden(), true);

    const mediaId = demo!.fake.uploadInboundMedia(
      Buffer.from("%PDF-1.4\n%%EOF\n"),
      "application/pdf",
      "syarat.pdf",
    );
    await lontarSends({
      type: "document",
      document: { id: mediaId, filename: "Syarat akta.pdf", caption: "Daftar syarat" },
    });
    const link = page.locator(".row.office .doc-download").last();
    await link.waitFor(WAIT);
    assert.equal(await link.getAttribute("download"), "Syarat akta.pdf");

    await lontarSends({
      type: "template",
      template: {
        name: "akta_siap_diambil",
        language: { code: "id", policy: "deterministic" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Dewi" },
              { type: "text", text: "KPG-0042" },
            ],
          },
        ],
      },
    });
    await page.locator(".row.office .template-label", { hasText: "akta_siap_diambil" }).waitFor(WAIT);
    await page.locator(".row.office .params li", { hasText: "KPG-0042" }).waitFor(WAIT);

    // Message text is rendered as text, never as HTML.
    await lontarSends({ type: "text", text: { body: '<img src=x onerror="window.pwned=1"> _miring_' } });
    await page.locator(".row.office em", { hasText: "miring" }).waitFor(WAIT);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    await page.screenshot({ path: "/tmp/sim-rich.png" });

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "/tmp/sim-desktop.png" });
  });
});
