import type { LicenseReportEntry } from "../../licenses/license-report.js";
import type { LicensesReport } from "../licenses.js";

/** Version of the licences JSON document; bumped only for incompatible changes. */
export const LICENSES_DOCUMENT_VERSION = 1;

/** `lk licenses -f json`: every package with licence, source and verdict, then summaries. */
export function licensesDocument(view: LicensesReport) {
  const { report } = view;
  return {
    schemaVersion: LICENSES_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: view.toolVersion },
    target: view.target,
    scope: view.scope,
    lockfiles: view.lockfiles,
    summary: {
      ...(view.notChecked ? { notChecked: view.notChecked } : {}),
      policyConfigured: report.policyConfigured,
      packages: report.packages.length,
      byStatus: report.byStatus,
      bySource: report.bySource,
      violations: report.violations.length,
      reviews: report.reviews.length,
      licenses: report.summary,
    },
    policyProblems: report.policyProblems,
    warnings: view.warnings,
    unreadableLockfiles: view.unreadableLockfiles,
    violations: report.violations.map(brief),
    reviews: report.reviews.map(brief),
    packages: report.packages.map(full),
  };
}

function brief(entry: LicenseReportEntry) {
  return {
    ecosystem: entry.ecosystem,
    name: entry.name,
    version: entry.version ?? null,
    scope: entry.scope,
    lockfile: entry.lockfile,
    license: entry.license.expression ?? null,
    raw: entry.license.raw,
    reasons: entry.verdict.reasons,
  };
}

function full(entry: LicenseReportEntry) {
  return {
    ecosystem: entry.ecosystem,
    name: entry.name,
    displayName: entry.displayName,
    version: entry.version ?? null,
    scope: entry.scope,
    direct: entry.direct,
    lockfile: entry.lockfile,
    license: {
      expression: entry.license.expression ?? null,
      raw: entry.license.raw,
      status: entry.license.status,
      notes: entry.license.notes,
      source: entry.license.source,
    },
    policy: entry.verdict,
  };
}
