import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { FIXTURES } from "../../../test-support/fixtures.js";

/** A git environment independent of the machine's configuration (no signing, hooks or templates). */
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" };

/** What core's git calls take in tests: this process's environment, no cancellation. */
export const TEST_GIT = { env: process.env };

export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync("git", args, {
    cwd,
    env: { ...GIT_ENV, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
}

/** Clones a bundle of fixtures/git into a fresh temporary directory, on the given branch. */
export function cloneBundle(bundle: string, branch: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lk-history-"));
  git(tmpdir(), ["clone", "--quiet", "--branch", branch, join(FIXTURES, "git", bundle), dir]);
  return dir;
}

export interface ScriptedCommit {
  /** Files to write (text) or delete (null), relative to the repository. */
  files: Record<string, string | null>;
  message: string;
  author?: string;
  email?: string;
  /** ISO date for both author and committer. */
  date?: string;
}

/** A new repository with the given commits, authors and dates (for corrupt lockfiles, renames, reverts). */
export function scriptedRepo(commits: readonly ScriptedCommit[]): string {
  const dir = mkdtempSync(join(tmpdir(), "lk-repo-"));
  git(dir, ["init", "--quiet", "--initial-branch=main"]);
  commits.forEach((commit, i) => {
    for (const [path, content] of Object.entries(commit.files)) {
      const full = join(dir, path);
      if (content === null) {
        rmSync(full);
        continue;
      }
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    git(dir, ["add", "--all"]);
    const date = commit.date ?? new Date(Date.UTC(2024, 0, 1 + i)).toISOString();
    const name = commit.author ?? "Ada Lovelace";
    const email = commit.email ?? "ada@example.org";
    git(dir, ["commit", "--quiet", "--allow-empty", "-m", commit.message], {
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
      GIT_COMMITTER_DATE: date,
    });
  });
  return dir;
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
