import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { bodyRules, checkTemplate, fieldLabel, type TemplateDraft, withExamples } from "./template-rules.ts";

/** A broadcast the office could send: valid on every rule. */
const valid = (): TemplateDraft => ({
  name: "undangan_rekam_ktp_el",
  language: "id",
  category: "utility",
  header: { type: "text", text: "Perekaman KTP-el di {{1}}", example: "Kelurahan Oebobo" },
  body: "Halo {{1}}, petugas Dukcapil membuka perekaman KTP-el di kantor {{2}} pada tanggal {{3}}. Bawa fotokopi KK dan datang sebelum jam 12 siang.",
  footer: "Dinas Dukcapil Kota Kupang",
  buttons: [
    { type: "quick_reply", text: "Saya akan datang" },
    { type: "quick_reply", text: "Berhenti" },
  ],
  variables: [
    { name: "nama", example: "Maria Ndun" },
    { name: "kelurahan", example: "Kelurahan Oebobo" },
    { name: "tanggal", example: "Sabtu, 14 November 2026" },
  ],
});

const rulesOf = (changes: Partial<TemplateDraft>) =>
  checkTemplate({ ...valid(), ...changes }).map((p) => `${p.field}:${p.rule}`);

const bodyRulesOf = (body: string) => bodyRules(body).problems.map((p) => p.rule);

/** n variables with examples, for bodies under test. */
const vars = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `v${i + 1}`, example: "x" }));

