import assert from "node:assert/strict";
import { test } from "node:test";
import { DomainError } from "../shared/domain-error.ts";
import { allowedComplaintActions, complaintTransition, isFeeReport } from "./complaint-lifecycle.ts";

test("fee reports: money words in any common form, or the pungli category", () => {
  const flagged = [
    "petugas minta bayar 50 ribu",
    "harus dibayar dulu katanya",
    "saya kasih uang ke petugas",
    "uangnya diminta di loket",
    "ada biaya administrasi",
    "ini pungli pak",
    "disuruh kasih amplop",
    "lewat calo lebih cepat",
    "Petugas MINTA DUIT",
    "bayar Rp50.000 untuk KK",
    "katanya uang rokok",
  ];
  for (const text of flagged) assert.ok(isFeeReport("layanan_lambat", text), text);
  assert.ok(isFeeReport("pungli_biaya", "lihat foto"));
  const clean = [
    "antrian lama di ruang tunggu",
    "kartu calon pengantin belum jadi",
    "petugas tidak ramah",
    "nama saya salah ketik",
  ];
  for (const text of clean) assert.ok(!isFeeReport("sikap_petugas", text), text);
});

test("complaint stages follow the LAPOR! order", () => {
  assert.equal(complaintTransition("received", "verify", "operator"), "verified");
  assert.equal(complaintTransition("verified", "answer", "supervisor"), "answered");
  assert.equal(complaintTransition("answered", "confirm", "citizen"), "closed");
  assert.equal(complaintTransition("answered", "reopen", "citizen"), "verified");
  assert.equal(complaintTransition("answered", "auto_close", "system"), "closed");
  assert.equal(complaintTransition("verified", "escalate", "system"), "verified");
  const refused: [
    Parameters<typeof complaintTransition>[0],
    Parameters<typeof complaintTransition>[1],
    Parameters<typeof complaintTransition>[2],
  ][] = [
    ["received", "answer", "operator"],
    ["received", "verify", "citizen"],
    ["answered", "auto_close", "operator"],
    ["closed", "add_info", "citizen"],
    ["closed", "escalate", "supervisor"],
    ["verified", "confirm", "citizen"],
  ];
  for (const [status, action, role] of refused) {
    assert.throws(
      () => complaintTransition(status, action, role),
      (e) => e instanceof DomainError && e.code === "action_not_allowed",
      `${status}/${action}/${role}`,
    );
  }
});

test("the actions the desk offers follow the table: per stage and per role", () => {
  assert.deepEqual(allowedComplaintActions("received", "operator"), ["verify", "escalate"]);
  assert.deepEqual(allowedComplaintActions("verified", "operator"), ["answer", "escalate"]);
  assert.deepEqual(allowedComplaintActions("answered", "operator"), ["escalate"]);
  assert.deepEqual(allowedComplaintActions("closed", "operator"), []);
  assert.deepEqual(allowedComplaintActions("received", "supervisor"), [
    "verify",
    "escalate",
    "assign",
    "refer_elsewhere",
  ]);
  assert.deepEqual(allowedComplaintActions("answered", "citizen"), ["add_info", "confirm", "reopen"]);
  assert.deepEqual(allowedComplaintActions("unknown", "supervisor"), []);
});
