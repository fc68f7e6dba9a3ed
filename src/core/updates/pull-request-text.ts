import type { Finding } from "../findings/types.js";
import type { PackageChange } from "../history/dependency-changes.js";
import { type ChangeSummary, packageChanges } from "./change-summary.js";
import { renderExcerptMarkdown } from "./changelog/changelog-excerpt.js";
import type { PlannedUpdate, UpdateProposal } from "./plan-updates.js";
import type { ReleaseNotes } from "./release-notes.js";

/** The test command's result on an update branch. */
export interface TestResult {
  command: string;
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The end of the install and test output. */
  logTail: string;
}

/** Everything a pull-request description says about one proposal. */
export interface ProposalReport {
  proposal: UpdateProposal;
  summary: ChangeSummary;
  notes: Map<string, ReleaseNotes>;
  test?: TestResult;
  /** What the tool had to do besides the proposed moves (other pins that moved). */
  warnings?: readonly string[];
  now: Date;
  toolVersion: string;
}

const DAY_MS = 86_400_000;
const FOLD_AFTER = 15;

/** A conventional-commit subject: `fix(deps)` when production code gets the change, `chore(deps)` otherwise. */
export function commitSubject(proposal: UpdateProposal): string {
  const type = proposal.updates.some((update) => update.kind !== "dev") ? "fix" : "chore";
  if (proposal.group) {
    const count = proposal.updates.length;
    return `${type}(deps): update ${proposal.group} group (${count} package${count === 1 ? "" : "s"})`;
  }
  const update = proposal.updates[0] as PlannedUpdate;
  return `${type}(deps): update ${update.displayName} to ${update.to}`;
}

