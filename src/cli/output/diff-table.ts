import { type DiffReport, summariseChanges } from "../../core/app/diff.js";
import type { Finding } from "../../core/findings/types.js";
import type { PackageChange } from "../../core/history/dependency-changes.js";
import type { LockfileDiff } from "../../core/history/inventory-changes.js";
import { PLAIN, paint, severityPaint, type Terminal } from "../terminal.js";
import { changeScope, changeType, sideVersion } from "./change-text.js";
import { sideText, summaryText } from "./diff-report.js";
import { renderTable } from "./table.js";

/** The diff for a terminal: per lockfile the package changes, then licences, then vulnerabilities. */
export function renderDiffTable(report: DiffReport, terminal: Terminal = PLAIN): string {
  const out: string[] = [
    `Dependency changes from ${sideText(report.base)} to ${sideText(report.head)}: ${summaryText(report.summary)}`,
    "",
  ];
  for (const lockfile of report.lockfiles) {
    if (lockfile.status === "unchanged") continue;
    out.push(`${lockfileTitle(lockfile)}: ${summaryText(summariseChanges([lockfile]))}`);
    if (lockfile.changes.length > 0) {
      out.push(
        indent(
          renderTable(
            [
              { header: "CHANGE", value: (c: PackageChange) => c.kind },
              { header: "PACKAGE", value: (c) => c.displayName },
              { header: "FROM", value: (c) => sideVersion(c.from) },
              { header: "TO", value: (c) => sideVersion(c.to) },
              { header: "SCOPE", value: (c) => changeScope(c) },
              { header: "TYPE", value: (c) => changeType(c) },
            ],
            lockfile.changes,
            terminal.width === undefined ? terminal : { ...terminal, width: terminal.width - 2 },
          ),
        ),
      );
    }
    for (const change of lockfile.licenceChanges) {
      out.push(
        `  licence of ${change.displayName} ${change.fromVersion ?? ""} → ${change.toVersion ?? ""}: ${change.from} → ${change.to}`,
      );
    }
    for (const introduced of lockfile.introducedLicences) {
      out.push(`  new licence ${introduced.licence}: ${introduced.packages.join(", ")}`);
    }
    out.push("");
  }
  out.push(...vulnerabilityLines(report, terminal));
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  return `${out.join("\n").trimEnd()}\n`;
}

export function lockfileTitle(lockfile: LockfileDiff): string {
  const renamed = lockfile.baseLockfile ? ` (was ${lockfile.baseLockfile})` : "";
  const status = lockfile.status === "added" || lockfile.status === "removed" ? ` [${lockfile.status}]` : "";
  return `${lockfile.lockfile}${renamed}${status}`;
}

function vulnerabilityLines(report: DiffReport, terminal: Terminal): string[] {
  const { vulnerabilities } = report;
  if (!vulnerabilities.checked)
    return ["Vulnerabilities: not checked (no advisory database; run 'lk db update')"];
  const lines = [
    `Vulnerabilities: ${vulnerabilities.introduced.length} introduced, ${vulnerabilities.fixed.length} fixed`,
  ];
  for (const finding of vulnerabilities.introduced) lines.push(`  + ${findingText(finding, terminal)}`);
  // Fixed ones are good news: their severity is not painted as an alarm.
  for (const finding of vulnerabilities.fixed) lines.push(`  - ${findingText(finding, PLAIN)}`);
  if (report.failOnNew) {
    lines.push(
      report.failing.length > 0
        ? paint(
            terminal,
            "red",
            `${report.failing.length} introduced at or above --fail-on-new ${report.failOnNew}`,
          )
        : paint(terminal, "green", `nothing introduced at or above --fail-on-new ${report.failOnNew}`),
    );
  }
  return lines;
}

function findingText(finding: Finding, terminal: Terminal): string {
  const severity = paint(
    terminal,
    severityPaint(finding.severity.level),
    `${finding.severity.level.toUpperCase()}${finding.severity.score === undefined ? "" : ` ${finding.severity.score.toFixed(1)}`}`,
  );
  const ignored = finding.ignored ? ` (ignored: ${finding.ignored.reason})` : "";
  return `${severity} ${finding.id} in ${finding.package.displayName}@${finding.package.version} (${finding.package.scope}, ${finding.package.direct ? "direct" : "transitive"}, ${finding.lockfile})${finding.summary ? `: ${finding.summary}` : ""}${ignored}`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
