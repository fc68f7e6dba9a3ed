import { activeFindings, countsBySeverity } from "../../findings/finding-counts.js";
import { summarise } from "../../inventory/scope-filter.js";
import type { ScanReport } from "../scan.js";
import { withUtcTimestamps } from "./timestamps.js";

/** Version of the scan JSON document (docs/scan-json.md); bumped only for incompatible changes. */
export const SCAN_DOCUMENT_VERSION = 1;

/** The versioned JSON document of a scan, as `lk scan -f json` prints it and the server stores it. */
export function scanDocument(report: ScanReport) {
  const active = activeFindings(report.findings);
  return withUtcTimestamps({
    schemaVersion: SCAN_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: report.toolVersion },
    target: report.target,
    database: report.database,
    failOn: report.failOn,
    unknownSeverity: report.unknownSeverity,
    summary: {
      verdict: report.verdict,
      ...(report.notChecked ? { notChecked: report.notChecked } : {}),
      checked: report.checked,
      findings: active.length,
      bySeverity: countsBySeverity(active),
      ignored: report.findings.length - active.length,
      failing: report.failing.length,
      skipped: report.skipped.length,
      unreadableLockfiles: report.unreadableLockfiles.length,
    },
    findings: report.findings,
    skipped: report.skipped,
    ignores: report.ignores,
    warnings: report.warnings,
    lockfiles: report.inventory.snapshots.map((s) => ({
      ...s.lockfile,
      summary: summarise(s.packages),
      coverage: s.coverage,
    })),
  });
}
