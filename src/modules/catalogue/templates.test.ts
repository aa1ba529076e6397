import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { templatePayload } from "../../platform/whatsapp/template.ts";
import { checkTemplates } from "./checks.ts";
import { loadCatalogue } from "./load.ts";
import { TEMPLATE_BODY_MAX, type Template } from "./schema.ts";

const problemsFor = (body: string, n: number): string[] => {
  const t: Template = {
    name: "t",
    category: "UTILITY",
    language: "id",
    purpose: "test",
    body,
    buttons: [],
    variables: Array.from({ length: n }, (_, i) => ({ name: `v${i + 1}`, example: "x" })),
  };
  const problems: string[] = [];
  checkTemplates("catalogue/templates.json", [t], problems);
  return problems;
};

describe("message templates", async () => {
  const catalogue = await loadCatalogue();

  test("the eight templates (six from the issue, pick-up, the data copy) ship as UTILITY in Indonesian, with an English translation", () => {
    assert.deepEqual(catalogue.templates.map((t) => t.name).sort(), [
      "lontar_pengaduan_update",
      "lontar_perlu_perbaikan",
      "lontar_permohonan_diterima",
      "lontar_permohonan_ditolak",
      "lontar_permohonan_selesai",
      "lontar_salinan_data",
      "lontar_siap_diambil",
      "lontar_undangan_survei",
    ]);
    for (const t of catalogue.templates) {
      assert.equal(t.category, "UTILITY");
      assert.equal(t.language, "id");
      assert.ok(t.translations?.en, `${t.name} has no English`);
      assert.ok([...t.body].length <= TEMPLATE_BODY_MAX);
    }
    for (const name of ["lontar_permohonan_selesai", "lontar_salinan_data"])
      assert.equal(catalogue.templates.find((t) => t.name === name)!.header?.format, "DOCUMENT", name);
  });

  test("variables run from {{1}} in order, and the examples pass the send-time checks", () => {
    for (const t of catalogue.templates) {
      const used = [...t.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
      assert.deepEqual(
        [...new Set(used)].sort((a, b) => a - b),
        t.variables.map((_, i) => i + 1),
        t.name,
      );
      assert.doesNotMatch(t.body.trim(), /^\{\{|\}\}$/, t.name);
      templatePayload({
        name: t.name,
        language: t.language,
        components: [{ type: "body", params: t.variables.map((v) => v.example) }],
      });
    }
  });

  test("the checks catch Meta's rejections", () => {
    assert.deepEqual(problemsFor("Halo {{1}}, nomor {{2}} siap.", 2), []);
    assert.match(problemsFor("{{1}}, permohonan Anda siap.", 1).join(), /starts with a variable/);
    assert.match(problemsFor("Permohonan Anda nomor {{1}}", 1).join(), /ends with a variable/);
    assert.match(
      problemsFor("Halo {{1}}, nomor {{3}} siap.", 2).join(),
      /without gaps; found \{\{1\}\}, \{\{3\}\}/,
    );
    assert.match(problemsFor("Halo {{1}} {{2}} siap.", 2).join(), /side by side/);
    assert.match(problemsFor("Halo {{nama}}, siap.", 0).join(), /malformed variable "\{\{nama\}\}"/);
    assert.match(problemsFor("Halo {{1}}, siap.", 2).join(), /uses 1 variables but 2 are described/);
    assert.match(problemsFor("Halo {{1}, siap.", 0).join(), /unbalanced/);
  });
});
