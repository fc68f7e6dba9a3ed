import type { OutdatedEntry } from "../../core/updates/outdated.js";
import { type Column, renderTable } from "./table.js";

export const OUTDATED_FORMATS = ["table", "json", "markdown"] as const;

/** What `lk outdated` renders. */
export interface OutdatedView {
  toolVersion: string;
  target: string;
  /** Transitive packages were included (`--all`). */
  all: boolean;
  entries: readonly OutdatedEntry[];
  /** Registry reads that failed for some packages (the rest still shown). */
  warnings: readonly string[];
}

/** `lk outdated` output in one of OUTDATED_FORMATS (table for anything else). */
export function renderOutdated(view: OutdatedView, format: string): string {
  if (format === "json") return renderOutdatedJson(view);
  if (format === "markdown") return renderOutdatedMarkdown(view);
  return renderOutdatedTable(view);
}

function renderOutdatedJson(view: OutdatedView): string {
  const document = {
    tool: { name: "lockkeeper", version: view.toolVersion },
    target: view.target,
    all: view.all,
    summary: summarise(view.entries),
    entries: view.entries,
    warnings: view.warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const COLUMNS: readonly Column<OutdatedEntry>[] = [
  { header: "Package", value: (e) => e.displayName },
  { header: "Installed", value: (e) => e.installed ?? "-" },
  { header: "Range", value: (e) => e.range ?? "-" },
  { header: "Wanted", value: (e) => e.wanted ?? "-" },
  { header: "Latest", value: (e) => e.latest ?? "-" },
  { header: "Jump", value: (e) => e.jump ?? "" },
  { header: "Latest age", value: (e) => ageText(e.latestAgeDays), align: "right" },
  { header: "Kind", value: (e) => e.kind },
  { header: "Where", value: (e) => where(e) },
  { header: "Note", value: (e) => note(e) },
];

function renderOutdatedTable(view: OutdatedView): string {
  if (view.entries.length === 0) return `Everything is up to date (${view.target}).\n`;
  const summary = summarise(view.entries);
  return `${renderTable(COLUMNS, view.entries)}\n${summaryLine(summary)}\n`;
}

function renderOutdatedMarkdown(view: OutdatedView): string {
  const lines = ["### Lockkeeper: outdated dependencies", ""];
  if (view.entries.length === 0) return `${lines.join("\n")}\nEverything is up to date.\n`;
  lines.push(summaryLine(summarise(view.entries)), "");
  lines.push(`| ${COLUMNS.map((c) => c.header).join(" | ")} |`, `|${COLUMNS.map(() => "---").join("|")}|`);
  for (const entry of view.entries) {
    lines.push(`| ${COLUMNS.map((c) => cell(c.value(entry))).join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}

interface Summary {
  outdated: number;
  major: number;
  minor: number;
  patch: number;
  deprecated: number;
  yanked: number;
  unresolved: number;
}

function summarise(entries: readonly OutdatedEntry[]): Summary {
  const summary: Summary = {
    outdated: 0,
    major: 0,
    minor: 0,
    patch: 0,
    deprecated: 0,
    yanked: 0,
    unresolved: 0,
  };
  for (const entry of entries) {
    if (entry.jump) {
      summary.outdated++;
      summary[entry.jump]++;
    }
    if (entry.deprecated) summary.deprecated++;
    if (entry.yanked !== undefined) summary.yanked++;
    if (entry.problem) summary.unresolved++;
  }
  return summary;
}

function summaryLine(summary: Summary): string {
  const parts = [
    `${summary.outdated} outdated (${summary.major} major, ${summary.minor} minor, ${summary.patch} patch)`,
  ];
  if (summary.deprecated > 0) parts.push(`${summary.deprecated} deprecated`);
  if (summary.yanked > 0) parts.push(`${summary.yanked} yanked`);
  if (summary.unresolved > 0) parts.push(`${summary.unresolved} not resolved`);
  return parts.join(", ");
}

function ageText(days: number | undefined): string {
  if (days === undefined) return "";
  if (days < 1) return "today";
  if (days < 60) return `${days} d`;
  if (days < 730) return `${Math.round(days / 30.44)} mo`;
  return `${(days / 365.25).toFixed(1)} y`;
}

function where(entry: OutdatedEntry): string {
  return entry.dependent === "." ? entry.lockfile : `${entry.lockfile} (${entry.dependent})`;
}

function note(entry: OutdatedEntry): string {
  if (entry.problem) return entry.problem;
  if (entry.deprecated) return `deprecated: ${entry.deprecated}`;
  if (entry.yanked !== undefined) return entry.yanked === true ? "yanked" : `yanked: ${entry.yanked}`;
  return "";
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
