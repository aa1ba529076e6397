/**
 * The office's public pages over real HTTP: the click-to-chat links use the office's own numbers, the
 * catalogue is shown as the bot uses it, English on request, a clear 404, strict headers, nothing personal.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import QRCode from "qrcode";
import { channels } from "../../platform/db/schema/index.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import { standarPelayanan } from "../catalogue/brochure.ts";
import { matchService } from "../catalogue/match.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { addChannel } from "../offices/channels.service.ts";
import { DEMO_OFFICE } from "../offices/seed-demo.ts";
import { formatPhone, phoneDigits, waLink } from "./office.service.ts";

/** As hono/jsx writes text into HTML. */
const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
/** A catalogue line as the page shows it: bullets and WhatsApp emphasis become list items and tags. */
const shown = (line: string) => esc(line.replace(/^\s*[•◦]\s*/, "").replace(/[*_]/g, ""));
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describeEachDatabase("public office pages", (database) => {
  let lontar: RunningLontar;
  let catalogue: Catalogue;
  before(async () => {
    lontar = await startLontar(database(), { citizen: true, workers: false });
    catalogue = lontar.citizens!.catalogue;
  });
  after(() => lontar.stop());
  const get = (path: string) => fetch(`${lontar.baseUrl}${path}`);
  const page = async (path: string, status = 200) => {
    const res = await get(path);
    assert.equal(res.status, status, path);
    return { res, html: await res.text() };
  };

  test("the office page: the channel's number, its wa.me link and QR code, warnings, hours, links", async () => {
    const [channel] = await database().db.select().from(channels).where(eq(channels.id, lontar.channelId));
    const digits = phoneDigits(channel!.displayPhoneNumber!);
    const { res, html } = await page("/");
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|script-src|img-src/);
    assert.equal(res.headers.get("cache-control"), "public, max-age=300");
    assert.doesNotMatch(html, /<script|style=|<img/, "no script, no inline style, no image files");

    const link = waLink(digits, "MENU");
    assert.equal(link, `https://wa.me/${digits}?text=MENU`);
    assert.ok(html.includes(`href="${esc(link)}"`), "the button opens a chat with the office's number");
    assert.ok(html.includes(formatPhone(channel!.displayPhoneNumber!)), "the number is shown");
    // The inline QR code is exactly the code of that link.
    const qrPath = (await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 4 })).match(
      / d="([^"]+)"/g,
    )!;
    assert.ok(
      qrPath.every((d) => html.includes(d)),
      "the QR code encodes the wa.me link",
    );
    assert.match(html, /<svg class="qr" role="img" aria-label="Kode QR untuk membuka chat dengan \+62/);

    assert.ok(html.includes(esc(catalogue.office.name.id)));
    assert.ok(text(html).includes(catalogue.anti_scam.id.replace(/^[^:]+:\s*/, "")), "the scam warning");
    assert.ok(text(html).includes("tidak dipungut biaya apa pun"), "free of charge");
    for (const s of catalogue.services.slice(0, 6))
      assert.ok(html.includes(`href="/layanan/${s.code}"`), s.code);
    assert.match(html, /Senin–Kamis: 07\.30–12\.00, 13\.00–16\.00 WITA/, "hours from the office calendar");
    assert.ok(html.includes(esc(catalogue.office.maps_url)), "the map link");
    for (const href of ["/privasi", "/cek-tanda-terima", "/layanan", "/?lang=en", "/cetak/poster-a4.pdf"])
      assert.ok(html.includes(`href="${href}"`), href);
    for (const href of [
      "/cetak/flyer-a6.pdf",
      "/cetak/standar-pelayanan.pdf",
      "/cetak/maklumat-pelayanan.pdf",
    ])
      assert.ok(html.includes(`href="${href}"`), href);

    const css = await get("/public/site.css");
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /text\/css/);
    assert.match(css.headers.get("cache-control") ?? "", /public, max-age=\d+/);
  });

  test("?lang=en reads in English, and its chat link switches the bot to English", async () => {
    const { html } = await page("/?lang=en");
    assert.match(html, /<html lang="en">/);
    assert.match(html, /Chat on WhatsApp/);
    assert.match(html, /\?text=English"/);
    assert.ok(text(html).includes(catalogue.anti_scam.en.replace(/^[^:]+:\s*/, "")));
    assert.match(html, /Monday–Thursday: 07:30–12:00, 13:00–16:00 WITA/);
    assert.ok(html.includes('href="/layanan/kia?lang=en"'), "links keep the language");
    assert.ok(html.includes('href="/"'), "and offer the way back");
    const svc = await page("/layanan/kia?lang=en");
    assert.ok(svc.html.includes(esc(catalogue.services.find((s) => s.code === "kia")!.names.en)));
    assert.match(svc.html, /Requirements/);
  });

  test("/layanan lists every service with every requirement, its cost and a link to its page", async () => {
    const { html } = await page("/layanan");
    for (const s of catalogue.services) {
      assert.ok(html.includes(esc(s.names.id)), s.code);
      assert.ok(html.includes(`href="/layanan/${s.code}"`), s.code);
      for (const v of s.variants.length > 0 ? s.variants.map((x) => x.code) : [undefined])
        for (const line of standarPelayanan(catalogue, s, v, "id").persyaratan)
          assert.ok(text(html).includes(text(shown(line))), `${s.code}/${v}: ${line}`);
    }
    assert.ok((html.match(/Gratis/g) ?? []).length >= catalogue.services.length);
  });

  test("a service page: requirements, steps, time, cost, legal basis; unknown codes are a 404 page", async () => {
    for (const s of catalogue.services) {
      const { html } = await page(`/layanan/${s.code}`);
      const plain = text(html);
      for (const v of s.variants.length > 0 ? s.variants.map((x) => x.code) : [undefined]) {
        const sp = standarPelayanan(catalogue, s, v, "id");
        for (const line of [...sp.persyaratan, ...sp.produk])
          assert.ok(plain.includes(text(shown(line))), `${s.code}/${v}: ${line}`);
        for (const step of sp.prosedur) assert.ok(plain.includes(shown(step.replace(/^\d+\.\s*/, ""))), step);
        if (sp.jangkaWaktu) assert.ok(plain.includes(sp.jangkaWaktu), `${s.code}/${v} time`);
      }
      assert.ok(plain.includes("Gratis (UU 24/2013 Pasal 79A)"), s.code);
      for (const b of s.legal_basis) assert.ok(plain.includes(b.source), `${s.code}: ${b.source}`);
    }
    for (const path of ["/layanan/tidak_ada", "/layanan/KIA", "/layanan/%3Cscript%3E"]) {
      const { res, html } = await page(path, 404);
      assert.match(html, /Layanan tidak ditemukan/);
      assert.doesNotMatch(html, /<script>/);
      assert.equal(res.headers.get("content-security-policy")?.includes("default-src 'none'"), true);
    }
  });

  test("the service page's chat link names the service in words the bot recognises", async () => {
    const { html } = await page("/layanan/akta_kelahiran");
    const s = catalogue.services.find((x) => x.code === "akta_kelahiran")!;
    assert.ok(html.includes(esc(waLink("6238000000001", s.names.id))));
    // The bot answers that first message with this service's brochure.
    for (const x of catalogue.services)
      for (const l of ["id", "en"] as const)
        assert.equal(matchService(catalogue, x.names[l])?.service, x.code);
  });

  test("the privacy notice with its version, and how to check a receipt", async () => {
    const privacy = await page("/privasi");
    assert.match(privacy.html, new RegExp(`Versi ${catalogue.privacy_notice.version}`));
    assert.ok(text(privacy.html).includes("Kami mencatat nama, NIK, nomor KK"));
    assert.doesNotMatch(privacy.html, /\*Pemberitahuan privasi\*/, "no WhatsApp markup on the page");
    const en = await page("/privasi?lang=en");
    assert.ok(text(en.html).includes("We record your name, NIK, KK number"));

    const verify = await page("/cek-tanda-terima");
    assert.ok(verify.html.includes(`${lontar.config.publicUrl}/v/`), "where a genuine receipt's QR leads");
    assert.match(verify.html, /Tanda terima tidak ditemukan/);
    assert.match(verify.html, /nomor permohonan, layanan, tanggal diterima dan status/);
  });

  test("several numbers: each with its services; a service's page chats with the number serving it", async () => {
    await addChannel(database().db, {
      officeSlug: DEMO_OFFICE.slug,
      phoneNumberId: "100000000000002",
      label: "Layanan KIA",
      serviceCodes: ["kia"],
      displayPhoneNumber: "+62 812-3456-7890",
    });
    const retired = await addChannel(database().db, {
      officeSlug: DEMO_OFFICE.slug,
      phoneNumberId: "100000000000003",
      label: "Nomor lama",
      displayPhoneNumber: "+62 811-0000-0000",
    });
    await database().db.update(channels).set({ active: false }).where(eq(channels.id, retired.id));

    const { html } = await page("/");
    assert.ok(html.includes('href="https://wa.me/6281234567890?text=MENU"'));
    assert.ok(html.includes('href="https://wa.me/6238000000001?text=MENU"'));
    assert.ok(text(html).includes("Layanan KIA"));
    assert.ok(text(html).includes("Melayani: KIA (kartu anak)"));
    assert.ok(html.indexOf("6238000000001") < html.indexOf("6281234567890"), "the general number first");
    assert.equal((html.match(/<svg class="qr"/g) ?? []).length, 2, "one QR code per number");
    assert.ok(!html.includes("6281100000000"), "an inactive number is not published");

    const kia = catalogue.services.find((s) => s.code === "kia")!;
    assert.ok((await page("/layanan/kia")).html.includes(esc(waLink("6281234567890", kia.names.id))));
    const kk = catalogue.services.find((s) => s.code === "kk")!;
    assert.ok((await page("/layanan/kk")).html.includes(esc(waLink("6238000000001", kk.names.id))));
  });
});
