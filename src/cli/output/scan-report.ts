import type { IgnoreRule } from "../../core/findings/ignores.js";
import type { SkippedPackage } from "../../core/findings/scan.js";
import type { Finding, SeverityLevel } from "../../core/findings/types.js";
import type { Inventory } from "../../core/model/types.js";

/** Everything a scan output format renders, assembled once by `lk scan`. */
export interface ScanReport {
  /** The target as given on the command line. */
  target: string;
  /** Path of the target relative to the working directory, to build lockfile paths for SARIF. */
  targetPath: string;
  toolVersion: string;
  inventory: Inventory;
  /** Every finding, ignored ones included (flagged `ignored`); sorted by severity, package, id. */
  findings: Finding[];
  /** Packages not checked, with the reason. */
  skipped: SkippedPackage[];
  checked: number;
  failOn: SeverityLevel | "none";
  /** Findings at or above the threshold and not ignored: what makes the scan exit 1. */
  failing: Finding[];
  database: { location: string; updatedAt: string; ageDays: number; records: number };
  ignores: { file: string; expired: IgnoreRule[]; unused: IgnoreRule[] };
  warnings: string[];
}

export function activeFindings(report: ScanReport): Finding[] {
  return report.findings.filter((f) => !f.ignored);
}

/** Findings grouped by package (lockfile + package id), in report order. */
export function groupByPackage(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.lockfile}\u0000${finding.package.id}`;
    const list = groups.get(key);
    if (list) list.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()];
}

export function severityText(finding: Finding): string {
  const { level, score } = finding.severity;
  return score === undefined ? level : `${level} ${score.toFixed(1)}`;
}

export function fixText(finding: Finding): string {
  const { fix } = finding;
  if (!fix)
    return finding.fixedVersions.length > 0
      ? `no clean version (fixed: ${finding.fixedVersions.join(", ")})`
      : "no fix";
  if (fix.fitsDeclaredRange === false)
    return `${fix.version} (outside ${fix.declaredRanges?.join(" / ")}: upgrade a parent)`;
  return fix.version;
}

export function countsBySeverity(findings: readonly Finding[]): Record<SeverityLevel, number> {
  const counts: Record<SeverityLevel, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const finding of findings) counts[finding.severity.level]++;
  return counts;
}
