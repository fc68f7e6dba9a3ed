import { summarise } from "../../core/inventory/scope-filter.js";
import { activeFindings, countsBySeverity, type ScanReport } from "./scan-report.js";

/** Version of the scan JSON document; bumped only for incompatible changes. */
export const SCAN_JSON_VERSION = 1;

export function renderScanJson(report: ScanReport): string {
  const active = activeFindings(report);
  const document = {
    schemaVersion: SCAN_JSON_VERSION,
    tool: { name: "lockkeeper", version: report.toolVersion },
    target: report.target,
    database: report.database,
    failOn: report.failOn,
    summary: {
      checked: report.checked,
      findings: active.length,
      bySeverity: countsBySeverity(active),
      ignored: report.findings.length - active.length,
      failing: report.failing.length,
      skipped: report.skipped.length,
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
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
