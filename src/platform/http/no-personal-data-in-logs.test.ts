/**
 * Secrets and personal data never reach the logs: a whole scenario — a citizen applying with their NIK, KK
 * number and a photo over the real webhook, an operator signing in (once with a wrong password), opening the
 * application, revealing the NIK and viewing the photo — logged at the most verbose level, then searched.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { createStaff, STAFF_PASSWORD, signIn } from "../../modules/desk/testing.ts";
import { eventually, type RunningLontar, startLontar, TEST_PHONE_NUMBER_ID } from "../../testing/lontar.ts";
import { rows } from "../db/client.ts";
import { describeEachDatabase } from "../db/testing.ts";

const PHONE = "6281339000555";
const NAME = "Maria Nenobais";
const NIK = "5371015507880002";
const KK = "5371010110200007";
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

describeEachDatabase("no personal data in logs", (database) => {
  let lontar: RunningLontar;
  const lines: string[] = [];
  before(async () => {
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
    lontar = await startLontar(database(), {
      citizen: true,
      logStream: stream,
      env: { LOG_LEVEL: "trace", LONTAR_LOGIN_RATE_PER_MINUTE: "1000" },
    });
  });
  after(() => lontar.stop());

  const repliesTo = () =>
    lontar.fake.received.filter((r) => r.kind === "message" && r.body.to?.replace(/^\+/, "") === PHONE);
  /** Sends, then waits for the bot's answer to it (by its words, so a late earlier message cannot pass for it). */
  const say = async (
    message: Parameters<RunningLontar["fake"]["sendInbound"]>[0]["message"],
    expect: RegExp,
  ) => {
    const before = repliesTo().length;
    await lontar.fake.sendInbound({ phoneNumberId: TEST_PHONE_NUMBER_ID, from: PHONE, name: NAME, message });
    await eventually(async () =>
      repliesTo()
        .slice(before)
        .some((r) => expect.test(JSON.stringify(r.body))),
    );
  };
  const text = (body: string, expect: RegExp) => say({ type: "text", body }, expect);

  test("a whole application and its review leave no NIK, KK, phone number or name in the log", async () => {
    await text("halo", /Silakan pilih layanan/);
    await text("Ajukan permohonan", /Layanan apa/);
    await text("Validasi NIK", /untuk siapa/);
    await text("Diri sendiri", /nama lengkap/);
    await text(NAME, /Tulis NIK/);
    await text(NIK, /nomor KK/);
    await text(KK, /ditolak saat mengurus/);
    await text("Bank", /Kartu Keluarga/);
    const photo = lontar.fake.uploadInboundMedia(PNG, "image/png");
    await say({ type: "image", mediaId: photo, mimeType: "image/png" }, /Tangkapan layar/);
    await text("TIDAK ADA", /Periksa permohonan/);
    await text("Kirim permohonan", /Nomor permohonan/);
    const [app] = await rows<{ id: string }>(
      database().db,
      sql`SELECT id FROM applications WHERE status = 'submitted'`,
    );
    assert.ok(app, "the application was submitted");

    await createStaff(database(), {
      officeId: lontar.officeId,
      username: "petugas.log",
      role: "operator",
      services: ["validasi_nik"],
    });
    await fetch(`${lontar.baseUrl}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "petugas.log", password: `${NIK}-wrong` }),
    });
    const desk = await signIn(lontar.baseUrl, "petugas.log", STAFF_PASSWORD);
    const page = await desk.get(`/desk/applications/${app.id}`);
    assert.equal(page.status, 200);
    await desk.post(`/desk/applications/${app.id}/claim`, {}, { htmx: true });
    const reveal = await desk.post(`/desk/applications/${app.id}/reveal-nik`, {}, { htmx: true });
    assert.match(reveal.body, new RegExp(NIK), "the NIK was really shown to the operator");
    const blob = /\/desk\/files\/([0-9a-f-]{36})/.exec(
      (await desk.get(`/desk/applications/${app.id}`)).body,
    )?.[1];
    assert.ok(blob, "the photo is on the page");
    assert.equal((await desk.get(`/desk/files/${blob}`)).status, 200);
    await desk.get("/desk/applications/not-a-uuid");

    assert.ok(lines.length > 20, `the scenario was logged (${lines.length} lines)`);
    const log = lines.join("\n");
    for (const secret of [NIK, KK, PHONE, NAME, STAFF_PASSWORD, `${NIK}-wrong`, desk.cookie.split("=")[1]!]) {
      assert.ok(!log.includes(secret), `the log contains ${secret.slice(0, 4)}…`);
    }
    // Spaced or dashed forms of the numbers too.
    assert.doesNotMatch(log, /5371[\s.-]?0155[\s.-]?0788[\s.-]?0002/);
  });
});
