import { type DiffReport, summariseChanges } from "../../core/app/diff.js";
import type { Finding } from "../../core/findings/types.js";
import { changeScope, changeType, sideVersion } from "./change-text.js";
import { sideText, summaryText } from "./diff-report.js";
import { lockfileTitle } from "./diff-table.js";

/** Lists longer than this fold into <details> so a pull request comment stays readable. */
const FOLD_AFTER = 25;

/** The diff as a pull request comment: summary, vulnerabilities first (what a reviewer acts on), then packages. */
export function renderDiffMarkdown(report: DiffReport): string {
  const lines: string[] = ["### Lockkeeper: dependency changes", ""];
  lines.push(
    `\`${cell(sideText(report.base))}\` → \`${cell(sideText(report.head))}\`: ${summaryText(report.summary)}`,
    "",
  );
  const { vulnerabilities } = report;
  if (!vulnerabilities.checked) {
    lines.push("> ⚠️ vulnerabilities not checked: no advisory database", "");
  } else {
    const status = report.failOnNew
      ? report.failing.length > 0
        ? `❌ ${report.failing.length} at or above **${report.failOnNew}** · `
        : "✅ nothing new at or above the threshold · "
      : "";
    lines.push(
      `${status}${vulnerabilities.introduced.length} vulnerabilit${vulnerabilities.introduced.length === 1 ? "y" : "ies"} introduced, ${vulnerabilities.fixed.length} fixed`,
      "",
    );
    if (vulnerabilities.introduced.length + vulnerabilities.fixed.length > 0) {
      lines.push("| | Severity | Vulnerability | Package | Scope |", "|---|---|---|---|---|");
      for (const f of vulnerabilities.introduced) lines.push(findingRow("introduced", f));
      for (const f of vulnerabilities.fixed) lines.push(findingRow("fixed", f));
      lines.push("");
    }
  }
  for (const lockfile of report.lockfiles) {
    if (lockfile.status === "unchanged") continue;
    lines.push(`#### \`${cell(lockfileTitle(lockfile))}\`: ${summaryText(summariseChanges([lockfile]))}`, "");
    if (lockfile.changes.length > 0) {
      const fold = lockfile.changes.length > FOLD_AFTER;
      if (fold) lines.push(`<details><summary>${lockfile.changes.length} package changes</summary>`, "");
      lines.push("| Change | Package | From | To | Scope | Type |", "|---|---|---|---|---|---|");
      for (const c of lockfile.changes) {
        lines.push(
          `| ${c.kind} | \`${cell(c.displayName)}\` | ${cell(sideVersion(c.from))} | ${cell(sideVersion(c.to))} | ${cell(changeScope(c))} | ${cell(changeType(c))} |`,
        );
      }
      lines.push("");
      if (fold) lines.push("</details>", "");
    }
    const licences = [
      ...lockfile.licenceChanges.map(
        (l) => `- licence of \`${cell(l.displayName)}\` changed: ${cell(l.from)} → **${cell(l.to)}**`,
      ),
      ...lockfile.introducedLicences.map(
        (l) => `- new licence **${cell(l.licence)}**: ${l.packages.map((p) => `\`${cell(p)}\``).join(", ")}`,
      ),
    ];
    if (licences.length > 0) lines.push(...licences, "");
  }
  for (const warning of report.warnings) lines.push(`> ⚠️ ${cell(warning)}`);
  return `${lines.join("\n").trimEnd()}\n`;
}

function findingRow(what: "introduced" | "fixed", f: Finding): string {
  const score = f.severity.score === undefined ? "" : ` ${f.severity.score.toFixed(1)}`;
  const link = `[${f.id}](https://osv.dev/vulnerability/${encodeURIComponent(f.recordIds[0] ?? f.id)})`;
  return `| ${what} | ${f.severity.level}${score} | ${link} | \`${cell(f.package.displayName)}@${cell(f.package.version)}\` | ${f.package.scope}${f.package.direct ? "" : " (transitive)"} |`;
}

/** Keeps table cells intact: pipes and line breaks would end the cell or row. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
