import type { Finding, SeverityLevel } from "./types.js";

/** Findings that are not ignored. */
export function activeFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.ignored);
}

export function countsBySeverity(findings: readonly Finding[]): Record<SeverityLevel, number> {
  const counts: Record<SeverityLevel, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const finding of findings) counts[finding.severity.level]++;
  return counts;
}
