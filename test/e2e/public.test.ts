/**
 * The public office pages in a real browser at a cheap phone's size (360×740): what a cold visit transfers
 * (page and every subresource, measured by Chromium itself), no sideways scrolling, large tap targets, no
 * CSP violation, and a service page reached by tapping a link.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, CDPSession, Page } from "playwright-core";
import { launchChromium, shot } from "./desk-support.ts";
import { type Demo, startDemo } from "./start-demo.ts";

/** The budget for each public page, images aside (there are none). */
const BUDGET_BYTES = 100 * 1024;

describe("public office pages (browser, 360 px)", { timeout: 120_000 }, () => {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let cdp: CDPSession;
  const transferred = new Map<string, number>();
  const urls = new Map<string, string>();
  const problems: string[] = [];

  before(async () => {
    demo = await startDemo();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "id-ID" });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    // Chromium's own count of bytes received per request (headers and body, as sent on the wire).
    cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
    cdp.on("Network.loadingFinished", (e) => transferred.set(e.requestId, e.encodedDataLength));
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** Loads `go` with an empty cache and returns the bytes it transferred and how many requests it made. */
  const measure = async (go: () => Promise<unknown>) => {
    transferred.clear();
    urls.clear();
    await go();
    await page.waitForLoadState("networkidle");
    const total = [...transferred.values()].reduce((a, b) => a + b, 0);
    const requests = [...transferred.keys()].map((id) => urls.get(id) ?? id);
    return { total, requests };
  };

  const fitsTheScreen = async () => {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.equal(innerWidth, 360);
    assert.ok(scrollWidth <= innerWidth, `no horizontal scroll: content is ${scrollWidth}px wide`);
  };

  it("the office page transfers well under 100 KB, fits 360 px and has big tap targets", async () => {
    const { total, requests } = await measure(() => page.goto(`${demo!.baseUrl}/`));
    console.log(
      `# public page "/": ${total} bytes transferred in ${requests.length} requests (${requests.join(", ")})`,
    );
    assert.ok(total > 0 && total < BUDGET_BYTES, `${total} bytes`);
    assert.ok(
      requests.some((u) => u.endsWith("/public/site.css")),
      "the stylesheet was counted",
    );
    assert.equal(requests.length, 2, "the page and its one stylesheet: no script, no image, no font");
    await fitsTheScreen();

    const button = page.getByRole("link", { name: "Chat di WhatsApp" });
    assert.match((await button.getAttribute("href")) ?? "", /^https:\/\/wa\.me\/6238000000001\?text=MENU$/);
    const box = (await button.boundingBox())!;
    assert.ok(
      box.height >= 44 && box.width >= 200,
      `the chat button is easy to tap: ${box.width}×${box.height}`,
    );
    assert.ok(await page.getByRole("img", { name: /Kode QR untuk membuka chat/ }).isVisible());
    assert.ok(await page.getByRole("note").filter({ hasText: "Waspada penipuan" }).isVisible());
    await shot(page, "public-home-360");
    assert.deepEqual(problems, [], "no console error (a CSP violation would show here)");
  });

  it("a tapped service link opens the service page, also light and 360 px wide", async () => {
    const link = page.getByRole("link", { name: "KTP elektronik (KTP-el)" }).first();
    const { total } = await measure(async () => {
      await link.click();
      await page.waitForURL(/\/layanan\/ktp_el$/);
    });
    console.log(`# public page "/layanan/ktp_el": ${total} bytes transferred`);
    assert.ok(total > 0 && total < BUDGET_BYTES, `${total} bytes`);
    await page.getByRole("heading", { level: 1, name: "KTP elektronik (KTP-el)" }).waitFor();
    await page.getByRole("heading", { name: "Persyaratan" }).first().waitFor();
    await fitsTheScreen();
    await shot(page, "public-service-360");

    const all = await measure(() => page.goto(`${demo!.baseUrl}/layanan`));
    console.log(`# public page "/layanan": ${all.total} bytes transferred`);
    assert.ok(all.total < BUDGET_BYTES, `${all.total} bytes`);
    await fitsTheScreen();
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/\/layanan\?lang=en$/);
    await page.getByRole("heading", { level: 1, name: "Services and requirements" }).waitFor();
    assert.deepEqual(problems, []);
  });
});
