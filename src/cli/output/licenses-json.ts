import type { LicenseReportEntry } from "../../core/licenses/license-report.js";
import { renderCsv } from "./csv.js";
import type { LicensesView } from "./licenses-text.js";

/** Version of the licences JSON document; bumped only for incompatible changes. */
export const LICENSES_JSON_VERSION = 1;

/** The stable JSON form: every package with licence, source and verdict, then summaries. */
export function renderLicensesJson(view: LicensesView): string {
  const { report } = view;
  const document = {
    schemaVersion: LICENSES_JSON_VERSION,
    tool: { name: "lockkeeper", version: view.toolVersion },
    target: view.target,
    scope: view.scope,
    lockfiles: view.lockfiles,
    summary: {
      packages: report.packages.length,
      byStatus: report.byStatus,
      bySource: report.bySource,
      violations: report.violations.length,
      reviews: report.reviews.length,
      licenses: report.summary,
    },
    policyProblems: report.policyProblems,
    violations: report.violations.map(brief),
    reviews: report.reviews.map(brief),
    packages: report.packages.map(full),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
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

const CSV_HEADER = [
  "ecosystem",
  "name",
  "version",
  "scope",
  "direct",
  "lockfile",
  "license",
  "status",
  "raw",
  "source",
  "source_detail",
  "policy",
  "reasons",
];

/** One row per package (and lockfile), for spreadsheets. */
export function renderLicensesCsv(view: LicensesView): string {
  return renderCsv(
    CSV_HEADER,
    view.report.packages.map((e) => [
      e.ecosystem,
      e.displayName,
      e.version ?? "",
      e.scope,
      String(e.direct),
      e.lockfile,
      e.license.expression ?? "unknown",
      e.license.status,
      e.license.raw,
      e.license.source.kind,
      e.license.source.detail ?? "",
      e.verdict.outcome,
      e.verdict.reasons.join("; "),
    ]),
  );
}