/** Subject, one line per update, the advisories fixed and a trailer tools can find. */
export function commitMessage(proposal: UpdateProposal): string {
  const lines = [commitSubject(proposal), ""];
  for (const update of proposal.updates) {
    lines.push(`- ${update.displayName} ${update.from} → ${update.to} (${update.jump}, ${update.kind})`);
  }
  const fixes = [...new Set(proposal.updates.flatMap((update) => update.fixes))];
  if (fixes.length > 0) lines.push("", `Fixes: ${fixes.join(", ")}`);
  lines.push("", `Lockkeeper-Update: ${proposal.updates.map((u) => `${u.name}@${u.to}`).join(" ")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The pull-request description: what changes and how big the jump is, the tests, vulnerabilities
 * fixed and introduced, licence changes, the packages that come and go with it, then the release
 * notes between the versions with breaking changes called out.
 */
export function pullRequestDescription(report: ProposalReport): string {
  const { proposal, summary } = report;
  const lines: string[] = [`## ${commitSubject(proposal)}`, ""];
  lines.push("| Package | Change | Jump | Released | Kind | Licence |", "|---|---|---|---|---|---|");
  for (const update of proposal.updates) {
    lines.push(
      `| \`${cell(update.displayName)}\` | ${cell(update.from)} → **${cell(update.to)}** | ${update.jump}${update.jump === "major" ? " ⚠️" : ""} | ${released(update, report.now)} | ${update.kind} | ${cell(licenceText(update))} |`,
    );
  }
  lines.push("");
  for (const warning of report.warnings ?? []) lines.push(`> ⚠️ ${warning}`, "");
  lines.push(...testSection(report.test));
  lines.push(...vulnerabilitySection(summary));
  lines.push(...licenceSection(proposal.updates));
  lines.push(...transitiveSection(summary, proposal.updates));
  lines.push("### Release notes", "");
  for (const update of proposal.updates) lines.push(...notesSection(update, report.notes.get(update.name)));
  lines.push("---", `Proposed by Lockkeeper ${report.toolVersion} (\`lk update\`).`, "");
  return lines.join("\n");
}

function testSection(test: TestResult | undefined): string[] {
  if (!test) return ["### Tests", "", "No test command is configured (`updates.test` or `--test`).", ""];
  const took = `${Math.round(test.durationMs / 1000)} s`;
  const verdict = test.passed
    ? `✅ \`${cell(test.command)}\` passed in ${took}.`
    : `❌ \`${cell(test.command)}\` ${test.timedOut ? "timed out" : `failed (exit ${test.exitCode})`} after ${took}. **Do not merge before this is looked at.**`;
  return [
    "### Tests",
    "",
    verdict,
    "",
    "<details><summary>Output (end)</summary>",
    "",
    "```",
    test.logTail.trimEnd().replaceAll("```", "` ` `"),
    "```",
    "",
    "</details>",
    "",
  ];
}

function vulnerabilitySection(summary: ChangeSummary): string[] {
  if (!summary.vulnerabilitiesChecked)
    return ["### Vulnerabilities", "", "Not checked: no advisory database.", ""];
  const lines = ["### Vulnerabilities", ""];
  if (summary.fixed.length + summary.introduced.length === 0)
    return [...lines, "None fixed, none introduced.", ""];
  lines.push("| | Severity | Advisory | Package |", "|---|---|---|---|");
  for (const finding of summary.fixed) lines.push(findingRow("✅ fixed", finding));
  for (const finding of summary.introduced) lines.push(findingRow("❌ introduced", finding));
  return [...lines, ""];
}

function findingRow(label: string, finding: Finding): string {
  const score = finding.severity.score !== undefined ? ` ${finding.severity.score}` : "";
  const summary = finding.summary ? ` — ${cell(finding.summary)}` : "";
  return `| ${label} | ${finding.severity.level}${score} | ${cell(finding.id)}${summary} | \`${cell(finding.package.displayName)}@${cell(finding.package.version)}\` |`;
}

function licenceSection(updates: readonly PlannedUpdate[]): string[] {
  const changed = updates.filter((u) => u.licence.from && u.licence.to && u.licence.from !== u.licence.to);
  if (changed.length === 0) return [];
  return [
    "### Licence changes",
    "",
    ...changed.map(
      (u) => `- \`${cell(u.displayName)}\`: ${cell(u.licence.from ?? "")} → **${cell(u.licence.to ?? "")}**`,
    ),
    "",
  ];
}

function transitiveSection(summary: ChangeSummary, updates: readonly PlannedUpdate[]): string[] {
  const direct = new Set(updates.map((update) => update.name));
  const changes = packageChanges(summary).filter((change) => !direct.has(change.name));
  const lines = ["### Other packages in the lockfile", ""];
  if (changes.length === 0) return [...lines, "No other package changes.", ""];
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  lines.push([...counts].map(([kind, count]) => `${count} ${kind}`).join(", "), "");
  const fold = changes.length > FOLD_AFTER;
  if (fold) lines.push(`<details><summary>${changes.length} changes</summary>`, "");
  lines.push("| Change | Package | From | To |", "|---|---|---|---|");
  for (const change of changes) lines.push(changeRow(change));
  lines.push("");
  if (fold) lines.push("</details>", "");
  return lines;
}

function changeRow(change: PackageChange): string {
  return `| ${change.kind} | \`${cell(change.displayName)}\` | ${cell(change.from?.version ?? "")} | ${cell(change.to?.version ?? "")} |`;
}

function notesSection(update: PlannedUpdate, notes: ReleaseNotes | undefined): string[] {
  const title = `#### ${update.displayName} ${update.from} → ${update.to}`;
  if (!notes || notes.source === "none")
    return [title, "", `_No release notes: ${notes?.reason ?? "not looked up"}._`, ""];
  const where =
    notes.source === "changelog"
      ? `From \`${notes.file}\` in the published package.`
      : `From the GitHub releases of ${notes.repository}.`;
  const breaking = notes.excerpt.releases.some((release) => release.breaking);
  return [
    title,
    "",
    ...(breaking ? ["> [!WARNING]", "> These release notes mention **breaking changes**.", ""] : []),
    where,
    "",
    renderExcerptMarkdown(notes.excerpt).trimEnd(),
    "",
  ];
}

function released(update: PlannedUpdate, now: Date): string {
  if (!update.publishedAt) return "";
  const days = Math.floor((now.getTime() - Date.parse(update.publishedAt)) / DAY_MS);
  const age = days < 1 ? "today" : days < 60 ? `${days} d ago` : `${Math.round(days / 30.44)} mo ago`;
  return `${update.publishedAt.slice(0, 10)} (${age})`;
}

function licenceText(update: PlannedUpdate): string {
  const { from, to } = update.licence;
  if (from && to && from !== to) return `${from} → ${to}`;
  return to ?? from ?? "";
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
