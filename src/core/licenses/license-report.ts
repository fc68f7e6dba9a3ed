import { comparePackages } from "../ecosystems/index.js";
import { compareText } from "../model/package-order.js";
import type { CompiledPolicy, PolicyOutcome, PolicyVerdict } from "./policy.js";
import type { LicensedPackage, LicenseSourceKind, LicenseStatus } from "./types.js";

export type VerdictOutcome = PolicyOutcome | "exempt" | "no-policy";

export interface LicenseReportEntry extends LicensedPackage {
  verdict: PolicyVerdict;
}

/** One licence (an SPDX expression, or `unknown`) and the distinct packages under it. */
export interface LicenseSummaryRow {
  license: string;
  packages: number;
  /** Distinct packages per policy outcome (a package in several lockfiles counts its worst). */
  outcomes: Partial<Record<VerdictOutcome, number>>;
}

export interface LicenseReport {
  /** Sorted by ecosystem, name, version, lockfile. */
  packages: LicenseReportEntry[];
  summary: LicenseSummaryRow[];
  /** Packages the policy denies: `lk licenses` exits 1 when there is one. */
  violations: LicenseReportEntry[];
  /** Packages that need a look: warnings, not failures. */
  reviews: LicenseReportEntry[];
  byStatus: Record<LicenseStatus, number>;
  bySource: Record<LicenseSourceKind, number>;
  /** Policy entries that are not SPDX licences (shown as warnings). */
  policyProblems: string[];
  /** Whether a licence policy is configured; without one, known licences are `no-policy`. */
  policyConfigured: boolean;
}

const OUTCOME_RANK: Record<VerdictOutcome, number> = {
  exempt: 0,
  "no-policy": 1,
  allow: 2,
  review: 3,
  deny: 4,
};

/** Judges every package by the policy and adds the summaries. */
export function buildLicenseReport(
  packages: readonly LicensedPackage[],
  policy: CompiledPolicy,
): LicenseReport {
  const entries: LicenseReportEntry[] = packages
    .map((pkg) => ({ ...pkg, verdict: policy.evaluate(pkg.license, pkg.scope) }))
    .sort(compareEntries);
  const byStatus: Record<LicenseStatus, number> = { valid: 0, corrected: 0, unknown: 0 };
  const bySource: Record<LicenseSourceKind, number> = { lockfile: 0, installed: 0, registry: 0, none: 0 };
  for (const entry of entries) {
    byStatus[entry.license.status]++;
    bySource[entry.license.source.kind]++;
  }
  return {
    packages: entries,
    summary: summarise(entries),
    violations: entries.filter((e) => e.verdict.outcome === "deny"),
    reviews: entries.filter((e) => e.verdict.outcome === "review"),
    byStatus,
    bySource,
    policyProblems: policy.problems,
    policyConfigured: policy.configured,
  };
}

/** The licence a report shows for a package: its expression, or `unknown`. */
export function licenseLabel(pkg: LicensedPackage): string {
  return pkg.license.expression ?? "unknown";
}

function summarise(entries: readonly LicenseReportEntry[]): LicenseSummaryRow[] {
  // Distinct packages per licence, each with its worst outcome over the lockfiles listing it.
  const worst = new Map<string, Map<string, VerdictOutcome>>();
  for (const entry of entries) {
    const label = licenseLabel(entry);
    const packages = worst.get(label) ?? new Map<string, VerdictOutcome>();
    const key = `${entry.ecosystem}:${entry.name}@${entry.version ?? ""}`;
    const previous = packages.get(key);
    if (!previous || OUTCOME_RANK[entry.verdict.outcome] > OUTCOME_RANK[previous])
      packages.set(key, entry.verdict.outcome);
    worst.set(label, packages);
  }
  const rows: LicenseSummaryRow[] = [];
  for (const [license, packages] of worst) {
    const outcomes: Partial<Record<VerdictOutcome, number>> = {};
    for (const outcome of packages.values()) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    rows.push({ license, packages: packages.size, outcomes });
  }
  // Most used first; unknown last so it stands out at the end of the list.
  return rows.sort(
    (a, b) =>
      Number(a.license === "unknown") - Number(b.license === "unknown") ||
      b.packages - a.packages ||
      compareText(a.license, b.license),
  );
}

function compareEntries(a: LicensedPackage, b: LicensedPackage): number {
  return comparePackages(a, b) || compareText(a.lockfile, b.lockfile);
}
