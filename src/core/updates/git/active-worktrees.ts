import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { gitEnv } from "../../history/git-process.js";

/** A temporary worktree made for one update, and what undoing it takes. */
export interface ActiveWorktree {
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
}

const active = new Set<ActiveWorktree>();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Records a worktree as in use. The first one installs the signal and exit handlers, so an
 * interrupted run still removes its worktrees; they go again when the last one is released.
 */
export function registerWorktree(entry: ActiveWorktree): void {
  active.add(entry);
  if (active.size === 1) {
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on("exit", cleanupActiveWorktrees);
  }
}

/**
 * Removes a registered worktree now (synchronously: the same steps serve a normal finish, a
 * signal and `process.exit`, where nothing asynchronous runs any more). Returns what went wrong,
 * if anything; releasing an entry twice does nothing the second time.
 */
export function releaseWorktree(entry: ActiveWorktree): string | undefined {
  if (!active.delete(entry)) return undefined;
  if (active.size === 0) {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off("exit", cleanupActiveWorktrees);
  }
  return removeWorktree(entry);
}

/** Removes every worktree still in use (what the signal handler does), synchronously. */
export function cleanupActiveWorktrees(): void {
  for (const entry of [...active]) releaseWorktree(entry);
}

/** How many update worktrees are in use in this process. */
export function activeWorktreeCount(): number {
  return active.size;
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupActiveWorktrees();
  // Our listener is gone now. With no other listener, signalling ourselves again gets Node's
  // default behaviour (the process ends by this signal, as the caller of `lk` expects). Other
  // listeners have received this signal already: sending it again would deliver it twice.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/**
 * Worktree, temporary directory and administrative files go; the branch goes back to where it
 * was unless a commit was made on it (a branch still at its base is half-made: nothing to keep).
 */
function removeWorktree(entry: ActiveWorktree): string | undefined {
  const problems: string[] = [];
  const git = (args: string[]): string | undefined => {
    const result = spawnSync("git", args, { cwd: entry.repoRoot, env: gitEnv(), encoding: "utf8" });
    if (result.status === 0) return result.stdout;
    problems.push(`git ${args[0]}: ${(result.stderr || String(result.error ?? "failed")).trim()}`);
    return undefined;
  };
  // `--force` twice also removes a locked worktree. It fails when `git worktree add` never got as
  // far as registering it; deleting the directory and pruning covers that case too.
  spawnSync("git", ["worktree", "remove", "--force", "--force", entry.worktreeDir], {
    cwd: entry.repoRoot,
    env: gitEnv(),
  });
  try {
    rmSync(entry.tempDir, { recursive: true, force: true });
  } catch (error: unknown) {
    problems.push(`cannot delete ${entry.tempDir}: ${String(error)}`);
  }
  git(["worktree", "prune"]);
  const ref = `refs/heads/${entry.branch}`;
  const tip = spawnSync("git", ["rev-parse", "--verify", "--quiet", ref], {
    cwd: entry.repoRoot,
    env: gitEnv(),
    encoding: "utf8",
  }).stdout?.trim();
  if (tip === entry.base) {
    // The old value makes both updates conditional: a branch moved meanwhile is left alone.
    if (entry.previous === undefined) git(["update-ref", "-d", ref, entry.base]);
    else if (entry.previous !== entry.base) git(["update-ref", ref, entry.previous, entry.base]);
  }
  return problems.length === 0 ? undefined : problems.join("; ");
}
