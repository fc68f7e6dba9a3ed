import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LockkeeperError } from "../../errors.js";
import { GitRepo } from "../../git/git-repo.js";
import { type GitContext, gitOk, runGit } from "../../git/git-runner.js";
import type { CleanupScope } from "../../process/cleanup-scope.js";
import { removeWorktree, type UpdateWorktree } from "./worktree-removal.js";

export interface UpdateWorktreeOptions {
  /** Revision the branch starts from (branch, tag, commit). */
  base: string;
  /** The branch to create, e.g. `lockkeeper/lodash-4.17.21`. */
  branch: string;
  /** Reset an existing branch to `base` instead of refusing it. */
  recreate?: boolean;
}

/** What making update worktrees needs from the caller. */
export interface WorktreeContext extends GitContext {
  /**
   * Holds each worktree's removal while it exists, for the process's owner to run when the work
   * cannot unwind (the CLI on a second Ctrl-C or at `process.exit`).
   */
  cleanup: CleanupScope;
}

/**
 * Creates `branch` at `base` in a temporary `git worktree` (in the OS temp directory), runs `work`
 * there and always removes the worktree afterwards, also on failure or cancellation (and, through
 * `context.cleanup`, when the process is ended): the user's checkout (branch, HEAD, index, files)
 * is never touched.
 *
 * `work` receives the directory in the worktree that corresponds to `repoDir` (the worktree's
 * root when `repoDir` is the repository's root). The branch keeps what `work` committed; when
 * nothing was committed (failure or not) it is deleted again, or put back where it was before a
 * `recreate`, so no half-made branch is left behind.
 *
 * Throws NOT_FOUND for a missing directory, GIT outside a repository, for an unknown base or an
 * existing branch (without `recreate`), USAGE for an invalid branch name.
 */
export async function withUpdateWorktree<T>(
  repoDir: string,
  options: UpdateWorktreeOptions,
  context: WorktreeContext,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const git: GitContext = { env: context.env, ...(context.signal ? { signal: context.signal } : {}) };
  const repo = await GitRepo.open(repoDir, git);
  const base = await repo.revParse(options.base);
  const { branch } = options;
  await checkBranchName(repo.root, branch, git);
  const previous = await branchTip(repo.root, branch, git);
  if (previous !== undefined && !options.recreate) {
    throw new LockkeeperError("GIT", `the branch ${branch} already exists`, {
      hint: "delete it, or let Lockkeeper recreate it from the base",
    });
  }
  const tempDir = await mkdtemp(join(tmpdir(), "lockkeeper-update-"));
  const entry: UpdateWorktree = {
    repoRoot: repo.root,
    tempDir,
    worktreeDir: join(tempDir, "worktree"),
    branch,
    base,
    previous,
    env: context.env,
  };
  // Registered before `worktree add` starts, so an interruption during the checkout is covered.
  const unregister = context.cleanup.add(() => removeWorktree(entry));
  const release = (): string | undefined => {
    unregister();
    return removeWorktree(entry);
  };
  let result: T;
  try {
    await oneWorktreeAddAtATime(repo.root, () =>
      gitOk(
        repo.root,
        ["worktree", "add", "--quiet", options.recreate ? "-B" : "-b", branch, entry.worktreeDir, base],
        { ...git, what: `git worktree add ${branch}` },
      ),
    );
    result = await work(join(entry.worktreeDir, repo.prefix));
  } catch (error: unknown) {
    release();
    throw error;
  }
  const problem = release();
  if (problem) {
    throw new LockkeeperError(
      "GIT",
      `could not remove the temporary worktree ${entry.worktreeDir}: ${problem}`,
      {
        hint: "run `git worktree prune` in the repository once the directory is gone",
      },
    );
  }
  return result;
}

/**
 * The last `git worktree add` started in each repository. Keyed by repository because the race is
 * on one repository's administrative files: updates of different repositories (different tenants
 * on a server) never wait for each other. An entry goes when its add has settled.
 */
const worktreeAdds = new Map<string, Promise<unknown>>();

/**
 * Concurrent `git worktree add`s in one repository race on git's administrative files (one reads
 * the other's half-written `.git/worktrees/<name>`), so they run one after another per repository.
 */
function oneWorktreeAddAtATime<T>(repoRoot: string, add: () => Promise<T>): Promise<T> {
  const previous = worktreeAdds.get(repoRoot) ?? Promise.resolve();
  const run = previous.then(add, add);
  const settled = run.catch(() => undefined);
  worktreeAdds.set(repoRoot, settled);
  void settled.then(() => {
    if (worktreeAdds.get(repoRoot) === settled) worktreeAdds.delete(repoRoot);
  });
  return run;
}

async function checkBranchName(cwd: string, branch: string, git: GitContext): Promise<void> {
  // `check-ref-format` on the full ref: `--branch` would expand `@{-1}` instead of refusing it.
  const valid =
    branch !== "" &&
    !branch.startsWith("-") &&
    branch !== "HEAD" &&
    (await runGit(cwd, ["check-ref-format", `refs/heads/${branch}`], git)).code === 0;
  if (!valid) throw new LockkeeperError("USAGE", `not a valid branch name: ${JSON.stringify(branch)}`);
}

/** The commit a local branch points at, or undefined when there is no such branch. */
async function branchTip(cwd: string, branch: string, git: GitContext): Promise<string | undefined> {
  const result = await runGit(cwd, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`], git);
  return result.code === 0 ? result.stdout.trim() : undefined;
}
