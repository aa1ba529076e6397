import assert from "node:assert/strict";
import { test } from "node:test";
import { fillCanned } from "./canned.ts";

test("fillCanned puts the name and the tracking number in every place they are asked for", () => {
  assert.equal(
    fillCanned("Halo {nama}, permohonan {nomor} sudah kami cek. Terima kasih, {NAMA}.", {
      nama: "Maria Ndun",
      nomor: "KPG-A-2611-00042",
    }),
    "Halo Maria Ndun, permohonan KPG-A-2611-00042 sudah kami cek. Terima kasih, Maria Ndun.",
  );
});

test("fillCanned leaves a variable it has no value for, so the operator notices", () => {
  assert.equal(
    fillCanned("Halo {nama}, nomor {nomor}.", { nama: "Yohanes" }),
    "Halo Yohanes, nomor {nomor}.",
  );
  assert.equal(fillCanned("Halo {nama}.", { nama: "   " }), "Halo {nama}.");
});

test("fillCanned does not touch other braces, and inserts values literally", () => {
  assert.equal(fillCanned("{lain} {nama}", { nama: "$& {nomor}" }), "{lain} $& {nomor}");
});
