import assert from "node:assert/strict";
import { test } from "node:test";
import { converse, photo, repliesOf, tap, text } from "./testing.ts";

const all = (turns: { type: string }[][]) => turns.flat();

test("a first message that already asks is answered after the privacy notice, with the scam warning once", async () => {
  const { turns, state } = await converse([text("min sy mw bikin akte lahir anak, syaratnya apa")]);
  const [intro, brochure, next] = repliesOf(turns[0]!);
  assert.match(intro!, /Pemberitahuan privasi/);
  const warnings =
    repliesOf(turns[0]!)
      .join("\n")
      .match(/tidak pernah meminta uang, PIN, OTP/g) ?? [];
  assert.equal(warnings.length, 1, "the scam warning is said exactly once");
  assert.match(brochure!, /^\*Akta kelahiran\*/);
  assert.match(brochure!, /Gratis \(UU 24\/2013 Pasal 79A\)/);
  assert.match(next!, /Ajukan sekarang/);
  assert.equal(state.flow.name, "choose");
});

test("a plain greeting gets the notice and the menu; numbers typed work like taps", async () => {
  const { turns } = await converse([text("selamat pagi"), text("1"), text("3"), text("2")]);
  assert.match(repliesOf(turns[0]!).join(), /Info persyaratan/);
  assert.match(repliesOf(turns[1]!).join(), /Layanan apa yang Anda perlukan/);
  assert.match(repliesOf(turns[2]!).join(), /Pilih jenis Kartu Identitas Anak/);
  assert.match(repliesOf(turns[3]!).join(), /KIA 5–17|5–17|5 sampai|usia 5/i);
});

test("a tracking number typed anywhere asks for that application's status", async () => {
  const { turns } = await converse([text("halo"), text("tolong cek KPG-A-2611-00042 ya min")]);
  assert.deepEqual(turns[1], [{ type: "check_status", trackingNumber: "KPG-A-2611-00042" }]);
});

test("the status menu lists the citizen's own applications", async () => {
  const applications = [
    { id: "a1", trackingNumber: "KPG-A-2611-00042", serviceTitle: "KIA", status: "Sedang diperiksa" },
  ];
  const { turns } = await converse([text("halo"), tap("menu.status"), text("1")], { applications });
  assert.match(repliesOf(turns[1]!).join(), /KPG-A-2611-00042/);
  assert.deepEqual(turns[2], [{ type: "check_status", trackingNumber: "KPG-A-2611-00042" }]);
});

test("a complaint: category, description, photo, confidentiality, confirmation", async () => {
  const { turns } = await converse([
    text("halo"),
    tap("menu.complaint"),
    text("2"),
    text("Petugas di loket minta uang Rp50.000 untuk percepat KTP"),
    photo(),
    text("selesai"),
    text("ya"),
    text("ya"),
  ]);
  const opened = all(turns).find((e) => e.type === "open_complaint");
  assert.ok(opened && opened.type === "open_complaint");
  assert.equal((opened as unknown as { complaint: { category: string } }).complaint.category, "pungli_biaya");
  assert.equal((opened as unknown as { complaint: { confidential: boolean } }).complaint.confidential, true);
  assert.equal((opened as unknown as { complaint: { photos: string[] } }).complaint.photos.length, 1);
});

test("PETUGAS hands over in context; the bot stays silent while waiting; the officer hands back", async () => {
  const { turns, state } = await converse([
    text("halo"),
    tap("menu.apply"),
    tap("svc.kia"),
    text("petugas"),
    text("halo?"),
    photo(),
    { kind: "operator_closed" },
  ]);
  assert.deepEqual(turns[3]![0], { type: "handover", serviceCode: "kia" });
  assert.deepEqual(turns[4], []);
  assert.deepEqual(turns[5], []);
  assert.match(repliesOf(turns[6]!).join(), /sudah selesai/);
  assert.equal(state.flow.name, "choose");
});

test("BATAL in the middle of an application cancels it; MENU anywhere returns to the menu", async () => {
  const { turns, state } = await converse([
    text("halo"),
    tap("menu.apply"),
    tap("svc.akta_kematian"),
    text("1"),
    text("batal"),
  ]);
  assert.match(repliesOf(turns[4]!).join(), /dibatalkan/);
  assert.equal(state.flow.name, "choose");
  assert.ok(!all(turns).some((e) => e.type === "submit_application"));
});

test("an abandoned draft gets one reminder, then expires", async () => {
  const { turns, state } = await converse([
    text("halo"),
    tap("menu.apply"),
    tap("svc.akta_kematian"),
    { kind: "reminder" },
    { kind: "reminder" },
    { kind: "expire" },
  ]);
  assert.match(repliesOf(turns[3]!).join(), /belum selesai/);
  assert.deepEqual(turns[4], [], "only one reminder");
  assert.match(repliesOf(turns[5]!).join(), /sudah kami hapus/);
  assert.equal(state.flow.name, "idle");
});

test("ENGLISH switches the language", async () => {
  const { turns, state } = await converse([text("halo"), text("english"), tap("menu.info")]);
  assert.equal(state.locale, "en");
  assert.match(repliesOf(turns[1]!).join(), /Language switched to English/);
  assert.match(repliesOf(turns[2]!).join(), /Which service do you need/);
});

test("stickers, voice notes and locations get a polite answer, and the flow continues", async () => {
  const { turns, state } = await converse([
    text("halo"),
    tap("menu.apply"),
    tap("svc.akta_kematian"),
    { kind: "other", what: "audio" },
    { kind: "other", what: "location" },
  ]);
  assert.match(repliesOf(turns[3]!).join(), /pesan suara/);
  assert.match(repliesOf(turns[4]!).join(), /lokasi/);
  assert.equal(state.flow.name, "field");
});

test("legalisir of a document with a QR code stops with the explanation that none is needed", async () => {
  const { turns } = await converse([text("legalisir akta")]);
  assert.match(repliesOf(turns[0]!).join(), /Legalisir/i);
});

test("a first message that is a tracking number or PETUGAS is acted on after the notice", async () => {
  const status = await converse([text("cek KPG-A-2611-00042")]);
  assert.deepEqual(status.turns[0]!.at(-1), { type: "check_status", trackingNumber: "KPG-A-2611-00042" });
  const officer = await converse([text("petugas")]);
  assert.ok(officer.turns[0]!.some((e) => e.type === "handover"));
});

test("a tap on an older main menu still works in the middle of an application", async () => {
  const { turns } = await converse([
    text("halo"),
    tap("menu.apply"),
    tap("svc.akta_kematian"),
    tap("menu.complaint"),
  ]);
  assert.match(repliesOf(turns[3]!).join(), /Pengaduan tentang apa/);
});
