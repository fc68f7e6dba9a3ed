import type { DiffReport } from "../../core/app/diff.js";
import { diffDocument } from "../../core/app/documents/diff-document.js";
import { PLAIN, type Terminal } from "../terminal.js";
import { renderDiffMarkdown } from "./diff-markdown.js";
import { renderDiffTable } from "./diff-table.js";
import { renderJson } from "./json.js";

/** The diff in one of `lk diff`'s formats: table, json or markdown. */
export function renderDiff(report: DiffReport, format: string, terminal: Terminal = PLAIN): string {
  if (format === "json") return renderJson(diffDocument(report));
  if (format === "markdown") return renderDiffMarkdown(report);
  return renderDiffTable(report, terminal);
}
