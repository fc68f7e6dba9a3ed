import { LockkeeperError } from "../../errors.js";
import { type GitContext, gitOk, runGit } from "../../git/git-runner.js";

/** A commit author or committer. */
export interface GitIdentity {
  name: string;
  email: string;
}

/** The identity used when the repository has none configured (a CI runner, a fresh container). */
export const FALLBACK_IDENTITY: GitIdentity = { name: "Lockkeeper", email: "lockkeeper@localhost" };

export interface CommitOptions {
  /** The commit's author; the committer stays the configured identity (or the fallback). */
  author?: GitIdentity;
  /**
   * Run the repository's pre-commit and commit-msg hooks. Off by default, as Renovate does: hooks
   * (husky, lint-staged) need tools that a fresh worktree has not installed.
   */
  runHooks?: boolean;
}

/** A commit was made (its id), or the tree had no change to commit: the caller skips the update. */
export type CommitResult =
  | { committed: true; sha: string }
  | { committed: false; reason: "nothing to commit" };

/**
 * Stages every change of the working tree at `dir` (additions, edits, deletions) and makes one
 * commit with `message`. Returns `{ committed: false }` rather than failing when nothing changed.
 * Uses `Lockkeeper <lockkeeper@localhost>` only when git has no `user.name`/`user.email` configured.
 */
export async function commitAll(
  dir: string,
  message: string,
  git: GitContext,
  options: CommitOptions = {},
): Promise<CommitResult> {
  if (message.trim() === "") throw new LockkeeperError("USAGE", "a commit message cannot be empty");
  await gitOk(dir, ["add", "--all"], git);
  const staged = await gitOk(dir, ["diff", "--cached", "--name-only", "-z"], git);
  if (staged === "") return { committed: false, reason: "nothing to commit" };
  const fallback = (await hasIdentity(dir, git))
    ? []
    : ["-c", `user.name=${FALLBACK_IDENTITY.name}`, "-c", `user.email=${FALLBACK_IDENTITY.email}`];
  const env = options.author
    ? { ...git.env, GIT_AUTHOR_NAME: options.author.name, GIT_AUTHOR_EMAIL: options.author.email }
    : git.env;
  // The message goes through stdin: no quoting, any length, and `#` lines are kept as written.
  await gitOk(
    dir,
    [...fallback, "commit", "--quiet", ...(options.runHooks ? [] : ["--no-verify"]), "--file", "-"],
    { ...git, env, input: message, what: "git commit" },
  );
  return { committed: true, sha: (await gitOk(dir, ["rev-parse", "HEAD"], git)).trim() };
}

/** Whether git would find both `user.name` and `user.email` (any config level, or `-c` from the environment). */
async function hasIdentity(dir: string, options: GitContext): Promise<boolean> {
  // One git process for both keys: `user.name Jane Doe` lines, none when neither is set.
  const result = await runGit(dir, ["config", "--get-regexp", "^user\\.(name|email)$"], options);
  const set = new Set(
    result.stdout
      .split("\n")
      .filter((line) => /^\S+\s+\S/.test(line))
      .map((line) => line.split(/\s/, 1)[0]),
  );
  return set.has("user.name") && set.has("user.email");
}
