import assert from "node:assert/strict";
import { test } from "node:test";
import { auditVerdict } from "../../scripts/audit-verdict.ts";

test("a report with a high advisory fails, naming the package and the advisory", () => {
  const report = {
    auditReportVersion: 2,
    vulnerabilities: {
      "some-parser": {
        name: "some-parser",
        severity: "high",
        via: [{ title: "Prototype pollution in some-parser", url: "https://github.com/advisories/GHSA-x" }],
      },
      "uses-parser": { name: "uses-parser", severity: "high", via: ["some-parser"] },
      "old-thing": { name: "old-thing", severity: "moderate", via: [{ title: "ReDoS" }] },
    },
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 2, critical: 0, total: 3 } },
  };
  assert.deepEqual(auditVerdict(JSON.stringify(report)), {
    kind: "vulnerable",
    findings: [
      "some-parser (high): Prototype pollution in some-parser",
      "uses-parser (high): via some-parser",
    ],
  });
});

test("moderate and low advisories alone pass", () => {
  const report = {
    auditReportVersion: 2,
    vulnerabilities: { "old-thing": { name: "old-thing", severity: "moderate", via: [{ title: "ReDoS" }] } },
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 0, critical: 0, total: 1 } },
  };
  assert.equal(auditVerdict(JSON.stringify(report)).kind, "clean");
});

test("the registry refusing the audit (as this machine's does, 405) is reported as unavailable, not clean", () => {
  // What npm 11 printed here on 2026-11-28, trimmed.
  const refused = {
    message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    method: "POST",
    statusCode: 405,
    body: "",
    error: { summary: "", detail: "" },
  };
  assert.deepEqual(auditVerdict(JSON.stringify(refused)), {
    kind: "unavailable",
    reason: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
  });
  assert.equal(auditVerdict("").kind, "unavailable");
});
