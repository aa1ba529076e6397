import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { charCount } from "../../platform/whatsapp/limits.ts";
import { renderBrochure, serviceRows, slaText, TEXT_MESSAGE_MAX, variantRows } from "./brochure.ts";
import { loadCatalogue } from "./load.ts";
import { LIST_ROW_DESCRIPTION_MAX, LIST_ROW_TITLE_MAX } from "./schema.ts";

describe("digital brochure", async () => {
  const catalogue = await loadCatalogue();
  const service = (code: string) => catalogue.services.find((s) => s.code === code)!;
  const all = catalogue.services.flatMap((s) =>
    [undefined, ...s.variants.map((v) => v.code)].flatMap((v) =>
      (["id", "en"] as const).map((locale) => ({
        s,
        v,
        locale,
        text: renderBrochure(catalogue, s, v, locale),
      })),
    ),
  );

  test("every service, variant and language fits one WhatsApp message and says Gratis", () => {
    for (const { s, v, locale, text } of all) {
      const name = `${s.code}/${v ?? "-"}/${locale}`;
      assert.ok(charCount(text) <= TEXT_MESSAGE_MAX, `${name} is ${charCount(text)} characters`);
      assert.ok(text.includes("Gratis (UU 24/2013 Pasal 79A)"), `${name} does not say Gratis`);
      // Cost is never quoted in rupiah: any amount would read as a fee.
      assert.doesNotMatch(text, /\bRp\.?\s?\d/, name);
    }
  });

  test("spells out the SPTJM alternative with its witnesses", () => {
    const text = renderBrochure(catalogue, service("akta_kelahiran"), undefined, "id");
    assert.match(text, /Salah satu — Bukti kelahiran:\n {3}◦ Surat keterangan kelahiran/);
    assert.match(text, /◦ _atau_ SPTJM kebenaran data kelahiran \(F-2\.03\).*NIK saksi 2/);
    assert.match(text, /\*Waktu penyelesaian:\* 1 hari kerja setelah berkas lengkap \(perkiraan\)/);
    assert.match(text, /PDF bertanda tangan elektronik dikirim lewat WhatsApp ini/);
  });

  test("KTP-el baru tells the citizen to come for recording, with place and hours", () => {
    const text = renderBrochure(catalogue, service("ktp_el"), "baru", "id");
    assert.match(text, /\*Wajib datang langsung:\* Perekaman biometrik/);
    assert.match(text, /Tempat: Kantor Dinas Dukcapil Kota Kupang/);
    assert.match(text, /Jam: Senin–Jumat/);
    const en = renderBrochure(catalogue, service("ktp_el"), "baru", "en");
    assert.match(en, /\*You must come in person:\* Biometric recording/);
    assert.match(en, /Free — Gratis/);
  });

  test("IKD activation is information only and calls activation over WhatsApp a scam", () => {
    const text = renderBrochure(catalogue, service("aktivasi_ikd"), undefined, "id");
    assert.match(text, /Layanan ini \*tidak bisa\* diurus lewat WhatsApp/);
    assert.match(text, /\*penipuan\*/);
    assert.match(text, /15 menit di tempat/);
  });

  test("legalisir says TTE documents need none", () => {
    assert.match(
      renderBrochure(catalogue, service("legalisir"), undefined, "id"),
      /\*tidak perlu dilegalisir\*/,
    );
    assert.match(
      renderBrochure(catalogue, service("legalisir"), undefined, "en"),
      /\*need no legalisation\*/,
    );
  });

  test("a service with variants without a chosen variant lists them", () => {
    const text = renderBrochure(catalogue, service("kia"), undefined, "id");
    assert.match(text, /\*Pilih jenis layanan:\*\n• \*KIA usia 0–5 th\*/);
  });

  test("SLA in words", () => {
    assert.equal(slaText({ value: 3, unit: "working_days" }, "id"), "3 hari kerja");
    assert.equal(slaText({ value: 1, unit: "working_days" }, "en"), "1 working day");
    assert.equal(slaText({ value: 30, unit: "minutes" }, "en"), "30 minutes");
    assert.equal(slaText({ value: 24, unit: "clock_hours" }, "id"), "24 jam");
    assert.equal(slaText({ value: 1.5, unit: "working_hours" }, "id"), "1,5 jam kerja");
  });

  test("menu rows fit WhatsApp list rows", () => {
    for (const locale of ["id", "en"] as const) {
      const rows = [
        ...serviceRows(catalogue, locale),
        ...catalogue.services.flatMap((s) => variantRows(s, locale)),
      ];
      for (const r of rows) {
        assert.ok(charCount(r.title) <= LIST_ROW_TITLE_MAX, r.title);
        assert.ok(charCount(r.description) <= LIST_ROW_DESCRIPTION_MAX, r.description);
      }
    }
  });
});
