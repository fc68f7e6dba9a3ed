import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LockkeeperError } from "../../errors.js";
import { GitRepo } from "../../history/git.js";
import { type ActiveWorktree, registerWorktree, releaseWorktree } from "./active-worktrees.js";
import { gitCommand, gitOk } from "./git-command.js";

export interface UpdateWorktreeOptions {
  /** Revision the branch starts from (branch, tag, commit). */
  base: string;
  /** The branch to create, e.g. `lockkeeper/lodash-4.17.21`. */
  branch: string;
  /** Reset an existing branch to `base` instead of refusing it. */
  recreate?: boolean;
}

/**
 * Creates `branch` at `base` in a temporary `git worktree` (in the OS temp directory), runs `work`
 * there and always removes the worktree afterwards, also on failure, SIGINT, SIGTERM or
 * `process.exit`: the user's checkout (branch, HEAD, index, files) is never touched.
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
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const repo = await GitRepo.open(repoDir);
  const base = await repo.revParse(options.base);
  const { branch } = options;
  await checkBranchName(repo.root, branch);
  const previous = await branchTip(repo.root, branch);
  if (previous !== undefined && !options.recreate) {
    throw new LockkeeperError("GIT", `the branch ${branch} already exists`, {
      hint: "delete it, or let Lockkeeper recreate it from the base",
    });
  }
  const tempDir = await mkdtemp(join(tmpdir(), "lockkeeper-update-"));
  const entry: ActiveWorktree = {
    repoRoot: repo.root,
    tempDir,
    worktreeDir: join(tempDir, "worktree"),
    branch,
    base,
    previous,
  };
  // Registered before `worktree add` starts, so an interruption during the checkout is covered.
  registerWorktree(entry);
  let result: T;
  try {
    await oneWorktreeAddAtATime(() =>
      gitOk(
        repo.root,
        ["worktree", "add", "--quiet", options.recreate ? "-B" : "-b", branch, entry.worktreeDir, base],
        { what: `git worktree add ${branch}` },
      ),
    );
    result = await work(join(entry.worktreeDir, repo.prefix));
  } catch (error: unknown) {
    releaseWorktree(entry);
    throw error;
  }
  const problem = releaseWorktree(entry);
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

let worktreeAdds: Promise<unknown> = Promise.resolve();

/**
 * Concurrent `git worktree add`s in one repository race on git's administrative files (one reads
 * the other's half-written `.git/worktrees/<name>`), so this process runs them one after another.
 */
function oneWorktreeAddAtATime<T>(add: () => Promise<T>): Promise<T> {
  const run = worktreeAdds.then(add, add);
  worktreeAdds = run.catch(() => undefined);
  return run;
}

async function checkBranchName(cwd: string, branch: string): Promise<void> {
  // `check-ref-format` on the full ref: `--branch` would expand `@{-1}` instead of refusing it.
  const valid =
    branch !== "" &&
    !branch.startsWith("-") &&
    branch !== "HEAD" &&
    (await gitCommand(cwd, ["check-ref-format", `refs/heads/${branch}`])).code === 0;
  if (!valid) throw new LockkeeperError("USAGE", `not a valid branch name: ${JSON.stringify(branch)}`);
}

/** The commit a local branch points at, or undefined when there is no such branch. */
async function branchTip(cwd: string, branch: string): Promise<string | undefined> {
  const result = await gitCommand(cwd, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`]);
  return result.code === 0 ? result.stdout.trim() : undefined;
}
