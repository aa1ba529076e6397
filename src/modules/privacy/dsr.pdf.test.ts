/** The data copy's PDF: laid out from the WhatsApp text, in the citizen's language, drawable with standard fonts. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pdfText } from "../receipts/receipt.testing.ts";
import { drawable, renderDataCopyPdf } from "./dsr.pdf.ts";

const COPY = [
  "*Copy of your personal data*",
  "*Contact*",
  "WhatsApp profile name: Maria 🙏",
  "*Applications*",
  "• *KPG-A-2611-00042* Child identity card (KIA) — Submitted",
  "  NIK: 5371••••••••0003",
  "*Complaints*",
  "• *ADU-2611-00007* service — received",
  "  The counter was *closed* at 10 😡",
  "_Identity numbers are partly hidden for your safety._",
].join("\n");

const render = (copy = COPY) =>
  renderDataCopyPdf({
    locale: "en",
    officeName: "Dinas Dukcapil Kota Kupang",
    requestNumber: "PDP-1A2B3C4D",
    madeAt: "Tuesday, 3 November 2026 09:00 WITA",
    copy,
    createdAt: new Date("2026-11-03T01:00:00Z"),
  });

// The standard fonts write WinAnsi: bullet 0x95, em dash 0x97.
const shown = (pdf: Buffer) => pdfText(pdf).map((t) => t.replaceAll("\u0095", "•").replaceAll("\u0097", "—"));

describe("data copy PDF", () => {
  test("every line of the text copy is in the PDF, with WhatsApp marks turned into layout", async () => {
    const pdf = await render();
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    const text = shown(pdf);
    for (const expected of [
      "Dinas Dukcapil Kota Kupang",
      "Copy of your personal data",
      "Request number: PDP-1A2B3C4D · Made on: Tuesday, 3 November 2026 09:00 WITA",
      "Applications",
      "• KPG-A-2611-00042",
      " Child identity card (KIA) — Submitted",
      "NIK: 5371••••••••0003",
      "The counter was *closed* at 10 ",
      "Identity numbers are partly hidden for your safety.",
    ])
      assert.ok(text.includes(expected), `${expected} in ${JSON.stringify(text)}`);
    assert.ok(
      text.some((t) => /UU 27\/2022 Pasal 32/.test(t)),
      "the footer says why it exists",
    );
    assert.ok(!text.some((t) => t.includes("*Applications*")), "headings lose their stars");
  });

  test("the same copy gives the same bytes", async () => {
    assert.ok((await render()).equals(await render()));
  });

  test("characters the standard fonts cannot draw are dropped (emoji) or shown as ?", () => {
    assert.equal(drawable("Maria 🙏 ñé — •"), "Maria  ñé — •");
    assert.equal(drawable("中文\tx"), "??  x");
    assert.equal(drawable("Jose\u0301 👍🏽 🇮🇩"), "José  ", "accents composed; skin tones and flags dropped");
  });
});
