import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCookies, serializeCookie } from "./cookies.ts";

test("cookies parse with spaces, duplicates and bad escapes", () => {
  assert.deepEqual(parseCookies("a=1; b=x%20y;a=2; c=%E0%A4%A; =z; d"), { a: "1", b: "x y" });
  assert.deepEqual(parseCookies(undefined), {});
});

test("a session cookie is HttpOnly, SameSite and Secure behind TLS", () => {
  assert.equal(
    serializeCookie("s", "t/k", { secure: true, sameSite: "Strict", maxAgeSeconds: 0 }),
    "s=t%2Fk; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0",
  );
  assert.equal(serializeCookie("s", "v", { secure: false }), "s=v; Path=/; HttpOnly; SameSite=Lax");
});
