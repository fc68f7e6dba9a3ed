import { outdatedDocument } from "../../core/app/documents/outdated-document.js";
import type { OutdatedReport } from "../../core/app/outdated.js";
import type { OutdatedEntry } from "../../core/updates/outdated.js";
import { type OutdatedSummary, summariseOutdated } from "../../core/updates/outdated-summary.js";
import { type Paint, PLAIN, paint, type Terminal } from "../terminal.js";
import { renderJson } from "./json.js";
import { type Column, renderTable } from "./table.js";

export const OUTDATED_FORMATS = ["table", "json", "markdown"] as const;

/** `lk outdated` output in one of OUTDATED_FORMATS (table for anything else). */
export function renderOutdated(view: OutdatedReport, format: string, terminal: Terminal = PLAIN): string {
  if (format === "json") return renderJson(outdatedDocument(view));
  if (format === "markdown") return renderOutdatedMarkdown(view);
  return renderOutdatedTable(view, terminal);
}

const COLUMNS: readonly Column<OutdatedEntry>[] = [
  { header: "Package", value: (e) => e.displayName, keep: true },
  { header: "Installed", value: (e) => e.installed ?? "-", keep: true },
  { header: "Range", value: (e) => e.range ?? "-" },
  { header: "Wanted", value: (e) => e.wanted ?? "-", keep: true },
  { header: "Latest", value: (e) => e.latest ?? "-", keep: true },
  { header: "Jump", value: (e) => e.jump ?? "", style: (e) => jumpPaint(e.jump), keep: true },
  { header: "Latest age", value: (e) => ageText(e.latestAgeDays), align: "right" },
  { header: "Kind", value: (e) => e.kind },
  { header: "Where", value: (e) => where(e) },
  {
    header: "Note",
    value: (e) => note(e),
    style: (e) => (e.problem || e.deprecated || e.yanked !== undefined ? "red" : undefined),
  },
];

/** Major updates stand out (they may break), minor ones less, patches hardly. */
function jumpPaint(jump: string | undefined): Paint | undefined {
  return jump === "major" ? "red" : jump === "minor" ? "yellow" : jump === "patch" ? "dim" : undefined;
}

function renderOutdatedTable(view: OutdatedReport, terminal: Terminal): string {
  if (view.entries.length === 0)
    return view.notChecked
      ? `Nothing was compared (${view.target}): ${view.notChecked}.\n`
      : `Everything is up to date (${view.target}).\n`;
  const summary = summariseOutdated(view.entries);
  const gate = view.failOn ? `${gateLine(view, terminal)}\n` : "";
  return `${renderTable(COLUMNS, view.entries, terminal)}\n${summaryLine(summary)}\n${gate}`;
}

function renderOutdatedMarkdown(view: OutdatedReport): string {
  const lines = ["### Lockkeeper: outdated dependencies", ""];
  if (view.entries.length === 0)
    return `${lines.join("\n")}\n${view.notChecked ? `Nothing was compared: ${view.notChecked}.` : "Everything is up to date."}\n`;
  lines.push(summaryLine(summariseOutdated(view.entries)), "");
  lines.push(`| ${COLUMNS.map((c) => c.header).join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
  for (const entry of view.entries) {
    lines.push(`| ${COLUMNS.map((c) => cell(c.value(entry))).join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** The --fail-on verdict: how many updates are that big or bigger, and the outcome. */
function gateLine(view: OutdatedReport, terminal: Terminal): string {
  const outcome = view.notChecked
    ? paint(terminal, "red", "NOT CHECKED")
    : view.failing.length > 0
      ? paint(terminal, "red", "FAILED")
      : paint(terminal, "green", "passed");
  return `${view.failing.length} at or above --fail-on ${view.failOn}: ${outcome}`;
}

function summaryLine(summary: OutdatedSummary): string {
  const parts = [
    `${summary.outdated} outdated (${summary.major} major, ${summary.minor} minor, ${summary.patch} patch)`,
  ];
  if (summary.deprecated > 0) parts.push(`${summary.deprecated} deprecated`);
  if (summary.yanked > 0) parts.push(`${summary.yanked} yanked`);
  if (summary.unresolved > 0) parts.push(`${summary.unresolved} not resolved`);
  if (summary.ahead > 0) parts.push(`${summary.ahead} ahead of latest`);
  return parts.join(", ");
}

/** Always in days, so the column compares at a glance (no mix of days, months and years). */
function ageText(days: number | undefined): string {
  return days === undefined ? "" : `${days} d`;
}

function where(entry: OutdatedEntry): string {
  return entry.dependent === "." ? entry.lockfile : `${entry.lockfile} (${entry.dependent})`;
}

function note(entry: OutdatedEntry): string {
  if (entry.problem) return entry.problem;
  if (entry.deprecated) return `deprecated: ${entry.deprecated}`;
  if (entry.yanked !== undefined) return entry.yanked === true ? "yanked" : `yanked: ${entry.yanked}`;
  if (entry.jump === "ahead")
    return `installed is newer than latest ${entry.latest} (a pre-release, or the latest tag moved back)`;
  return "";
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
