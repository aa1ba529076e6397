/**
 * `npm run audit:prod` (and CI): npm audit of the production dependencies, failing on high or critical.
 * When the registry cannot answer the audit, says so and passes, unless LONTAR_AUDIT_REQUIRED=1.
 */
import { spawnSync } from "node:child_process";
import { auditVerdict } from "./audit-verdict.ts";

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 });
const verdict = auditVerdict(run.stdout ?? "");
if (verdict.kind === "clean") {
  console.log(
    `npm audit: no high or critical advisories in production dependencies (${JSON.stringify(verdict.counts)})`,
  );
} else if (verdict.kind === "vulnerable") {
  console.error(
    `npm audit: high or critical advisories in production dependencies:\n  ${verdict.findings.join("\n  ")}`,
  );
  process.exit(1);
} else {
  const required = process.env.LONTAR_AUDIT_REQUIRED === "1";
  console.error(
    `npm audit could not run: ${verdict.reason}. The registry this machine reaches does not answer the audit; ` +
      `run \`npm run audit:prod\` where registry.npmjs.org is reachable${required ? "" : " (LONTAR_AUDIT_REQUIRED=1 makes this an error)"}.`,
  );
  if (required) process.exit(1);
}
