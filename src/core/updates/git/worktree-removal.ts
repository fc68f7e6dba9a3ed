import { rmSync } from "node:fs";
import { tryGitSync } from "../../git/git-runner.js";

/** A temporary worktree made for one update, and what undoing it takes. */
export interface UpdateWorktree {
  /** The repository's main working tree, where the clean-up commands run. */
  repoRoot: string;
  /** The temporary directory that holds the worktree; removed whole. */
  tempDir: string;
  worktreeDir: string;
  branch: string;
  /** The commit the branch was (re)created at. */
  base: string;
  /** Where the branch pointed before a `recreate`; undefined when the branch is new. */
  previous: string | undefined;
  /** The environment git runs with. */
  env: NodeJS.ProcessEnv;
}

/**
 * Worktree, temporary directory and administrative files go; the branch goes back to where it
 * was unless a commit was made on it (a branch still at its base is half-made: nothing to keep).
 * Synchronous, so the same steps serve a normal finish, a cancelled run and `process.exit`.
 * Returns what went wrong, if anything.
 */
export function removeWorktree(entry: UpdateWorktree): string | undefined {
  const problems: string[] = [];
  const git = (args: string[]): string | undefined => {
    const result = tryGitSync(entry.repoRoot, args, entry.env);
    if (result.ok) return result.stdout;
    problems.push(`git ${args[0]}: ${result.stderr.trim()}`);
    return undefined;
  };
  // `--force` twice also removes a locked worktree. It fails when `git worktree add` never got as
  // far as registering it; deleting the directory and pruning covers that case too.
  tryGitSync(entry.repoRoot, ["worktree", "remove", "--force", "--force", entry.worktreeDir], entry.env);
  try {
    rmSync(entry.tempDir, { recursive: true, force: true });
  } catch (error: unknown) {
    problems.push(`cannot delete ${entry.tempDir}: ${String(error)}`);
  }
  git(["worktree", "prune"]);
  const ref = `refs/heads/${entry.branch}`;
  const tip = tryGitSync(entry.repoRoot, ["rev-parse", "--verify", "--quiet", ref], entry.env).stdout.trim();
  if (tip === entry.base) {
    // The old value makes both updates conditional: a branch moved meanwhile is left alone.
    if (entry.previous === undefined) git(["update-ref", "-d", ref, entry.base]);
    else if (entry.previous !== entry.base) git(["update-ref", ref, entry.previous, entry.base]);
  }
  return problems.length === 0 ? undefined : problems.join("; ");
}
