/** Every response carries safe defaults; pages keep their own stricter policy and are never framed by others. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startDeskLontar } from "../../modules/desk/testing.ts";
import type { RunningLontar } from "../../testing/lontar.ts";
import { describeEachDatabase } from "../db/testing.ts";

describeEachDatabase("security headers", (database) => {
  let lontar: RunningLontar;
  before(async () => {
    lontar = await startDeskLontar(database());
  });
  after(() => lontar.stop());

  const headersOf = async (path: string) =>
    (await fetch(`${lontar.baseUrl}${path}`, { redirect: "manual" })).headers;

  test("API answers allow nothing and are never sniffed", async () => {
    for (const path of ["/healthz", "/webhooks/whatsapp?hub.mode=subscribe"]) {
      const h = await headersOf(path);
      assert.equal(h.get("x-content-type-options"), "nosniff", path);
      assert.equal(h.get("referrer-policy"), "same-origin", path);
      assert.match(
        h.get("content-security-policy") ?? "",
        /default-src 'none'; frame-ancestors 'none'/,
        path,
      );
    }
  });

  test("desk pages: no inline script allowed, no framing by anyone", async () => {
    const h = await headersOf("/login");
    const csp = h.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(h.get("x-frame-options"), "DENY");
    assert.equal(h.get("cache-control"), "no-store");
  });

  test("static scripts are served with their type and nosniff", async () => {
    const h = await headersOf("/desk/assets/desk.js");
    assert.match(h.get("content-type") ?? "", /javascript/);
    assert.equal(h.get("x-content-type-options"), "nosniff");
  });
});
