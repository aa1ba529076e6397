import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadCatalogue } from "./load.ts";
import { matchService, normalise } from "./match.ts";

describe("matching free text to a service", async () => {
  const catalogue = await loadCatalogue();
  const cases: [string, string | undefined, string?][] = [
    ["min sy mw bikin akte lahir anak, syaratnya apa", "akta_kelahiran"],
    ["ktp sy hilang", "ktp_el", "hilang_rusak"],
    ["selamat pagi kaka, beta mau urus e-KTP yang rusak", "ktp_el", "hilang_rusak"],
    ["urus kia anak umur 7 thn", "kia", "usia_5_17"],
    ["kia bayi umur 3 bulan", "kia", "usia_0_5"],
    ["mau pindah ke kupang", "pindah_datang"],
    ["pindah dari kupang ke kefa", "surat_pindah"],
    ["cek nik", "validasi_nik"],
    ["nik sy tdk terdaftar di bank", "validasi_nik"],
    ["legalisir akta", "legalisir"],
    ["legalisir akta lahir", "legalisir"],
    ["kk sy ilang", "kk", "hilang_rusak"],
    ["tambah anak ke kk", "kk", "perubahan"],
    ["mau urus akte kematian bapa", "akta_kematian"],
    ["aktivasi IKD dong", "aktivasi_ikd"],
    ["kelahrian anak", "akta_kelahiran"],
    ["ktp", "ktp_el"],
  ];
  for (const [text, service, variant] of cases) {
    test(`"${text}" → ${service}${variant ? `/${variant}` : ""}`, () => {
      const m = matchService(catalogue, text);
      assert.equal(m?.service, service);
      assert.equal(m?.variant, variant);
    });
  }

  test("greetings, unrelated topics and ambiguous words match nothing", () => {
    for (const text of ["halo", "selamat siang", "sy mau tanya bansos", "akta", ""]) {
      assert.equal(matchService(catalogue, text), undefined, text);
    }
  });

  test("normalises chat spelling and drops filler", () => {
    assert.deepEqual(normalise("Min, sy mw bikin AKTE kelahiran!!").tokens, ["akta", "lahir"]);
    assert.deepEqual(normalise("e-KTP / ktp-el / KTP el").tokens, ["ktp"]);
    assert.equal(normalise("anak umur 7 thn").ageYears, 7);
    assert.equal(normalise("bayi 3 bulan").ageYears, 0);
  });
});
