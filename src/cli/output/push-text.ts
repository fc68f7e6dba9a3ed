import type { FindingSummary } from "../../server/snapshots/finding-summary.js";
import type { SnapshotReport } from "../../server/snapshots/report.js";
import { PLAIN, paint, severityPaint, type Terminal } from "../terminal.js";
import { plural } from "./plural.js";

/**
 * What `lk push` prints: where the snapshot went, what is new since the branch's previous one, the
 * findings that decide the verdict, and the verdict itself, worded as `lk scan` words it. The full
 * report (every finding) is `--format json`.
 */
export function renderPushText(
  report: SnapshotReport,
  serverUrl: string,
  terminal: Terminal = PLAIN,
): string {
  const { snapshot, counts, verdict } = report;
  const out: string[] = [];
  const where = [snapshot.branch, snapshot.commit?.slice(0, 12)].filter(Boolean).join(" @ ");
  out.push(
    `pushed ${snapshot.project}${where ? ` (${where})` : ""}: snapshot ${snapshot.id}, ${plural(counts.components, "component")} in ${plural(counts.lockfiles, "lockfile")}`,
  );
  out.push(
    `  ${serverUrl.replace(/\/$/, "")}/api/v1/projects/${encodeURIComponent(snapshot.project)}/snapshots/${snapshot.id}`,
  );
  const since = verdict.newSincePrevious;
  if (since.previousSnapshotId) {
    const { added, removed, changed } = since.packages;
    out.push(
      `since the previous snapshot of this branch: ${plural(since.findingsIntroduced.length, "finding")} introduced, ${since.findingsFixed.length} fixed; packages ${added.length} added, ${removed.length} removed, ${changed.length} changed`,
    );
    for (const finding of since.findingsIntroduced) out.push(`  new: ${findingLine(finding, terminal)}`);
  } else {
    out.push("the first snapshot of this branch");
  }
  if (verdict.failing.length > 0) {
    out.push(`at or above ${verdict.failOn}:`);
    for (const finding of verdict.failing) out.push(`  ${findingLine(finding, terminal)}`);
  }
  for (const violation of verdict.licenseViolations) {
    out.push(
      `licence denied: ${violation.name}@${violation.version} (${violation.lockfile}): ${violation.license}`,
    );
  }
  const bySeverity = counts.bySeverity;
  out.push(
    `${plural(counts.findings, "finding")} (critical ${bySeverity.critical}, high ${bySeverity.high}, medium ${bySeverity.medium}, low ${bySeverity.low}, unknown ${bySeverity.unknown}); ${plural(counts.checked, "component")} checked against advisory data of ${snapshot.advisoryDataAt?.slice(0, 10) ?? "unknown date"}`,
  );
  out.push(verdictLine(report, terminal));
  return `${out.join("\n")}\n`;
}

function findingLine(finding: FindingSummary, terminal: Terminal): string {
  const { level, score } = finding.severity;
  const severity = score === undefined ? level : `${level} ${score.toFixed(1)}`;
  const pkg = finding.package;
  const fix = finding.fix
    ? `fix: ${finding.fix.version}`
    : finding.fixedVersions.length > 0
      ? `fixed in ${finding.fixedVersions.join(", ")}`
      : "no fix";
  return `${paint(terminal, severityPaint(level), severity.padEnd(13))} ${finding.id.padEnd(16)}  ${pkg.displayName}@${pkg.version} (${pkg.scope}, ${pkg.direct ? "direct" : "transitive"})  ${fix}`;
}

function verdictLine(report: SnapshotReport, terminal: Terminal): string {
  const { verdict } = report;
  switch (verdict.outcome) {
    case "passed":
      return `verdict: ${paint(terminal, "green", "passed")} (fail-on ${verdict.failOn})`;
    case "failed":
      return `verdict: ${paint(terminal, "red", "FAILED")}: ${plural(verdict.failing.length, "finding")} at or above ${verdict.failOn}${verdict.licenseViolations.length > 0 ? `, ${plural(verdict.licenseViolations.length, "licence violation")}` : ""}`;
    case "not-checked":
      return paint(
        terminal,
        "red",
        `verdict: NOT CHECKED: ${verdict.notChecked ?? "no component could be checked"}`,
      );
    default:
      return `verdict: ${paint(terminal, "yellow", "not passed (incomplete)")}: ${verdict.unreadableLockfiles.map((l) => `${l.path}: ${l.reason}`).join("; ")}`;
  }
}
