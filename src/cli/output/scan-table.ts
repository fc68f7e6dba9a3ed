import type { ScanReport } from "../../core/app/scan.js";
import { activeFindings, countsBySeverity } from "../../core/findings/finding-counts.js";
import type { Finding } from "../../core/findings/types.js";
import { renderCoverage } from "./coverage.js";
import { fixText, groupByPackage, severityText } from "./scan-report.js";

/** The human format: findings grouped by package, then totals, ignores, skipped packages and coverage. */
export function renderScanTable(report: ScanReport): string {
  const out: string[] = [];
  const active = activeFindings(report.findings);
  for (const group of groupByPackage(active)) {
    const first = group[0] as Finding;
    const pkg = first.package;
    out.push(
      `${pkg.displayName}@${pkg.version}  (${pkg.scope}, ${pkg.direct ? "direct" : "transitive"}, ${first.lockfile})`,
    );
    if (first.path.length > 1) out.push(`  path: ${first.path.join(" > ")}`);
    for (const finding of group) {
      const aliases = finding.aliases.length > 0 ? ` (${finding.aliases.join(", ")})` : "";
      out.push(`  ${severityText(finding).padEnd(13)} ${finding.id}${aliases}`);
      if (finding.summary) out.push(`                ${finding.summary}`);
      const source = finding.severity.vector
        ? `${finding.severity.source} ${finding.severity.vector}`
        : finding.severity.source;
      out.push(`                severity from: ${source}; fix: ${fixText(finding)}`);
    }
    out.push("");
  }
  const counts = countsBySeverity(active);
  const ignored = report.findings.length - active.length;
  out.push(
    `${active.length} finding${active.length === 1 ? "" : "s"} in ${groupByPackage(active).length} package versions ` +
      `(critical ${counts.critical}, high ${counts.high}, medium ${counts.medium}, low ${counts.low}, unknown ${counts.unknown})` +
      `${ignored > 0 ? `; ${ignored} ignored` : ""}; ${report.checked} package versions checked against ${report.database.records} advisories`,
  );
  out.push(
    report.failOn === "none"
      ? "fail-on none: the scan does not fail on findings"
      : `${report.failing.length} at or above --fail-on ${report.failOn}${report.failing.length > 0 ? ": FAILED" : ": passed"}`,
  );
  out.push(...renderNotes(report));
  return `${out.join("\n")}\n${renderCoverage(report.inventory.snapshots)}`;
}

/** Ignores, skipped packages and warnings: shown by the human formats so nothing passes unseen. */
export function renderNotes(report: ScanReport): string[] {
  const out: string[] = [];
  for (const finding of report.findings.filter((f) => f.ignored)) {
    out.push(
      `ignored: ${finding.id} in ${finding.package.displayName}@${finding.package.version}: ${finding.ignored?.reason}${finding.ignored?.expires ? ` (until ${finding.ignored.expires})` : ""}`,
    );
  }
  for (const rule of report.ignores.expired)
    out.push(
      `warning: ignore #${rule.index} for ${rule.id} expired on ${rule.expires}; it no longer applies (${report.ignores.file})`,
    );
  for (const rule of report.ignores.unused)
    out.push(
      `warning: ignore #${rule.index} for ${rule.id}${rule.package ? ` in ${rule.package}` : ""} matches no finding; remove it (${report.ignores.file})`,
    );
  if (report.skipped.length > 0) {
    out.push(`not checked: ${report.skipped.length} package${report.skipped.length === 1 ? "" : "s"}:`);
    for (const s of report.skipped.slice(0, 20)) out.push(`  ${s.package} (${s.lockfile}): ${s.reason}`);
    if (report.skipped.length > 20)
      out.push(`  … and ${report.skipped.length - 20} more (see --format json)`);
  }
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  return out;
}
