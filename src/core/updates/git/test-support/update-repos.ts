import { afterAll, afterEach, beforeAll } from "vitest";
import { git, removeDir, scriptedRepo, TEST_GIT } from "../../../history/test-support/git-repos.js";
import { CleanupScope } from "../../../process/cleanup-scope.js";
import type { WorktreeContext } from "../update-branch.js";

export { TEST_GIT };

/** What `withUpdateWorktree` takes in tests: this process's environment and a fresh clean-up scope. */
export function worktreeContext(): WorktreeContext {
  return { env: process.env, cleanup: new CleanupScope() };
}

/**
 * The hooks every git test file here needs: git isolated from the machine's configuration for the
 * file, and the directories a test pushes onto the returned list removed after it.
 */
export function useScratchGitDirs(): string[] {
  let restoreEnv: () => void = () => undefined;
  const dirs: string[] = [];
  beforeAll(() => {
    restoreEnv = isolateGitConfig();
  });
  afterAll(() => restoreEnv());
  afterEach(() => {
    for (const dir of dirs.splice(0)) removeDir(dir);
  });
  return dirs;
}

/**
 * Makes this test process's git ignore the machine's global and system configuration (an identity,
 * signing, hooks), as `git()` of history/test-support does; returns the function that undoes it.
 */
export function isolateGitConfig(): () => void {
  const keys = ["GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "EMAIL"];
  const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  for (const key of keys) delete process.env[key];
  process.env.GIT_CONFIG_GLOBAL = "/dev/null";
  process.env.GIT_CONFIG_NOSYSTEM = "1";
  return () => {
    for (const key of keys) {
      const value = saved[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** A repository on `main` with a package.json and a lockfile in two commits. */
export function repoWithLockfile(): string {
  return scriptedRepo([
    { files: { "package.json": '{"name":"app"}\n', "package-lock.json": "lock v1\n" }, message: "initial" },
    { files: { "package-lock.json": "lock v2\n" }, message: "lock v2" },
  ]);
}

/** Paths of the repository's worktrees (the main one first), as `git worktree list` gives them. */
export function worktreePaths(repo: string): string[] {
  return git(repo, ["worktree", "list", "--porcelain"])
    .split("\n")
    .filter((line) => line.startsWith("worktree "))
    .map((line) => line.slice("worktree ".length));
}

/** Local branch names, sorted. */
export function localBranches(repo: string): string[] {
  return git(repo, ["for-each-ref", "--format=%(refname:short)", "refs/heads"])
    .split("\n")
    .filter(Boolean)
    .sort();
}

/** The commit a revision names. */
export function revParse(repo: string, revision: string): string {
  return git(repo, ["rev-parse", revision]).trim();
}
