/** Who changed the dependencies, when, and through which pull request: one commit of the audit trail. */
export interface CommitInfo {
  hash: string;
  authorName: string;
  authorEmail: string;
  /** ISO 8601 with the author's offset, as git records it (`2021-03-04T10:11:12+01:00`). */
  authorDate: string;
  /** First line of the message. */
  subject: string;
  /** Pull request number named in the subject (`… (#123)`, `Merge pull request #123 from …`). */
  pullRequest?: number;
}

/**
 * The pull request a commit came from, as GitHub writes it into subjects: squash merges end with
 * `(#123)`, merge commits start with `Merge pull request #123`. The last `(#n)` wins because a
 * squashed revert names the original PR first (`Revert "Bump x (#10)" (#12)`).
 */
export function pullRequestNumber(subject: string): number | undefined {
  const merge = /^Merge pull request #(\d+)\b/.exec(subject);
  if (merge) return Number(merge[1]);
  let last: string | undefined;
  for (const match of subject.matchAll(/\(#(\d+)\)/g)) last = match[1];
  return last === undefined ? undefined : Number(last);
}

/** A commit with the pull request number filled in when its subject names one. */
export function commitInfo(
  hash: string,
  authorName: string,
  authorEmail: string,
  authorDate: string,
  subject: string,
): CommitInfo {
  const info: CommitInfo = { hash, authorName, authorEmail, authorDate, subject };
  const pr = pullRequestNumber(subject);
  if (pr !== undefined) info.pullRequest = pr;
  return info;
}
