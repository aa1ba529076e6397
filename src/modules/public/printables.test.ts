/**
 * GET /cetak/*.pdf over real HTTP: real PDFs of the right page size, one page where it must be, showing the
 * office's number and a QR code that encodes its wa.me link, and the catalogue's services and warnings.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { channels } from "../../platform/db/schema/index.ts";
import { describeEachDatabase } from "../../platform/db/testing.ts";
import { type RunningLontar, startLontar } from "../../testing/lontar.ts";
import type { Catalogue } from "../catalogue/schema.ts";
import { addChannel } from "../offices/channels.service.ts";
import { DEMO_OFFICE } from "../offices/seed-demo.ts";
import { PLEDGE } from "./maklumat.pdf.ts";
import { drawsQrOf, mediaBoxes, pageCount, pdfShows, pdfWords } from "./pdf.testing.ts";
import { CHECK_MARK, FILL_MARK } from "./standar-pelayanan.pdf.ts";
import { COMPONENT_TITLES } from "./standar-pelayanan.ts";

const A4 = [0, 0, 595.28, 841.89];
const A6 = [0, 0, 297.64, 419.53];
const NUMBER = "+62 380-0000-0001";
const CHAT = "https://wa.me/6238000000001?text=MENU";

describeEachDatabase("printables", (database) => {
  let lontar: RunningLontar;
  let catalogue: Catalogue;
  before(async () => {
    lontar = await startLontar(database(), { citizen: true, workers: false });
    catalogue = lontar.citizens!.catalogue;
  });
  after(() => lontar.stop());

  const pdf = async (path: string) => {
    const res = await fetch(`${lontar.baseUrl}/cetak/${path}`);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.equal(res.headers.get("content-disposition"), `inline; filename="${path.split("?")[0]}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-", path);
    return { bytes, words: pdfWords(bytes) };
  };

  test("the A4 poster and the A6 flyer: one page each, the number, its QR code, services, the scam line", async () => {
    for (const [path, box, services] of [
      ["poster-a4.pdf", A4, 6],
      ["flyer-a6.pdf", A6, 4],
    ] as const) {
      const { bytes, words } = await pdf(path);
      assert.deepEqual(mediaBoxes(bytes), [box], `${path} page size`);
      assert.equal(pageCount(bytes), 1, path);
      assert.ok(drawsQrOf(bytes, CHAT), `${path}: the QR code opens the office's chat`);
      assert.ok(!drawsQrOf(bytes, `${CHAT}x`), "(and the check tells one link from another)");
      for (const expected of [
        NUMBER,
        "Layanan Dukcapil lewat WhatsApp",
        "gratis",
        "kirim pesan MENU",
        catalogue.office.name.id,
        "Dukcapil tidak pernah meminta uang, PIN, OTP",
        `${lontar.config.publicUrl}/`,
        ...catalogue.services.slice(0, services).map((s) => s.names.id),
      ])
        assert.ok(pdfShows(words, expected), `${path} shows ${expected}: ${words}`);
      assert.ok(!pdfShows(words, catalogue.services[services]!.names.id), `${path}: only the most used`);
    }
  });

  test("the Standar Pelayanan: the six components for every service and variant, unconfirmed values marked", async () => {
    const { bytes, words } = await pdf("standar-pelayanan.pdf");
    assert.ok(mediaBoxes(bytes).every((b) => b.join() === A4.join()));
    assert.ok(pageCount(bytes) > 1);
    for (const expected of [
      "STANDAR PELAYANAN ADMINISTRASI KEPENDUDUKAN MELALUI WHATSAPP",
      "PERATURAN WALI KOTA KUPANG",
      `katalog layanan versi ${catalogue.version}`,
      `Layanan Dukcapil (semua layanan): ${NUMBER}`,
      "LAPOR! (SP4N): lapor.go.id, SMS 1708",
      "Gratis (UU 24/2013 Pasal 79A)",
    ])
      assert.ok(pdfShows(words, expected), `shows ${expected}`);
    let scopes = 0;
    for (const s of catalogue.services)
      for (const v of s.variants.length > 0 ? s.variants : [undefined]) {
        scopes++;
        const title = v ? `${s.names.id} — ${v.names.id}` : s.names.id;
        assert.ok(pdfShows(words, `${scopes}. ${title}`), `section ${scopes}: ${title}`);
      }
    for (const [i, t] of COMPONENT_TITLES.entries()) {
      const count = words.split(`${i + 1}. ${t}`).length - 1;
      assert.ok(count >= scopes, `"${t}" once per service (${count} of ${scopes})`);
    }
    // The shipped catalogue's times are estimates: each is printed for the office to check.
    assert.ok(words.split(CHECK_MARK).length - 1 >= scopes);
    assert.equal(
      words.split(FILL_MARK).length - 1,
      1,
      "nothing missing: the mark appears in the legend only",
    );
  });

  test("the Maklumat Pelayanan: the pledge and a place for the head of office to sign and date", async () => {
    const { bytes, words } = await pdf("maklumat-pelayanan.pdf");
    assert.deepEqual(mediaBoxes(bytes), [A4]);
    assert.equal(pageCount(bytes), 1);
    for (const expected of [
      "MAKLUMAT PELAYANAN",
      PLEDGE,
      "KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KOTA KUPANG,",
      "Nama: ....",
      "NIP: ....",
      `versi ${catalogue.privacy_notice.version}`,
      "tidak dipungut biaya apa pun",
    ])
      assert.ok(pdfShows(words, expected), `shows ${expected}: ${words}`);
  });

  test("?nomor= prints one number's poster with its own services; many numbers still fit one page", async () => {
    await addChannel(database().db, {
      officeSlug: DEMO_OFFICE.slug,
      phoneNumberId: "100000000000002",
      label: "Layanan KIA",
      serviceCodes: ["kia"],
      displayPhoneNumber: "+62 812-3456-7890",
    });
    const { bytes, words } = await pdf("poster-a4.pdf?nomor=6281234567890");
    assert.ok(drawsQrOf(bytes, "https://wa.me/6281234567890?text=MENU"));
    assert.ok(pdfShows(words, "+62 812-3456-7890"));
    assert.ok(pdfShows(words, "Kartu Identitas Anak (KIA)"));
    assert.ok(!pdfShows(words, "Akta kematian"), "only this number's services");
    assert.ok(pdfShows(words, `Layanan Dukcapil (semua layanan): ${NUMBER}`), "the other numbers, small");

    for (let i = 3; i <= 9; i++)
      await addChannel(database().db, {
        officeSlug: DEMO_OFFICE.slug,
        phoneNumberId: `10000000000000${i}`,
        label: `Layanan nomor ${i}`,
        serviceCodes: ["kk"],
        displayPhoneNumber: `+62 812-0000-000${i}`,
      });
    for (const path of ["poster-a4.pdf", "flyer-a6.pdf"]) {
      const crowded = await pdf(path);
      assert.equal(pageCount(crowded.bytes), 1, `${path} with nine numbers`);
      assert.ok(drawsQrOf(crowded.bytes, CHAT), `${path}: still the general number's QR`);
    }
  });

  test("with no active number there is no poster to print", async () => {
    await database().db.update(channels).set({ active: false }).where(eq(channels.officeId, lontar.officeId));
    const res = await fetch(`${lontar.baseUrl}/cetak/poster-a4.pdf`);
    assert.equal(res.status, 404);
    assert.match(await res.text(), /Belum ada nomor WhatsApp aktif/);
    // The Standar Pelayanan still prints, with the number left for the office to fill in.
    const { words } = await pdf("standar-pelayanan.pdf");
    assert.ok(pdfShows(words, `${FILL_MARK} Nomor WhatsApp resmi kantor.`));
  });
});
