/**
 * The template registry in a real browser: the admin writes a broadcast template, the preview follows the
 * typing (htmx), Meta's rule problems appear and go away, and the saved draft is submitted.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type DeskHarness, shot, startDeskHarness, WAIT } from "./desk-support.ts";

describe("template registry (browser)", { timeout: 120_000 }, () => {
  let h: DeskHarness;

  before(async () => {
    h = await startDeskHarness();
  });
  after(() => h?.close());

  it("previews while typing, shows the rule problems, saves and submits", { timeout: 60_000 }, async () => {
    const desk = await h.signedIn(
      await h.addStaff({ username: "admin.tpl", displayName: "Admin Template", role: "admin" }),
    );
    await desk.goto(`${h.baseUrl}/desk/admin/templates`, { waitUntil: "domcontentloaded" });
    await desk.locator('tr[data-source="system"]').first().waitFor(WAIT);
    await desk.getByRole("button", { name: "Buat template" }).click();
    await desk.getByRole("heading", { level: 1, name: "Buat template" }).waitFor(WAIT);

    await desk.getByLabel("Nama", { exact: true }).fill("undangan_rekam_ktp");
    await desk.getByLabel("Kategori").selectOption("marketing");
    await desk.getByLabel("Isi", { exact: true }).fill("Halo {{1}}");
    await desk.getByLabel("Nama {{1}}").fill("nama");
    await desk.getByLabel("Contoh {{1}}").fill("Maria Ndun");
    const preview = desk.locator("#template-preview");
    // The preview comes from the server as the admin types, with the rule problems and the cost note.
    await preview.locator("[data-preview]", { hasText: "Halo Maria Ndun" }).waitFor(WAIT);
    await preview.locator('[data-rule="ends_with_variable"]').waitFor(WAIT);
    await preview.locator('[data-note="marketing"]').waitFor(WAIT);

    await desk
      .getByLabel("Isi", { exact: true })
      .fill("Halo {{1}}, perekaman KTP-el dibuka di kantor kelurahan Anda hari Sabtu ini.");
    await preview.getByText("Sesuai aturan Meta").waitFor(WAIT);
    await shot(desk, "admin-template-new");

    await desk.getByRole("button", { name: "Simpan" }).click();
    await desk.getByText("Template dibuat sebagai draf.").waitFor(WAIT);
    await desk.getByLabel("Status baru").selectOption("submitted");
    await desk.getByRole("button", { name: "Ubah status" }).click();
    await desk.getByText("Status template diubah.").waitFor(WAIT);
    assert.equal(await desk.locator('[data-status="submitted"]').count(), 1);
    await shot(desk, "admin-template-submitted");
    await desk.goto(`${h.baseUrl}/desk/admin/templates`, { waitUntil: "domcontentloaded" });
    await desk.locator('tr[data-template="undangan_rekam_ktp:id"] [data-status="submitted"]').waitFor(WAIT);
    await shot(desk, "admin-templates");
  });
});
