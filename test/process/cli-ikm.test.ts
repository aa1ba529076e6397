/** `npm run lontar -- ikm FILE.csv` as an operator runs it: no database, output in Bahasa Indonesia. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A data dir that must stay empty and a bogus DATABASE_URL prove the command never opens a database. */
const lontar = (dataDir: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, LONTAR_DATA_DIR: dataDir, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

test("ikm scores a semicolon CSV from Excel and refuses bad files with exit code 2", {
  timeout: 300_000,
}, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "lontar-cli-ikm-"));
  const dataDir = path.join(dir, "data");
  const good = path.join(dir, "skm-semester-1.csv");
  // 4 respondents; U3 left blank twice; other columns ignored.
  await writeFile(
    good,
    "\uFEFFNo;Nama;U1;U2;U3;U4;U5;U6;U7;U8;U9;Layanan\r\n" +
      '1;"Bria; Yohana";4;3;3;4;3;3;4;3;3;KTP-el\r\n' +
      "2;Anton;3;3;;4;3;4;4;3;2;KK\r\n" +
      "3;Maria;4;4;2;4;4;4;4;3;3;Akta\r\n" +
      "4;Yosef;3;3;;4;3;3;3;3;3;KIA\r\n",
  );
  const ok = lontar(dataDir, "ikm", good);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Responden: 4 \(baris data: 4\)/);
  assert.match(ok.stdout, /U1 {2}Persyaratan +4 +3,50\n/);
  assert.match(ok.stdout, /U3 {2}Waktu Penyelesaian +2 +2,50\n/);
  assert.match(ok.stdout, /U9 {2}Penanganan Pengaduan, Saran dan Masukan +4 +2,75\n/);
  // Σ NRR = 3.5 + 3.25 + 2.5 + 4 + 3.25 + 3.5 + 3.75 + 3 + 2.75 = 29.5 → 3.278 → 81.94.
  assert.match(ok.stdout, /IKM \(skala 1–4\): 3,278\n/);
  assert.match(ok.stdout, /Nilai konversi \(IKM × 25\): 81,94\n/);
  assert.match(ok.stdout, /Mutu pelayanan: B \(Baik\)/);
  assert.deepEqual(await readdir(dir), ["skm-semester-1.csv"], "no database folder was created");

  const bad = path.join(dir, "salah.csv");
  await writeFile(bad, "U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,4,5,4,4,4,4,4,4\n4,4,4,4\n");
  const refused = lontar(dataDir, "ikm", bad);
  assert.equal(refused.code, 2);
  assert.equal(refused.stdout, "");
  assert.match(refused.stderr, /baris 3, kolom U3: nilai 5 tidak sah, harus 1–4/);
  assert.match(refused.stderr, /baris 4: ada 4 kolom, sedangkan baris judul 9 kolom/);

  const missing = lontar(dataDir, "ikm", path.join(dir, "tidak-ada.csv"));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /tidak-ada\.csv tidak dapat dibaca \(ENOENT\)/);

  const incomplete = path.join(dir, "tanpa-u9.csv");
  await writeFile(incomplete, "U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,\n");
  const partial = lontar(dataDir, "ikm", incomplete);
  assert.equal(partial.code, 0);
  assert.match(partial.stdout, /IKM tidak dapat dihitung: belum ada jawaban untuk unsur U9 \(Penanganan/);

  assert.equal(lontar(dataDir, "ikm").code, 64);
});
