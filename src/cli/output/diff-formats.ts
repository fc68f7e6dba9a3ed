import { renderDiffMarkdown } from "./diff-markdown.js";
import type { DiffReport } from "./diff-report.js";
import { renderDiffTable } from "./diff-table.js";

/** Version of the diff JSON document; bumped only for incompatible changes. */
export const DIFF_JSON_VERSION = 1;

/** The diff in one of `lk diff`'s formats: table, json or markdown. */
export function renderDiff(report: DiffReport, format: string): string {
  if (format === "json") {
    const { toolVersion, ...rest } = report;
    return `${JSON.stringify({ schemaVersion: DIFF_JSON_VERSION, tool: { name: "lockkeeper", version: toolVersion }, ...rest }, null, 2)}\n`;
  }
  if (format === "markdown") return renderDiffMarkdown(report);
  return renderDiffTable(report);
}
