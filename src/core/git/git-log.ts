import { type CommitInfo, commitInfo } from "./commit-info.js";

/** The `--format` that parseRawLog reads: a record separator, then fields split by unit separators. */
export const RAW_LOG_FORMAT = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s";

/** One path a commit changed, as `git log --raw -z -M` reports it. */
export interface FileChange {
  /** A (added), D (deleted), M (modified), T (type changed), R (renamed), C (copied). */
  status: string;
  /** Path after the change (for a deletion, the deleted path). Relative to the repository root. */
  path: string;
  /** Path before a rename or copy. */
  oldPath?: string;
  /**
   * Blob id after the change; undefined when the path no longer holds a regular file (deleted,
   * replaced by a symlink or a submodule): none of those is a lockfile a parser could read.
   */
  oid?: string;
}

export interface LoggedCommit {
  info: CommitInfo;
  changes: FileChange[];
}

const REGULAR_FILE_MODES = new Set(["100644", "100755"]);

/**
 * Parses `git log --raw -z --no-abbrev` output written with RAW_LOG_FORMAT: each record is the
 * header, a NUL and a newline, then `:<old mode> <new mode> <old oid> <new oid> <status>` entries,
 * each followed by one path (two for renames and copies), every field ending with a NUL.
 */
export function parseRawLog(output: string): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (const record of output.split("\u001e")) {
    if (record === "") continue;
    const fields = record.split("\u0000");
    const [hash = "", authorName = "", authorEmail = "", authorDate = "", subject = ""] = (
      fields[0] ?? ""
    ).split("\u001f");
    const changes: FileChange[] = [];
    let i = 1;
    while (i < fields.length) {
      const meta = (fields[i] ?? "").replace(/^\n/, "");
      i++;
      if (!meta.startsWith(":")) continue;
      const [, newMode = "", , newOid = "", statusField = ""] = meta.slice(1).split(" ");
      const status = statusField.charAt(0);
      const change: FileChange = { status, path: fields[i] ?? "" };
      i++;
      if (status === "R" || status === "C") {
        change.oldPath = change.path;
        change.path = fields[i] ?? "";
        i++;
      }
      if (status !== "D" && REGULAR_FILE_MODES.has(newMode)) change.oid = newOid;
      changes.push(change);
    }
    commits.push({ info: commitInfo(hash, authorName, authorEmail, authorDate, subject), changes });
  }
  return commits;
}
