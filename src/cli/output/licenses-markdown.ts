import type { LicensesReport } from "../../core/app/licenses.js";
import type { LicenseReportEntry } from "../../core/licenses/license-report.js";
import {
  outcomesText,
  outcomeText,
  recordedAs,
  sourcesLine,
  sourceText,
  statusLine,
} from "./licenses-text.js";

const FOLD_AFTER = 20;

/** Markdown for a pull request or a CI summary: verdict first, details folded. */
export function renderLicensesMarkdown(view: LicensesReport): string {
  const { report } = view;
  const lines: string[] = [];
  const status =
    report.violations.length > 0
      ? `❌ ${report.violations.length} denied`
      : view.notChecked
        ? `⚠️ not checked: ${view.notChecked}`
        : report.policyConfigured
          ? "✅ no licence violations"
          : "ℹ️ no licence policy configured";
  lines.push("### Lockkeeper: licences", "");
  lines.push(`${status} · ${report.reviews.length} to review · ${statusLine(report)}`, "");
  lines.push(`${sourcesLine(report)}.`, "");
  const verdictTable = (title: string, entries: readonly LicenseReportEntry[]): void => {
    if (entries.length === 0) return;
    lines.push(`#### ${title} (${entries.length})`, "");
    // Long lists (hundreds of packages without a licence) stay folded so the verdict stays visible.
    const folded = entries.length > FOLD_AFTER;
    if (folded) lines.push(`<details><summary>${entries.length} packages</summary>`, "");
    lines.push("| Package | Version | Scope | Licence | Why |", "|---|---|---|---|---|");
    for (const e of entries)
      lines.push(
        `| \`${cell(e.displayName)}\` | ${cell(e.version ?? "")} | ${e.scope} | ${licenseCell(e)} | ${cell(e.verdict.reasons.join("; "))} |`,
      );
    lines.push("");
    if (folded) lines.push("</details>", "");
  };
  verdictTable("Denied", report.violations);
  verdictTable("To review", report.reviews);
  if (report.policyProblems.length > 0) {
    lines.push("#### Policy warnings", "", ...report.policyProblems.map((p) => `- ${cell(p)}`), "");
  }
  if (report.summary.length > 0) {
    lines.push("#### By licence", "", "| Licence | Packages | Policy |", "|---|---:|---|");
    for (const row of report.summary)
      lines.push(`| ${cell(row.license)} | ${row.packages} | ${outcomesText(row.outcomes)} |`);
    lines.push("");
  }
  if (report.packages.length > 0) {
    lines.push(`<details><summary>All packages (${report.packages.length})</summary>`, "");
    lines.push("| Package | Version | Scope | Licence | Source | Policy |", "|---|---|---|---|---|---|");
    for (const e of report.packages)
      lines.push(
        `| \`${cell(e.displayName)}\` | ${cell(e.version ?? "")} | ${e.scope} | ${licenseCell(e)} | ${cell(sourceText(e.license.source))} | ${outcomeText(e.verdict.outcome)} |`,
      );
    lines.push("", "</details>", "");
  }
  return `${lines.join("\n")}`;
}

function licenseCell(entry: LicenseReportEntry): string {
  const recorded = recordedAs(entry);
  const shown = entry.license.expression ? `\`${cell(entry.license.expression)}\`` : "unknown";
  return recorded ? `${shown} (recorded as “${cell(recorded)}”)` : shown;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
