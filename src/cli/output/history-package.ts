import type { CommitInfo } from "../../core/git/commit-info.js";
import type { PackageEvent, PackageTrail } from "../../core/history/package-history.js";
import { changeScope, changeType, sideVersion } from "./change-text.js";
import { renderCsv } from "./csv.js";
import { plural } from "./plural.js";
import { renderTable } from "./table.js";

/**
 * A package's story per lockfile, oldest event first (it reads as a story: entered, then every
 * version change, then removed). `events` may be filtered (--since); entry and removal are not.
 */
export function renderPackageTable(
  trails: readonly PackageTrail[],
  events: (trail: PackageTrail) => PackageEvent[],
): string {
  const blocks = trails.map((trail) => {
    const lines = [`${trail.displayName} (${trail.ecosystem}) in ${trail.lockfile}`];
    if (trail.firstEntered)
      lines.push(
        `  first entered: ${sideVersion(trail.firstEntered.to)} on ${commitText(trail.firstEntered.commit)}`,
      );
    if (trail.removed) lines.push(`  removed:       ${commitText(trail.removed.commit)}`);
    else
      lines.push(
        `  now:           ${trail.current.map((side) => `${sideVersion(side)} (${side.scope}, ${side.direct ? "direct" : "transitive"})`).join(", ")}`,
      );
    const list = events(trail);
    lines.push(
      `  ${plural(list.length, "change")}${list.length === trail.events.length ? "" : ` of ${trail.events.length}`}:`,
    );
    const table = renderTable(
      [
        { header: "DATE", value: (e: PackageEvent) => e.commit.authorDate.slice(0, 10) },
        { header: "COMMIT", value: (e) => e.commit.hash.slice(0, 10) },
        { header: "AUTHOR", value: (e) => e.commit.authorName },
        {
          header: "PR",
          value: (e) => (e.commit.pullRequest === undefined ? "" : `#${e.commit.pullRequest}`),
          align: "right",
        },
        { header: "CHANGE", value: (e) => e.kind },
        { header: "FROM", value: (e) => sideVersion(e.from) },
        { header: "TO", value: (e) => sideVersion(e.to) },
        { header: "SCOPE", value: (e) => changeScope(asChange(trail, e)) },
        { header: "TYPE", value: (e) => changeType(asChange(trail, e)) },
        { header: "SUBJECT", value: (e) => e.commit.subject },
      ],
      list,
    );
    lines.push(
      ...table
        .trimEnd()
        .split("\n")
        .map((line) => `  ${line}`),
    );
    return lines.join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}

export function renderPackageCsv(
  trails: readonly PackageTrail[],
  events: (trail: PackageTrail) => PackageEvent[],
): string {
  const header = [
    "lockfile",
    "ecosystem",
    "package",
    "date",
    "commit",
    "author",
    "author_email",
    "pull_request",
    "subject",
    "change",
    "from",
    "to",
    "scope",
    "type",
  ];
  return renderCsv(
    header,
    trails.flatMap((trail) =>
      events(trail).map((e) => [
        trail.lockfile,
        trail.ecosystem,
        trail.name,
        e.commit.authorDate,
        e.commit.hash,
        e.commit.authorName,
        e.commit.authorEmail,
        e.commit.pullRequest === undefined ? "" : String(e.commit.pullRequest),
        e.commit.subject,
        e.kind,
        sideVersion(e.from),
        sideVersion(e.to),
        changeScope(asChange(trail, e)),
        changeType(asChange(trail, e)),
      ]),
    ),
  );
}

function commitText(commit: CommitInfo): string {
  const pr = commit.pullRequest === undefined ? "" : ` (#${commit.pullRequest})`;
  return `${commit.authorDate.slice(0, 10)} by ${commit.authorName} <${commit.authorEmail}> in ${commit.hash.slice(0, 10)}${pr}: ${commit.subject}`;
}

function asChange(trail: PackageTrail, event: PackageEvent) {
  return {
    kind: event.kind,
    ecosystem: trail.ecosystem,
    name: trail.name,
    displayName: trail.displayName,
    ...(event.from ? { from: event.from } : {}),
    ...(event.to ? { to: event.to } : {}),
  };
}
