import type { ScanReport } from "../../core/app/scan.js";
import { activeFindings, countsBySeverity } from "../../core/findings/finding-counts.js";
import type { Finding } from "../../core/findings/types.js";
import { PLAIN, paint, severityPaint, type Terminal } from "../terminal.js";
import { renderCoverage } from "./coverage.js";
import { plural } from "./plural.js";
import { fixText, groupByPackage, severitySource, severityText } from "./scan-report.js";

/** The human format: findings grouped by package, then totals, ignores, skipped packages and coverage. */
export function renderScanTable(report: ScanReport, terminal: Terminal = PLAIN): string {
  const out: string[] = [];
  const active = activeFindings(report.findings);
  for (const group of groupByPackage(active)) {
    const first = group[0] as Finding;
    const pkg = first.package;
    out.push(
      `${pkg.displayName}@${pkg.version}  (${pkg.scope}, ${pkg.direct ? "direct" : "transitive"}, ${first.lockfile})`,
    );
    if (first.path.length > 1)
      out.push(wrap(`  path: ${first.path.join(" > ")}`, terminal.width, "        "));
    for (const finding of group) {
      const aliases = finding.aliases.length > 0 ? ` (${finding.aliases.join(", ")})` : "";
      const severity = severityText(finding);
      const padding = " ".repeat(Math.max(0, 13 - severity.length));
      out.push(
        `  ${paint(terminal, severityPaint(finding.severity.level), severity)}${padding} ${finding.id}${aliases}`,
      );
      if (finding.summary) out.push(wrap(`${DETAIL}${finding.summary}`, terminal.width, DETAIL));
      out.push(
        wrap(
          `${DETAIL}severity from: ${severitySource(finding)}; fix: ${fixText(finding)}`,
          terminal.width,
          DETAIL,
        ),
      );
    }
    out.push("");
  }
  const counts = countsBySeverity(active);
  const ignored = report.findings.length - active.length;
  out.push(
    `${plural(active.length, "finding")} in ${plural(groupByPackage(active).length, "package version")} ` +
      `(critical ${counts.critical}, high ${counts.high}, medium ${counts.medium}, low ${counts.low}, unknown ${counts.unknown})` +
      `${ignored > 0 ? `; ${ignored} ignored` : ""}; ${plural(report.checked, "package version")} checked against ${plural(report.database.records, "advisory", "advisories")}`,
  );
  out.push(gateLine(report, terminal));
  if (report.verdict === "incomplete") {
    const unread = report.unreadableLockfiles.length;
    out.push(
      `incomplete: ${unread} of ${plural(report.inventory.snapshots.length, "lockfile")} could not be read (see Coverage); the others were scanned`,
    );
  }
  out.push(...renderNotes(report));
  return `${out.join("\n")}\n${renderCoverage(report.inventory.snapshots)}`;
}

const DETAIL = " ".repeat(16);

/**
 * A long line (an advisory title, a dependency path) broken at spaces to a terminal's width, its
 * continuation lines indented under the first; whole when there is no width (pipes, files).
 */
export function wrap(line: string, width: number | undefined, indent: string): string {
  if (width === undefined || line.length <= width) return line;
  const words = line.trimStart().split(" ");
  const lead = line.slice(0, line.length - line.trimStart().length);
  const lines: string[] = [];
  let current = lead;
  for (const word of words) {
    const start = current === lead || current === indent;
    if (!start && current.length + 1 + word.length > width) {
      lines.push(current);
      current = indent + word;
    } else current += start ? word : ` ${word}`;
  }
  lines.push(current);
  return lines.join("\n");
}

/** The verdict: what counts for the gate (unknown severities included or not), and the outcome. */
export function gateLine(report: ScanReport, terminal: Terminal = PLAIN): string {
  if (report.verdict === "not-checked") return paint(terminal, "red", `NOT CHECKED: ${report.notChecked}`);
  if (report.failOn === "none") return "fail-on none: the scan does not fail on findings";
  const unknownActive = countsBySeverity(activeFindings(report.findings)).unknown;
  const unknownFailing = report.failing.filter((f) => f.severity.level === "unknown").length;
  const rule =
    report.unknownSeverity === "fail"
      ? `${unknownFailing > 0 ? `, ${unknownFailing} of unknown severity` : ""} (unknownSeverity: fail)`
      : ` (unknownSeverity: ignore${unknownActive > 0 ? `; ${unknownActive} of unknown severity not counted` : ""})`;
  const outcome =
    report.failing.length > 0
      ? paint(terminal, "red", "FAILED")
      : report.verdict === "incomplete"
        ? paint(terminal, "yellow", "not passed (incomplete)")
        : paint(terminal, "green", "passed");
  return `${report.failing.length} at or above --fail-on ${report.failOn}${rule}: ${outcome}`;
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
    out.push(`not checked: ${plural(report.skipped.length, "package")}:`);
    for (const s of report.skipped.slice(0, 20)) out.push(`  ${s.package} (${s.lockfile}): ${s.reason}`);
    if (report.skipped.length > 20)
      out.push(`  … and ${report.skipped.length - 20} more (see --format json)`);
  }
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  return out;
}
