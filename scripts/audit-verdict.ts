/**
 * What `npm audit --omit=dev --json` said, as a verdict for CI: fail on high or critical advisories in the
 * production dependencies; say clearly, and pass unless required, when the registry could not be asked
 * (this project's build machines reach a registry mirror that answers the advisory endpoint with 405).
 */
export type AuditVerdict =
  | { kind: "clean"; counts: Record<string, number> }
  | { kind: "vulnerable"; findings: string[] }
  | { kind: "unavailable"; reason: string };

type Advisory = { severity?: string; via?: Array<string | { title?: string; url?: string }> };
type AuditJson = {
  vulnerabilities?: Record<string, Advisory>;
  metadata?: { vulnerabilities?: Record<string, number> };
  message?: string;
  statusCode?: number;
  error?: { summary?: string; code?: string } | string;
};

const SERIOUS = new Set(["high", "critical"]);

export const auditVerdict = (stdout: string): AuditVerdict => {
  let report: AuditJson;
  try {
    report = JSON.parse(stdout) as AuditJson;
  } catch {
    return {
      kind: "unavailable",
      reason: `npm audit printed no JSON: ${stdout.slice(0, 200) || "(nothing)"}`,
    };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts || !report.vulnerabilities) {
    const error =
      typeof report.error === "string" ? report.error : report.error?.summary || report.error?.code;
    return { kind: "unavailable", reason: report.message || error || "the audit endpoint gave no report" };
  }
  const findings = Object.entries(report.vulnerabilities)
    .filter(([, advisory]) => SERIOUS.has(advisory.severity ?? ""))
    .map(([name, advisory]) => {
      const titles = (advisory.via ?? []).map((v) => (typeof v === "string" ? `via ${v}` : (v.title ?? "")));
      return `${name} (${advisory.severity}): ${titles.filter(Boolean).join("; ")}`;
    });
  return findings.length > 0 ? { kind: "vulnerable", findings } : { kind: "clean", counts };
};
