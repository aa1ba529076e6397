/**
 * A broadcast in a real browser against the whole demo: citizens opt in (and one out) on WhatsApp, a
 * supervisor creates a campaign, sees the audience and cost before confirming, watches the progress bar
 * move live (the number's rate is set to 1 msg/s so the runner needs several steps), and reads the final
 * counts once the fake Cloud API's delivery and read webhooks have come back.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { approvedTemplate } from "../../src/modules/broadcasts/testing.ts";
import { rows } from "../../src/platform/db/client.ts";
import { channels } from "../../src/platform/db/schema/index.ts";
import {
  assertNotReloaded,
  type DeskHarness,
  markPage,
  openPhone,
  shot,
  startDeskHarness,
  unlabelledControls,
  WAIT,
} from "./desk-support.ts";

const CITIZENS = ["6281339100001", "6281339100002", "6281339100003", "6281339100004", "6281339100005"];

/** The page's event stream is open (a change published before that would be missed). */
const waitForStream = (page: Page) =>
  page.waitForFunction(
    () =>
      (document.body as unknown as { "htmx-internal-data"?: { sseEventSource?: EventSource } })[
        "htmx-internal-data"
      ]?.sseEventSource?.readyState === 1,
    undefined,
    WAIT,
  );

/**
 * Every progress value the campaign list shows from now on, kept in the page across live swaps. A string,
 * not a function: tsx would wrap the named inner function in a helper the page does not have.
 */
const RECORD_PROGRESS = `(() => {
  window.seen = [];
  const read = () => {
    const bar = document.querySelector("#campaign-list progress");
    if (bar) window.seen.push(Number(bar.getAttribute("value")));
  };
  read();
  new MutationObserver(read).observe(document.getElementById("campaign-live"), { childList: true, subtree: true });
})()`;

describe("broadcasts (browser)", { timeout: 180_000 }, () => {
  let h: DeskHarness;

  before(async () => {
    h = await startDeskHarness();
  });
  after(() => h?.close());

  const consents = async (granted: boolean) =>
    (
      await rows<{ n: number }>(
        h.demo.database.db,
        sql`SELECT count(*)::int AS n FROM (SELECT DISTINCT ON (contact_id) granted FROM consents
            WHERE purpose = 'broadcast' ORDER BY contact_id, at DESC, id DESC) k WHERE granted = ${granted}`,
      )
    )[0]!.n;

  it("creates a campaign for opted-in citizens, watches its progress bar move, reads the final counts", {
    timeout: 120_000,
  }, async () => {
    // Five citizens say MULAI through signed webhooks, one more on the phone simulator; then one says STOP.
    const { fake, config } = h.demo;
    for (const phone of CITIZENS)
      await fake.sendInbound({
        phoneNumberId: config.whatsapp.phoneNumberId,
        from: phone,
        name: "Warga",
        message: { type: "text", body: "MULAI" },
      });
    const yanti = await openPhone(h, "6281339100006", "Yanti Ndun");
    await yanti.say("MULAI");
    await yanti.reply(/info layanan/i);
    await fake.sendInbound({
      phoneNumberId: config.whatsapp.phoneNumberId,
      from: CITIZENS[4]!,
      name: "Warga",
      message: { type: "text", body: "STOP" },
    });
    for (let i = 0; i < 150 && ((await consents(true)) !== 5 || (await consents(false)) !== 1); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal(await consents(true), 5, "five citizens opted in and stayed in");

    // The admin recorded an approved broadcast template; the number takes campaigns at 1 msg/s.
    await approvedTemplate(h.demo.database.db, h.officeId);
    await h.demo.database.db
      .update(channels)
      .set({ ratePerSecond: 1 })
      .where(eq(channels.phoneNumberId, config.whatsapp.phoneNumberId));

    const kabid = await h.addStaff({ username: "kabid", displayName: "Kabid Pelayanan", role: "supervisor" });
    const page = await h.signedIn(kabid);
    await page.getByRole("link", { name: "Siaran", exact: true }).click();
    await page.getByRole("heading", { name: "Siaran", level: 1 }).waitFor(WAIT);
    await page.getByLabel("Nama", { exact: true }).fill("Ajakan perekaman KTP-el");
    await page
      .getByRole("combobox", { name: /^Template/ })
      .selectOption({ label: "lontar_info_ktp_el (id, marketing)" });
    // The template's variable arrives with htmx when the template is chosen.
    await page.getByLabel("sapaan").fill("Bapak/Ibu");
    await page.getByRole("button", { name: "Hitung penerima & biaya" }).click();
    const preview = page.locator("#campaign-preview");
    await preview.waitFor(WAIT);
    assert.equal(await preview.getAttribute("data-recipients"), "5");
    assert.match((await preview.textContent()) ?? "", /5 penerima\..*paling banyak US\$\s?0,2055/);
    assert.deepEqual(await unlabelledControls(page), [], "every control of the form has a name");
    await shot(page, "broadcast-preview");

    await page.getByRole("button", { name: "Jadwalkan siaran" }).click();
    await page.getByText("Siaran dijadwalkan.").waitFor(WAIT);
    await waitForStream(page);
    await markPage(page);
    await page.evaluate(RECORD_PROGRESS);

    // The runner queues two per 2-second window; the list follows live until all five are read.
    const row = page.locator("#campaign-list tr[data-campaign]");
    await row.locator('[data-count="read"] dd', { hasText: /^5$/ }).waitFor({ timeout: 60_000 });
    await assertNotReloaded([page]);
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    assert.ok(
      seen.some((v) => v > 0 && v < 5),
      `the bar moved through a partial value (${seen.join(", ")})`,
    );
    assert.equal(await row.locator("progress").getAttribute("value"), "5");
    assert.equal(await row.locator("progress").getAttribute("max"), "5");
    const count = async (key: string) =>
      (await row.locator(`[data-count="${key}"] dd`).textContent())?.trim();
    assert.deepEqual(
      {
        queued: await count("queued"),
        sent: await count("sent"),
        delivered: await count("delivered"),
        read: await count("read"),
        failed: await count("failed"),
        skipped: await count("skipped"),
      },
      { queued: "5", sent: "5", delivered: "5", read: "5", failed: "0", skipped: "0" },
    );
    assert.equal(await row.getAttribute("data-status"), "done");
    await shot(page, "broadcast-done");

    // The citizen on the phone simulator got the template; the one who said STOP got none.
    await yanti.page.locator(".row.office", { hasText: "lontar_info_ktp_el" }).waitFor(WAIT);
    const toStopped = fake.received.filter(
      (r) =>
        r.kind === "message" && r.body.to?.replace(/^\+/, "") === CITIZENS[4] && r.body.type === "template",
    );
    assert.equal(toStopped.length, 0);
  });
});
