import type { LicensesReport } from "../../core/app/licenses.js";
import type {
  LicenseReportEntry,
  LicenseSummaryRow,
  VerdictOutcome,
} from "../../core/licenses/license-report.js";
import { type Paint, PLAIN, paint, type Terminal } from "../terminal.js";
import {
  outcomesText,
  outcomeText,
  packageLabel,
  recordedAs,
  sourcesLine,
  statusLine,
  verdictLine,
} from "./licenses-text.js";
import { plural } from "./plural.js";
import { type Column, renderTable } from "./table.js";

/** Every package with its licence and source, the summary by licence, then review items and violations. */
export function renderLicensesTable(view: LicensesReport, terminal: Terminal = PLAIN): string {
  const { report } = view;
  const many = view.lockfiles.length > 1;
  const columns: Column<LicenseReportEntry>[] = [
    { header: "Package", value: (e) => e.displayName, keep: true },
    { header: "Version", value: (e) => e.version ?? "", keep: true },
    { header: "Scope", value: (e) => e.scope, keep: true },
    { header: "Licence", value: (e) => e.license.expression ?? "unknown" },
    { header: "Recorded as", value: (e) => recordedAs(e) },
    { header: "Source", value: (e) => e.license.source.kind, keep: true },
    {
      header: "Policy",
      value: (e) => outcomeText(e.verdict.outcome),
      style: (e) => outcomePaint(e.verdict.outcome),
      keep: true,
    },
  ];
  if (many) columns.push({ header: "Lockfile", value: (e) => e.lockfile });
  const parts: string[] = [`${statusLine(report)}\n${sourcesLine(report)}\n`];
  if (report.packages.length > 0) parts.push(renderTable(columns, report.packages, terminal));

  const summaryColumns: Column<LicenseSummaryRow>[] = [
    { header: "Licence", value: (r) => r.license },
    { header: "Packages", value: (r) => String(r.packages), align: "right" },
    { header: "Policy", value: (r) => outcomesText(r.outcomes) },
  ];
  if (report.summary.length > 0)
    parts.push(`By licence:\n${renderTable(summaryColumns, report.summary, terminal)}`);

  if (report.policyProblems.length > 0)
    parts.push(`Policy warnings:\n${report.policyProblems.map((p) => `  ${p}`).join("\n")}\n`);
  if (report.reviews.length > 0)
    parts.push(
      `To review (${report.reviews.length}, warnings):\n${report.reviews.map((e) => `  ${verdictLine(e, many)}`).join("\n")}\n`,
    );
  if (report.violations.length > 0)
    parts.push(
      `Violations (${report.violations.length}, denied):\n${report.violations.map((e) => `  ${verdictLine(e, many)}`).join("\n")}\n`,
    );
  const names = report.violations.map(packageLabel);
  const listed =
    names.length > 10 ? `${names.slice(0, 10).join(", ")}, … (${names.length - 10} more)` : names.join(", ");
  parts.push(
    names.length > 0
      ? `${paint(terminal, "red", `${plural(names.length, "licence violation")}`)}: ${listed}\n`
      : report.policyConfigured
        ? `${paint(terminal, "green", "No licence violations.")}\n`
        : "No licence policy is configured (licenses.allow / licenses.deny in lockkeeper.yaml): licences are listed, not judged.\n",
  );
  return parts.join("\n");
}

/** Denied red, to review yellow, allowed green; no policy and exempt stay plain. */
function outcomePaint(outcome: VerdictOutcome): Paint | undefined {
  return outcome === "deny"
    ? "red"
    : outcome === "review"
      ? "yellow"
      : outcome === "allow"
        ? "green"
        : undefined;
}
