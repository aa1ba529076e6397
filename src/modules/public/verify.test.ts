/** GET /v/:code over real HTTP: genuine receipts confirmed without personal data, unknown codes 404, 429 past the limit. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { rows } from "../../platform/db/client.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { SUBJECT_NIK, submitWithPages } from "../desk/application.testing.ts";
import { newReceiptCode } from "../receipts/receipt-code.ts";

describeEachDatabase("public receipt verification", (database) => {
  let lontar: RunningLontar;
  let code: string;
  let tracking: string;
  const waId = "6281250000001";
  before(async () => {
    lontar = await startLontar(database(), { citizen: true, workers: false });
    const app = await submitWithPages(database(), { ...lontar, citizens: lontar.citizens!, waId });
    tracking = app.trackingNumber;
    code = (
      await rows<{ receipt_code: string }>(
        database().db,
        sql`SELECT receipt_code FROM applications WHERE id = ${app.id}`,
      )
    )[0]!.receipt_code;
  });
  after(() => lontar.stop());
  const get = (path: string) => fetch(`${lontar.baseUrl}${path}`);

  test("a genuine receipt: tracking number, service, date and status in words; nothing personal", async () => {
    const res = await get(`/v/${code}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|script-src/);
    const html = await res.text();
    assert.match(html, /Tanda terima ini asli/);
    assert.ok(html.includes(tracking));
    assert.match(html, /Kartu Identitas Anak|KIA/);
    assert.match(html, /Diterima, menunggu pemeriksaan/);
    assert.doesNotMatch(html, /<script|style=/, "no script, no inline style");
    for (const personal of ["Yohanes", "Maria", SUBJECT_NIK, SUBJECT_NIK.slice(-4), waId])
      assert.ok(!html.includes(personal), `no ${personal} on a public page`);

    const css = await get("/public/verify.css");
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /text\/css/);
  });

  test("?lang=en reads in English", async () => {
    const html = await (await get(`/v/${code}?lang=en`)).text();
    assert.match(html, /This receipt is genuine/);
    assert.match(html, /Received, waiting for review/);
    assert.match(html, /lang="en"/);
  });

  test("an unknown or malformed code is a clear 404 page", async () => {
    for (const path of [`/v/${newReceiptCode()}`, "/v/KPG-A-2611-00001", `/v/${code}x`]) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.match(await res.text(), /Tanda terima tidak ditemukan/);
    }
  });

  // Last: it spends this address's allowance.
  test("past the per-address limit the page answers 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get(`/v/${code}`)).status);
    assert.ok(statuses.includes(429), "refused after the burst");
    const res = await get(`/v/${code}`);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "60");
    assert.match(await res.text(), /Terlalu banyak permintaan/);
  });
});
