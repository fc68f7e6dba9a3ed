import { summariseChanges } from "../../core/app/diff.js";
import type { ChangeSummary } from "../../core/updates/change-summary.js";
import type { VetProblem } from "../../core/updates/vet.js";
import { toolVersion } from "../version.js";
import { renderDiff } from "./diff-formats.js";

/** `✖ release-age  left-pad@1.3.0: published 5 h ago, …`, failures first. */
export function renderProblems(problems: readonly VetProblem[]): string {
  const ordered = [...problems].sort((a, b) => (a.level === b.level ? 0 : a.level === "fail" ? -1 : 1));
  return ordered
    .map(
      (problem) =>
        `  ${problem.level === "fail" ? "✖" : "!"} ${problem.check.padEnd(14)} ${problem.package}: ${problem.message}\n`,
    )
    .join("");
}

/** The lockfile changes as `lk diff` shows them. */
export function renderChange(summary: ChangeSummary, before: string, after: string): string {
  return renderDiff(
    {
      toolVersion: toolVersion(),
      base: { label: before, kind: "working-tree" },
      head: { label: after, kind: "working-tree" },
      lockfiles: summary.lockfiles,
      summary: summariseChanges(summary.lockfiles),
      vulnerabilities: {
        checked: summary.vulnerabilitiesChecked,
        introduced: summary.introduced,
        fixed: summary.fixed,
      },
      failing: [],
      warnings: [],
    },
    "table",
  );
}
