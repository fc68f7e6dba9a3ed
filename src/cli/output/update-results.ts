import { updateDocument } from "../../core/app/documents/update-document.js";
import type { RunUpdatesResult, UpdateResult } from "../../core/updates/run-updates.js";
import { renderJson } from "./json.js";
import { type Column, renderTable } from "./table.js";

const STATUS: Record<UpdateResult["status"], string> = {
  committed: "ready",
  "tests-failed": "TESTS FAILED",
  "no-change": "no change",
  failed: "FAILED",
};

const COLUMNS: readonly Column<UpdateResult>[] = [
  { header: "Branch", value: (r) => r.proposal.branch },
  {
    header: "Updates",
    value: (r) => r.proposal.updates.map((u) => `${u.displayName} ${u.from} → ${u.to}`).join(", "),
  },
  { header: "Jump", value: (r) => [...new Set(r.proposal.updates.map((u) => u.jump))].join("/") },
  { header: "Status", value: (r) => STATUS[r.status] },
  { header: "Tests", value: (r) => (r.test ? (r.test.passed ? "passed" : "failed") : "-") },
  { header: "Pushed", value: (r) => (r.pushed ? "yes" : "no") },
  { header: "Pull request", value: (r) => r.pullRequest?.url ?? "" },
];

/** `lk update`'s summary: one row per branch, why others were held back, and where descriptions are. */
export function renderUpdateResults(
  result: RunUpdatesResult,
  format: string,
  timing: { ownMs: number; toolVersion: string },
): string {
  if (format === "json")
    return renderJson(updateDocument({ ...result, ownMs: timing.ownMs }, timing.toolVersion));
  const lines: string[] = [];
  if (result.results.length === 0) lines.push("No update to propose.");
  else lines.push(renderTable(COLUMNS, result.results).trimEnd());
  for (const r of result.results) {
    if (r.error) lines.push("", `${r.proposal.branch}: ${r.error}`);
    if (r.descriptionFile) lines.push(`${r.proposal.branch}: description in ${r.descriptionFile}`);
  }
  if (result.heldBack.length > 0) {
    lines.push("", "Held back:");
    for (const held of result.heldBack)
      lines.push(`  ${held.name}${held.from ? ` ${held.from}` : ""}: ${held.reason}`);
  }
  lines.push(
    "",
    `Lockkeeper's own time: ${(timing.ownMs / 1000).toFixed(2)} s (package manager and tests: ${(result.externalMs / 1000).toFixed(2)} s)`,
  );
  return `${lines.join("\n")}\n`;
}