describe("template rules", () => {
  test("a well-formed template has no problems", () => {
    assert.deepEqual(checkTemplate(valid()), []);
    assert.deepEqual(rulesOf({ header: null, footer: null, buttons: [] }), []);
    assert.deepEqual(rulesOf({ header: { type: "document" } }), []);
  });

  test("every problem names its field and speaks Bahasa Indonesia and English", () => {
    const [p] = checkTemplate({
      ...valid(),
      body: "{{1}} dan kata kata kata yang cukup {{2}} banyak {{3}} sekali.",
    });
    assert.equal(p!.field, "body");
    assert.equal(p!.rule, "starts_with_variable");
    assert.match(p!.id, /diawali variabel/);
    assert.match(p!.en, /starts with a variable/);
    assert.equal(fieldLabel("id", "buttons[1].text"), "Tombol 2");
    assert.equal(fieldLabel("en", "variables[0].example"), "Variables {{1}} (example)");
    assert.equal(fieldLabel("id", "header.example"), "Judul (contoh)");
    assert.equal(fieldLabel("en", "body"), "Body");
  });

  test("name: lowercase letters, digits and underscores, 512 at most", () => {
    assert.deepEqual(rulesOf({ name: "Undangan KTP" }), ["name:name_format"]);
    assert.deepEqual(rulesOf({ name: "undangan-ktp" }), ["name:name_format"]);
    assert.deepEqual(rulesOf({ name: "" }), ["name:name_format"]);
    assert.deepEqual(rulesOf({ name: "a".repeat(512) }), []);
    assert.deepEqual(rulesOf({ name: "a".repeat(513) }), ["name:name_format"]);
  });

  test("language: one of Meta's codes; category: utility or marketing", () => {
    for (const ok of ["id", "en", "en_US", "fil", "zh_HK"])
      assert.deepEqual(rulesOf({ language: ok }), [], ok);
    for (const bad of ["", "ID", "indonesia", "en-US"])
      assert.deepEqual(rulesOf({ language: bad }), ["language:language_format"], bad);
    assert.deepEqual(rulesOf({ category: "marketing" }), []);
    assert.deepEqual(rulesOf({ category: "authentication" }), ["category:category_invalid"]);
    assert.deepEqual(rulesOf({ category: "UTILITY" }), ["category:category_invalid"]);
  });

  test("body: not empty, 1024 characters at most (counted as the phone does)", () => {
    assert.deepEqual(bodyRulesOf("   "), ["empty"]);
    assert.deepEqual(bodyRulesOf("a".repeat(1024)), []);
    assert.deepEqual(bodyRulesOf("a".repeat(1025)), ["too_long"]);
    assert.deepEqual(bodyRulesOf("🙂".repeat(1024)), [], "an emoji counts once");
    assert.match(bodyRules("a".repeat(1025)).problems[0]!.en, /1025 characters; 1024 at most/);
  });

  test("body variables: {{1}}…{{n}} without gaps, in order, each once, well formed", () => {
    const long = (middle: string) => `Halo warga, ${middle} untuk kabar yang sangat penting hari ini.`;
    assert.deepEqual(bodyRulesOf(long("nomor {{1}} dan tanggal {{2}} dikirim")), []);
    assert.deepEqual(bodyRulesOf(long("nomor {{1}} dan tanggal {{3}} dikirim")), ["variable_gap"]);
    assert.match(
      bodyRules(long("nomor {{1}} dan tanggal {{3}} dikirim")).problems[0]!.en,
      /without gaps; found \{\{1\}\}, \{\{3\}\}/,
    );
    assert.deepEqual(bodyRulesOf(long("nomor {{2}} dan tanggal {{1}} dikirim")), ["variable_order"]);
    assert.deepEqual(bodyRulesOf(long("nomor {{1}} dan tanggal {{1}} dikirim")), ["variable_repeated"]);
    assert.deepEqual(bodyRulesOf(long("nomor {{nama}} dikirim")), ["malformed_variable"]);
    assert.deepEqual(bodyRulesOf(long("nomor {{1} dikirim")), ["unbalanced"]);
    assert.deepEqual(bodyRulesOf(long("nomor {{ 1 }} dikirim")), ["malformed_variable"]);
  });

  test("body variables: not at the start or end, even behind punctuation or formatting", () => {
    const middle = "warga yang terhormat, permohonan Anda sudah kami terima dengan baik";
    assert.deepEqual(bodyRulesOf(`{{1}}, ${middle}.`), ["starts_with_variable"]);
    assert.deepEqual(bodyRulesOf(`*{{1}}* ${middle}.`), ["starts_with_variable"]);
    assert.deepEqual(bodyRulesOf(`Halo ${middle} {{1}}`), ["ends_with_variable"]);
    assert.deepEqual(bodyRulesOf(`Halo ${middle} {{1}}.`), ["ends_with_variable"]);
    assert.deepEqual(bodyRulesOf(`Halo ${middle} {{1}} ya.`), []);
  });

  test("body variables: none side by side, none alone on a line", () => {
    const tail = "dari Dinas Dukcapil Kota Kupang, terima kasih atas perhatian Anda semua.";
    assert.deepEqual(bodyRulesOf(`Halo {{1}}{{2}} ${tail}`), ["adjacent_variables"]);
    assert.deepEqual(bodyRulesOf(`Halo {{1}} {{2}} ${tail}`), ["adjacent_variables"]);
    assert.deepEqual(bodyRulesOf(`Halo {{1}} dan {{2}} ${tail}`), []);
    assert.deepEqual(bodyRulesOf(`Halo warga,\n*{{1}}*\n${tail}`), ["variable_alone_on_line"]);
    assert.deepEqual(bodyRulesOf(`Halo warga,\nNomor: {{1}}\n${tail}`), []);
  });

  test("body variables: at least 2n + 1 other words for n variables", () => {
    // 2 variables need 5 words: "Halo", "nomor", "siap" are 3.
    const short = bodyRules("Halo {{1}}, nomor {{2}} siap.").problems;
    assert.deepEqual(
      short.map((p) => p.rule),
      ["too_many_variables"],
    );
    assert.match(short[0]!.en, /2 variables need at least 5 other words, found 3/);
    assert.deepEqual(bodyRulesOf("Halo {{1}}, nomor {{2}} sudah siap diambil."), []);
    assert.deepEqual(bodyRulesOf("Halo {{1}}, nomor {{2}} siap diambil."), ["too_many_variables"]);
  });

  test("variables: exactly one example per body variable, usable as a parameter", () => {
    assert.deepEqual(rulesOf({ variables: vars(2) }), ["variables:variables_count"]);
    assert.match(
      checkTemplate({ ...valid(), variables: vars(2) })[0]!.en,
      /uses 3 variables but 2 are described/,
    );
    assert.deepEqual(rulesOf({ variables: vars(4) }), ["variables:variables_count"]);
    const [a, b, c] = valid().variables;
    assert.deepEqual(rulesOf({ variables: [a!, { ...b!, example: " " }, c!] }), [
      "variables[1].example:empty",
    ]);
    assert.deepEqual(rulesOf({ variables: [a!, { ...b!, example: "baris\nbaru" }, c!] }), [
      "variables[1].example:example_format",
    ]);
    assert.deepEqual(rulesOf({ variables: [a!, b!, { ...c!, example: "a\tb" }] }), [
      "variables[2].example:example_format",
    ]);
    assert.deepEqual(rulesOf({ variables: [a!, b!, { ...c!, example: "a     b" }] }), [
      "variables[2].example:example_format",
    ]);
    assert.deepEqual(rulesOf({ variables: [a!, { ...b!, name: "" }, c!] }), ["variables[1].name:empty"]);
    assert.deepEqual(rulesOf({ variables: [a!, { ...b!, name: "nama" }, c!] }), [
      "variables[1].name:name_repeated",
    ]);
  });

  test("header text: 60 characters, one line, no emoji, at most {{1}} with its example", () => {
    const header = (text: string, example?: string) => rulesOf({ header: { type: "text", text, example } });
    assert.deepEqual(header("Undangan perekaman KTP-el"), []);
    assert.deepEqual(header("a".repeat(60)), []);
    assert.deepEqual(header("a".repeat(61)), ["header.text:too_long"]);
    assert.deepEqual(header("Undangan\nperekaman"), ["header.text:header_newline"]);
    assert.deepEqual(header("Undangan 📢"), ["header.text:header_emoji"]);
    assert.deepEqual(header("Undangan {{1}} dan {{2}}", "x"), ["header.text:header_variables"]);
    assert.deepEqual(header("Undangan {{2}}", "x"), ["header.text:header_variables"]);
    assert.deepEqual(header("Undangan {{1}}"), ["header.example:header_example"]);
    assert.deepEqual(header("Undangan {{1}}", "a\nb"), ["header.example:example_format"]);
    assert.deepEqual(header(" "), ["header.text:empty"]);
  });

  test("footer: 60 characters, no variables", () => {
    assert.deepEqual(rulesOf({ footer: "a".repeat(60) }), []);
    assert.deepEqual(rulesOf({ footer: "a".repeat(61) }), ["footer:too_long"]);
    assert.deepEqual(rulesOf({ footer: "Kantor {{1}}" }), ["footer:no_variables"]);
  });

  test("buttons: 10 at most, 2 URL buttons at most, quick replies kept together", () => {
    const quick = (text: string) => ({ type: "quick_reply" as const, text });
    const url = (text: string) => ({ type: "url" as const, text, url: "https://dukcapil.kupangkota.go.id" });
    const tenQuick = Array.from({ length: 10 }, (_, i) => quick(`Pilihan ${i + 1}`));
    assert.deepEqual(rulesOf({ buttons: tenQuick }), []);
    assert.deepEqual(rulesOf({ buttons: [...tenQuick, quick("Pilihan 11")] }), ["buttons:too_many_buttons"]);
    assert.deepEqual(rulesOf({ buttons: [url("Situs"), url("Jadwal")] }), []);
    assert.deepEqual(rulesOf({ buttons: [url("Situs"), url("Jadwal"), url("Lokasi")] }), [
      "buttons:too_many_url_buttons",
    ]);
    assert.deepEqual(rulesOf({ buttons: [quick("Ya"), quick("Tidak"), url("Situs")] }), []);
    assert.deepEqual(rulesOf({ buttons: [url("Situs"), quick("Ya"), quick("Tidak")] }), []);
    assert.deepEqual(rulesOf({ buttons: [quick("Ya"), url("Situs"), quick("Tidak")] }), [
      "buttons:buttons_grouping",
    ]);
  });

  test("button labels: 25 characters, one line, letters or digits, no variables, unique", () => {
    const one = (text: string) => rulesOf({ buttons: [{ type: "quick_reply", text }] });
    assert.deepEqual(one("a".repeat(25)), []);
    assert.deepEqual(one("a".repeat(26)), ["buttons[0].text:too_long"]);
    assert.deepEqual(one(""), ["buttons[0].text:empty"]);
    assert.deepEqual(one("Saya\ndatang"), ["buttons[0].text:button_newline"]);
    assert.deepEqual(one("👍"), ["buttons[0].text:button_symbols"]);
    assert.deepEqual(one("👍 Ya"), []);
    assert.deepEqual(one("Ya {{1}}"), ["buttons[0].text:no_variables"]);
    assert.deepEqual(
      rulesOf({
        buttons: [
          { type: "quick_reply", text: "Ya" },
          { type: "quick_reply", text: "ya " },
        ],
      }),
      ["buttons[1].text:name_repeated"],
    );
  });

  test("URL buttons: https, 2000 characters, one variable at the very end with its example", () => {
    const link = (url: string, example?: string) =>
      rulesOf({ buttons: [{ type: "url", text: "Buka", url, example }] });
    assert.deepEqual(link("https://dukcapil.kupangkota.go.id/jadwal"), []);
    assert.deepEqual(link("http://dukcapil.kupangkota.go.id"), ["buttons[0].url:url_https"]);
    assert.deepEqual(link("dukcapil.kupangkota.go.id"), ["buttons[0].url:url_https"]);
    assert.deepEqual(link(`https://a.id/${"a".repeat(2000)}`), ["buttons[0].url:too_long"]);
    assert.deepEqual(link("https://a.id/lacak/{{1}}", "KPG-2611-00042"), []);
    assert.deepEqual(link("https://a.id/lacak/{{1}}"), ["buttons[0].example:url_example"]);
    assert.deepEqual(link("https://a.id/{{1}}/lacak", "x"), ["buttons[0].url:url_variable"]);
    assert.deepEqual(link("https://a.id/{{1}}/{{2}}", "x"), ["buttons[0].url:url_variable"]);
  });

  test("examples fill the preview; a missing one leaves the placeholder", () => {
    assert.equal(withExamples("Halo {{1}}, nomor {{2}}.", ["Maria"]), "Halo Maria, nomor {{2}}.");
  });
});
