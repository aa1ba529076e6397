import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { CatalogueError, DEFAULT_CATALOGUE_DIR, loadCatalogue } from "./load.ts";
import { resolve } from "./resolve.ts";
import { LIST_ROW_TITLE_MAX } from "./schema.ts";

const temps: string[] = [];
after(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** A copy of the shipped catalogue in a folder also named "catalogue", so messages read the same. */
const copyCatalogue = async (): Promise<string> => {
  const root = await mkdtemp(path.join(tmpdir(), "lontar-cat-"));
  temps.push(root);
  const dir = path.join(root, "catalogue");
  await cp(DEFAULT_CATALOGUE_DIR, dir, { recursive: true });
  return dir;
};

// biome-ignore lint/suspicious/noExplicitAny: tests break arbitrary spots of parsed JSON on purpose.
const edit = async (dir: string, rel: string, change: (json: any) => void) => {
  const file = path.join(dir, rel);
  const json = JSON.parse(await readFile(file, "utf8"));
  change(json);
  await writeFile(file, JSON.stringify(json, null, 2));
};

const problemsOf = async (dir: string): Promise<string[]> => {
  try {
    await loadCatalogue(dir);
  } catch (err) {
    assert.ok(err instanceof CatalogueError, String(err));
    return err.problems;
  }
  assert.fail("the catalogue loaded although it is broken");
};

describe("the shipped Kota Kupang catalogue", async () => {
  const catalogue = await loadCatalogue();

  test("loads with no problems and no warnings, and carries a version and digest", () => {
    assert.deepEqual(catalogue.warnings, []);
    assert.match(catalogue.version, /^\d{4}\.\d{2}-kupang\.\d+$/);
    assert.match(catalogue.digest, /^[0-9a-f]{64}$/);
  });

  test("covers every service and variant the product issue names", () => {
    const have = catalogue.services.flatMap((s) => [s.code, ...s.variants.map((v) => `${s.code}/${v.code}`)]);
    for (const code of [
      "ktp_el/baru",
      "ktp_el/hilang_rusak",
      "ktp_el/perubahan_data",
      "ktp_el/pindah_datang",
      "kk/baru",
      "kk/perubahan",
      "kk/hilang_rusak",
      "kia/usia_0_5",
      "kia/usia_5_17",
      "akta_kelahiran",
      "akta_kematian",
      "akta_perkawinan",
      "surat_pindah",
      "pindah_datang",
      "validasi_nik",
      "legalisir",
      "aktivasi_ikd",
    ]) {
      assert.ok(have.includes(code), `missing ${code}`);
    }
  });

  test("every title fits a WhatsApp list row in both languages", () => {
    for (const s of catalogue.services) {
      for (const t of [s.short_title, ...s.variants.map((v) => v.short_title)]) {
        assert.ok([...t.id].length <= LIST_ROW_TITLE_MAX && [...t.en].length <= LIST_ROW_TITLE_MAX, t.id);
      }
    }
  });

  test("every SLA is sourced; unconfirmed ones ask for the Kupang SK Standar Pelayanan value", () => {
    for (const s of catalogue.services) {
      for (const v of s.variants.length > 0 ? s.variants.map((v) => v.code) : [undefined]) {
        const { sla } = resolve(catalogue, s, v);
        assert.ok(sla, `${s.code}/${v} has no SLA`);
        if (sla.confidence === "unconfirmed") assert.match(sla.note ?? "", /Kupang SK Standar Pelayanan/);
      }
    }
  });

  test("akta kelahiran offers SPTJM F-2.03 with two witnesses instead of a birth letter", () => {
    const s = catalogue.services.find((s) => s.code === "akta_kelahiran")!;
    const group = s.alternatives.find((g) => g.id === "bukti_kelahiran")!;
    const sptjm = group.one_of.find((o) => o.requirements.includes("sptjm_f203"))!;
    assert.equal(sptjm.fields.length, 4);
    assert.ok(group.one_of.some((o) => o.requirements.includes("surat_kelahiran")));
  });

  test("KTP-el recording and IKD activation are in person, never over WhatsApp", () => {
    const ktp = resolve(catalogue, catalogue.services.find((s) => s.code === "ktp_el")!, "baru");
    assert.equal(ktp.online, "partial");
    assert.ok(ktp.inPerson?.where.id && ktp.inPerson.hours.id);
    const ikd = resolve(catalogue, catalogue.services.find((s) => s.code === "aktivasi_ikd")!);
    assert.equal(ikd.online, "none");
    assert.equal(ikd.service.kind, "info_only");
  });
});

describe("a broken catalogue", () => {
  test("names the file and the path, and reports every problem at once", async () => {
    const dir = await copyCatalogue();
    await edit(dir, "services/akta-kelahiran.json", (j) => {
      j.services[0].requirements[2].kind = "scan";
    });
    await edit(dir, "services/kia.json", (j) => {
      j.services[0].variants[0].short_title.id = "KIA untuk anak usia 0 sampai 5 tahun";
    });
    const problems = await problemsOf(dir);
    assert.ok(
      problems.includes(
        "catalogue/services/akta-kelahiran.json: services[0].requirements[2].kind: expected one of photo | pdf | either",
      ),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) =>
        p.startsWith("catalogue/services/kia.json: services[0].variants[0].short_title.id: "),
      ),
    );
    assert.ok(problems.some((p) => /allow 24/.test(p)));
  });

  test("cross-checks alternative groups, field references and service codes", async () => {
    const dir = await copyCatalogue();
    await edit(dir, "services/akta-kelahiran.json", (j) => {
      j.services[0].alternatives[0].one_of[1].requirements = ["sptjm_f230"];
    });
    await edit(dir, "services/kk.json", (j) => {
      j.services[0].fields.push("mother_name");
    });
    await edit(dir, "services/legalisir.json", (j) => {
      j.services[0].code = "kia";
    });
    const problems = await problemsOf(dir);
    const expect = [
      /^catalogue\/services\/akta-kelahiran\.json: services\[0\]\.alternatives\[0\]\.one_of\[1\]\.requirements\[0\]: "sptjm_f230" is not a requirement/,
      /^catalogue\/services\/akta-kelahiran\.json: services\[0\]\.requirements\[1\]\.presence: "sptjm_f203" is an alternative but no/,
      /^catalogue\/services\/kk\.json: services\[0\]\.fields\[5\]: "mother_name" is not in common_fields/,
      /^catalogue\/services\/legalisir\.json: services\[0\]\.code: service code "kia" is already used/,
    ];
    for (const re of expect)
      assert.ok(
        problems.some((p) => re.test(p)),
        `${re}\n${problems.join("\n")}`,
      );
  });

  test("a JSON syntax error gives the line and column; a YAML file is refused by name", async () => {
    const dir = await copyCatalogue();
    await writeFile(
      path.join(dir, "services/kia.json"),
      '{\n  "services": [\n    { "code": "kia", }\n  ]\n}\n',
    );
    await writeFile(path.join(dir, "services/extra.yaml"), "services: []\n");
    const problems = await problemsOf(dir);
    assert.ok(
      problems.some((p) => /^catalogue\/services\/kia\.json: invalid JSON.*line 3/.test(p)),
      problems.join("\n"),
    );
    assert.ok(
      problems.includes("catalogue/services/extra.yaml: only .json files are read; convert it to JSON"),
    );
  });

  test("an unknown key is an error, so a misspelt key is never silently ignored", async () => {
    const dir = await copyCatalogue();
    await edit(dir, "catalogue.json", (j) => {
      j.anti_scam.id_ = j.anti_scam.id;
    });
    const problems = await problemsOf(dir);
    assert.ok(
      problems.some((p) => p.startsWith("catalogue/catalogue.json: anti_scam: ")),
      problems.join("\n"),
    );
  });

  test("a synonym claimed by two services is a warning, not an error", async () => {
    const dir = await copyCatalogue();
    await edit(dir, "services/kia.json", (j) => {
      j.services[0].synonyms.push("akta lahir");
    });
    const catalogue = await loadCatalogue(dir);
    assert.ok(
      catalogue.warnings.some((w) => /"akta lahir" also points to/.test(w)),
      catalogue.warnings.join("\n"),
    );
  });
});
