/**
 * A complaint in a real browser against the whole demo: the citizen files it on the phone simulator, an
 * operator finds it under Pengaduan, verifies and answers it by the labelled form controls, and the citizen
 * receives the answer with the question and settles it by typing "puas".
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type DeskHarness,
  openPhone,
  shot,
  startDeskHarness,
  unlabelledControls,
  WAIT,
} from "./desk-support.ts";

describe("complaints (browser)", { timeout: 180_000 }, () => {
  let h: DeskHarness;

  before(async () => {
    h = await startDeskHarness();
  });
  after(() => h?.close());

  it("an operator verifies and answers; the citizen gets the answer and closes it", {
    timeout: 120_000,
  }, async () => {
    const phone = await openPhone(h, "6281339200001", "Agustina Lado");
    await phone.say("halo");
    await phone.reply(/Silakan pilih layanan/);
    await phone.say("Pengaduan");
    await phone.reply(/Pengaduan tentang apa/);
    await phone.say("Layanan lambat");
    await phone.reply(/Ceritakan masalahnya/);
    await phone.say("Permohonan akta kelahiran anak saya sudah sebulan belum selesai.");
    await phone.reply(/Ada foto pendukung/);
    await phone.say("lewati");
    await phone.reply(/dirahasiakan/);
    await phone.say("Tidak");
    await phone.reply(/Kirim pengaduan ini/);
    await phone.say("Kirim pengaduan");
    const receipt = await phone.reply(/sudah kami catat dengan nomor/);
    const tracking = /(KPG-P-\d{4}-\d{5})/.exec(receipt)?.[1];
    assert.ok(tracking, receipt);

    const desk = await h.signedIn(
      await h.addStaff({ username: "sinta", displayName: "Sinta", services: ["kk"] }),
    );
    await desk
      .getByRole("navigation", { name: "Lontar — Meja Layanan" })
      .getByRole("link", { name: "Pengaduan" })
      .click();
    await desk.getByRole("heading", { name: "Pengaduan", level: 1 }).waitFor(WAIT);
    await shot(desk, "complaints-list");
    await desk.getByRole("link", { name: tracking }).click();
    await desk.getByRole("heading", { name: `Pengaduan ${tracking}` }).waitFor(WAIT);
    assert.deepEqual(await unlabelledControls(desk), [], "every form control has a label");

    await desk.getByLabel(/Nomor LAPOR!/).fill("LAPOR-2611-0042");
    await desk.getByRole("button", { name: "Verifikasi", exact: true }).click();
    await desk.getByText("Pengaduan sudah diverifikasi; pelapor diberi tahu.").waitFor(WAIT);
    await phone.reply(/sudah kami verifikasi/);

    await desk
      .getByLabel("Jawaban untuk pelapor (dikirim lewat WhatsApp)")
      .fill("Akta kelahiran anak Anda sudah selesai dan bisa diambil di loket 2.");
    await desk.getByRole("button", { name: "Kirim jawaban" }).click();
    await desk.getByText("Jawaban sudah dikirim ke pelapor.").waitFor(WAIT);
    await shot(desk, "complaint-answered");
    await desk.getByRole("heading", { name: "Riwayat" }).scrollIntoViewIfNeeded();
    await shot(desk, "complaint-history");
    await phone.reply(/Tanggapan kami: Akta kelahiran anak Anda sudah selesai/);
    await phone.reply(/sudah menjawab\?/);

    await phone.say("puas");
    await phone.reply(/Pengaduan Anda kami tutup/);
    await desk.reload();
    await desk.getByText("Pengaduan ini sudah ditutup.").waitFor(WAIT);
  });
});
