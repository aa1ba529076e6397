/** The Standar Pelayanan's content: the catalogue's own words; a missing component is left for the office. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadCatalogue } from "../catalogue/load.ts";
import type { Catalogue, Service } from "../catalogue/schema.ts";
import { DEFAULT_WEEKLY } from "../sla/calendar.ts";
import {
  COMPONENT_TITLES,
  generalSection,
  type Line,
  regionHead,
  serviceSections,
} from "./standar-pelayanan.ts";

const texts = (lines: Line[]) => lines.map((l) => l.text);

describe("Standar Pelayanan content", async () => {
  const catalogue = await loadCatalogue();

  test("every service and variant gets the six components in order, then its legal basis", () => {
    const sections = serviceSections(catalogue);
    const scopes = catalogue.services.reduce((n, s) => n + Math.max(1, s.variants.length), 0);
    assert.equal(sections.length, scopes);
    for (const s of sections) {
      assert.deepEqual(
        s.components.map((c) => c.title),
        [...COMPONENT_TITLES, "Dasar hukum"],
      );
      assert.ok(
        s.components.every((c) => c.lines.length > 0),
        s.title,
      );
      assert.deepEqual(texts(s.components[3]!.lines), ["Gratis (UU 24/2013 Pasal 79A)"]);
      // The shipped catalogue has every component; nothing is left blank.
      assert.ok(!s.components.some((c) => c.lines.some((l) => l.mark === "fill")), s.title);
    }
    const akta = sections.find((s) => s.title.endsWith(". Akta kelahiran"))!;
    assert.ok(
      texts(akta.components[0]!.lines).some((t) => t.includes("SPTJM kebenaran data kelahiran (F-2.03)")),
    );
    // Estimates from the catalogue are printed without "(perkiraan)", marked for the office to check.
    assert.deepEqual(akta.components[2]!.lines, [
      { text: "1 hari kerja setelah berkas lengkap", mark: "check" },
    ]);
    const ikd = sections.find((s) => s.title.includes("Aktivasi IKD"))!;
    assert.match(texts(ikd.components[0]!.lines)[0]!, /^Dibawa saat datang ke kantor: KTP-el/);
    assert.match(texts(ikd.components[1]!.lines)[0]!, /Tidak dapat dilakukan melalui WhatsApp/);
  });

  test("what the catalogue lacks is marked for the office to fill in, never made up", () => {
    const bare: Service = {
      ...catalogue.services.find((s) => s.code === "akta_kematian")!,
      requirements: [],
      alternatives: [],
      procedure: [],
      delivery: [],
    };
    delete bare.sla;
    delete bare.product;
    const cut: Catalogue = { ...catalogue, services: [bare] };
    const [section] = serviceSections(cut);
    const fills = section!.components.flatMap((c) =>
      c.lines.filter((l) => l.mark === "fill").map(() => c.title),
    );
    assert.deepEqual(fills, [
      "Persyaratan",
      "Sistem, mekanisme, dan prosedur",
      "Jangka waktu pelayanan",
      "Produk pelayanan",
    ]);
    const confirmed: Service = {
      ...bare,
      sla: { value: 2, unit: "working_days", source: "SK", confidence: "confirmed" },
    };
    const [withTime] = serviceSections({ ...catalogue, services: [confirmed] });
    assert.deepEqual(withTime!.components[2]!.lines, [{ text: "2 hari kerja setelah berkas lengkap" }]);
  });

  test("the general part: numbers, hours, the free-of-charge rule, complaint channels", () => {
    const office = { numbers: [], weekly: DEFAULT_WEEKLY, closures: [], timeZone: "Asia/Makassar" };
    const general = generalSection(catalogue, office, {
      numbers: ["Layanan Dukcapil: +62 380-0000-0001"],
      siteUrl: "https://dukcapil.example",
    });
    const byTitle = new Map(general.components.map((c) => [c.title, texts(c.lines)]));
    assert.deepEqual(byTitle.get("Saluran layanan (WhatsApp resmi)"), [
      "Layanan Dukcapil: +62 380-0000-0001",
    ]);
    assert.ok(byTitle.get("Waktu layanan")!.includes("Senin–Kamis: 07.30–12.00, 13.00–16.00 WITA"));
    assert.ok(byTitle.get("Biaya/tarif")![0]!.includes("UU 24/2013 Pasal 79A"));
    const complaints = byTitle.get("Penanganan pengaduan, saran, dan masukan")!;
    assert.ok(complaints.includes("WhatsApp Dukcapil Kota Kupang"), "the chat by its name, not 'this chat'");
    assert.ok(complaints.some((t) => t.startsWith("LAPOR! (SP4N): lapor.go.id")));
    assert.ok(byTitle.get("Pelindungan data pribadi")![0]!.includes("https://dukcapil.example/privasi"));
  });

  test("the regulation's signatory follows the office's region", () => {
    assert.equal(regionHead("Dinas Kependudukan dan Pencatatan Sipil Kota Kupang"), "WALI KOTA KUPANG");
    assert.equal(regionHead("Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kupang"), "BUPATI KUPANG");
    assert.equal(regionHead("Dinas Dukcapil"), undefined);
  });
});
