import { licenseLabel } from "../../core/licenses/license-report.js";
import type { Analysis } from "./analyse.js";
import type { diffComponents } from "./diff.js";
import type { FindingSummary } from "./finding-summary.js";

/** What changed since the previous snapshot of the same branch; stored with the analysis. */
export interface SincePrevious {
  previousSnapshotId: string | null;
  findingsIntroduced: FindingSummary[];
  findingsFixed: FindingSummary[];
  packages: ReturnType<typeof diffComponents>;
}

/** The summary a snapshot row keeps in `analysis`: what list and detail pages show. */
export interface StoredAnalysis {
  counts: {
    lockfiles: number;
    components: number;
    checked: number;
    notChecked: number;
    findings: number;
    bySeverity: Record<string, number>;
    licenseViolations: number;
    licenseReviews: number;
  };
  failOn: Analysis["policy"]["failOn"];
  unknownSeverity: Analysis["policy"]["unknownSeverity"];
  notChecked?: string;
  unreadableLockfiles: Analysis["unreadable"];
  licenseViolations: {
    ecosystem: string;
    name: string;
    version?: string;
    lockfile: string;
    license: string;
    reasons: string[];
  }[];
  newSincePrevious: SincePrevious;
}

/** The summary of a push's analysis its snapshot row keeps (counts, policy, licence violations, news). */
export function storedAnalysis(
  analysis: Analysis,
  components: number,
  sincePrevious: SincePrevious,
): StoredAnalysis {
  const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const finding of analysis.findings)
    bySeverity[finding.severity.level] = (bySeverity[finding.severity.level] ?? 0) + 1;
  return {
    counts: {
      lockfiles: analysis.inventory.snapshots.length,
      components,
      checked: analysis.checked,
      notChecked: analysis.skipped.length,
      findings: analysis.findings.length,
      bySeverity,
      licenseViolations: analysis.licenses.violations.length,
      licenseReviews: analysis.licenses.reviews.length,
    },
    failOn: analysis.policy.failOn,
    unknownSeverity: analysis.policy.unknownSeverity,
    ...(analysis.notChecked !== undefined ? { notChecked: analysis.notChecked } : {}),
    unreadableLockfiles: analysis.unreadable,
    licenseViolations: analysis.licenses.violations.map((entry) => ({
      ecosystem: entry.ecosystem,
      name: entry.name,
      ...(entry.version !== undefined ? { version: entry.version } : {}),
      lockfile: entry.lockfile,
      license: licenseLabel(entry),
      reasons: entry.verdict.reasons,
    })),
    newSincePrevious: sincePrevious,
  };
}
