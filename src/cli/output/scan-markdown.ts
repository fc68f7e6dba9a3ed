import type { ScanReport } from "../../core/app/scan.js";
import { activeFindings, countsBySeverity } from "../../core/findings/finding-counts.js";
import type { Finding } from "../../core/findings/types.js";
import { plural } from "./plural.js";
import { fixText } from "./scan-report.js";

const ICON: Record<string, string> = { critical: "🟥", high: "🟧", medium: "🟨", low: "🟦", unknown: "⬜" };

/** Markdown ready to paste into a pull request or post as a CI comment. */
export function renderScanMarkdown(report: ScanReport): string {
  const active = activeFindings(report.findings);
  const counts = countsBySeverity(active);
  const lines: string[] = [];
  const unknownFailing = report.failing.filter((f) => f.severity.level === "unknown").length;
  const status =
    report.verdict === "not-checked"
      ? `⚠️ not checked: ${cell(report.notChecked ?? "")}`
      : report.failing.length > 0
        ? `❌ ${report.failing.length} at or above **${report.failOn}**${unknownFailing > 0 ? ` (${unknownFailing} of unknown severity)` : ""}`
        : report.verdict === "incomplete"
          ? "⚠️ incomplete: some lockfiles could not be read"
          : `✅ nothing at or above the threshold${report.unknownSeverity === "ignore" && counts.unknown > 0 ? " (unknown severity not counted)" : ""}`;
  lines.push(`### Lockkeeper: ${active.length} known vulnerabilit${active.length === 1 ? "y" : "ies"}`);
  lines.push("");
  lines.push(
    `${status} · critical ${counts.critical} · high ${counts.high} · medium ${counts.medium} · low ${counts.low} · unknown ${counts.unknown} · ${plural(report.checked, "package version")} checked`,
  );
  lines.push("");
  if (active.length > 0) {
    lines.push("| Severity | Package | Installed | Scope | Vulnerability | Fix |");
    lines.push("|---|---|---|---|---|---|");
    for (const f of active) {
      lines.push(
        `| ${ICON[f.severity.level]} ${f.severity.level}${f.severity.score === undefined ? "" : ` ${f.severity.score.toFixed(1)}`} | \`${cell(f.package.displayName)}\` | ${cell(f.package.version)} | ${f.package.scope}${f.package.direct ? "" : " (transitive)"} | ${idLink(f)} | ${cell(fixText(f))} |`,
      );
    }
    lines.push("");
    lines.push("<details><summary>Details</summary>");
    lines.push("");
    for (const f of active) {
      lines.push(
        `- **${f.id}** in \`${cell(f.package.displayName)}@${cell(f.package.version)}\` (${cell(f.lockfile)})${f.summary ? `: ${cell(f.summary)}` : ""}`,
      );
      if (f.aliases.length > 0) lines.push(`  - aliases: ${f.aliases.join(", ")}`);
      lines.push(
        `  - severity from ${f.severity.source}${f.severity.vector ? `: \`${f.severity.vector}\`` : ""}${f.severity.recordId && !f.recordIds.includes(f.severity.recordId) ? ` of ${f.severity.recordId} (an alias)` : ""}`,
      );
      if (f.path.length > 1) lines.push(`  - path: ${f.path.map((p) => `\`${cell(p)}\``).join(" → ")}`);
    }
    lines.push("");
    lines.push("</details>");
    lines.push("");
  }
  const ignored = report.findings.filter((f) => f.ignored);
  if (ignored.length > 0) {
    lines.push(`<details><summary>${ignored.length} ignored</summary>`, "");
    for (const f of ignored)
      lines.push(
        `- ${f.id} in \`${cell(f.package.displayName)}@${cell(f.package.version)}\`: ${cell(f.ignored?.reason ?? "")}${f.ignored?.expires ? ` (until ${f.ignored.expires})` : ""}`,
      );
    lines.push("", "</details>", "");
  }
  const notes = [
    ...report.ignores.expired.map((r) => `ignore for ${r.id} expired on ${r.expires}`),
    ...report.ignores.unused.map((r) => `ignore for ${r.id} matches nothing`),
    ...(report.skipped.length > 0
      ? [`${plural(report.skipped.length, "package")} not checked (no exact registry version)`]
      : []),
    ...report.inventory.snapshots
      .filter((s) => s.coverage.unreadable)
      .map((s) => `${s.lockfile.path} could not be read: ${s.coverage.unreadable?.reason}`),
    ...report.inventory.snapshots
      .filter((s) => s.coverage.skipped.length > 0)
      .map(
        (s) =>
          `${s.lockfile.path}: ${plural(s.coverage.skipped.length, "entry", "entries")} could not be read`,
      ),
    ...report.warnings,
  ];
  for (const note of notes) lines.push(`> ⚠️ ${cell(note)}`);
  return `${lines.join("\n").trimEnd()}\n`;
}

function idLink(finding: Finding): string {
  return `[${finding.id}](https://osv.dev/vulnerability/${encodeURIComponent(finding.recordIds[0] ?? finding.id)})`;
}

/** Keeps table cells intact: pipes and line breaks would end the cell or row. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
