import type { PackageChange } from "../../core/history/dependency-changes.js";
import type { CommitChanges, HistoryResult } from "../../core/history/history.js";
import { changeScope, changeType, sideVersion } from "./change-text.js";
import { renderCsv } from "./csv.js";
import { plural } from "./plural.js";
import { renderTable } from "./table.js";

/** One change of the audit trail with its commit, as the table and CSV list it. */
interface ChangeRow {
  entry: CommitChanges;
  lockfile: string;
  change: PackageChange;
}

/**
 * Rows newest commit first, like `git log`: an audit starts from the present. Within a commit,
 * lockfiles and packages keep their sorted order.
 */
function rows(entries: readonly CommitChanges[]): ChangeRow[] {
  return [...entries]
    .reverse()
    .flatMap((entry) =>
      entry.lockfiles.flatMap((lockfile) =>
        lockfile.changes.map((change) => ({ entry, lockfile: lockfile.lockfile, change })),
      ),
    );
}

export function renderHistoryTable(result: HistoryResult, entries: readonly CommitChanges[]): string {
  const list = rows(entries);
  const table =
    list.length === 0
      ? "No dependency change.\n"
      : renderTable(
          [
            { header: "DATE", value: (r: ChangeRow) => r.entry.commit.authorDate.slice(0, 10) },
            { header: "COMMIT", value: (r) => r.entry.commit.hash.slice(0, 10) },
            { header: "AUTHOR", value: (r) => r.entry.commit.authorName },
            {
              header: "PR",
              value: (r) =>
                r.entry.commit.pullRequest === undefined ? "" : `#${r.entry.commit.pullRequest}`,
              align: "right",
            },
            { header: "LOCKFILE", value: (r) => r.lockfile },
            { header: "CHANGE", value: (r) => r.change.kind },
            { header: "PACKAGE", value: (r) => r.change.displayName },
            { header: "FROM", value: (r) => sideVersion(r.change.from) },
            { header: "TO", value: (r) => sideVersion(r.change.to) },
            { header: "SCOPE", value: (r) => changeScope(r.change) },
            { header: "TYPE", value: (r) => changeType(r.change) },
          ],
          list,
        );
  return `${table}\n${historySummary(result, entries, list.length)}\n`;
}

/** One line: what was read and what was found. */
export function historySummary(
  result: HistoryResult,
  entries: readonly CommitChanges[],
  changes: number,
): string {
  const unreadable =
    result.errors.length > 0
      ? `; ${plural(result.errors.length, "lockfile version")} could not be read (skipped)`
      : "";
  return `${plural(changes, "change")} in ${plural(entries.length, "commit")}, newest first (${plural(result.stats.commits, "commit")} touching dependency files read, ${plural(result.stats.parses, "lockfile version")} parsed)${unreadable}`;
}

export function renderHistoryCsv(entries: readonly CommitChanges[]): string {
  const header = [
    "date",
    "commit",
    "author",
    "author_email",
    "pull_request",
    "subject",
    "lockfile",
    "change",
    "ecosystem",
    "package",
    "from",
    "to",
    "scope",
    "type",
  ];
  return renderCsv(
    header,
    rows(entries).map(({ entry, lockfile, change }) => [
      entry.commit.authorDate,
      entry.commit.hash,
      entry.commit.authorName,
      entry.commit.authorEmail,
      entry.commit.pullRequest === undefined ? "" : String(entry.commit.pullRequest),
      entry.commit.subject,
      lockfile,
      change.kind,
      change.ecosystem,
      change.name,
      sideVersion(change.from),
      sideVersion(change.to),
      changeScope(change),
      changeType(change),
    ]),
  );
}
