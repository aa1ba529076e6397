import assert from "node:assert/strict";
import { test } from "node:test";
import { safeError } from "./log-safe.ts";

test("logged errors carry no SQL parameters, phone numbers or NIKs", () => {
  const error = Object.assign(
    new Error("Failed query: insert into contacts values ($1, $2)\nparams: 6281234567890,Maria Goreti"),
    { code: "23505" },
  );
  const logged = safeError(error);
  assert.equal(logged.message, "Failed query: insert into contacts values ($1, $2)");
  assert.equal(logged.code, "23505");
  const nik = safeError(new Error("bad NIK 5371014101900042 from 081234567890"));
  assert.doesNotMatch(JSON.stringify(nik), /5371014101900042|081234567890/);
  assert.match(nik.message, /5371••••••••••42/);
});
