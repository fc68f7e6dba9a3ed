import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../../history/test-support/git-repos.js";
import { runProcess } from "../../process/run-process.js";
import { commitAll } from "./commit-all.js";
import {
  localBranches,
  repoWithLockfile,
  revParse,
  TEST_GIT,
  useScratchGitDirs,
  worktreeContext,
  worktreePaths,
} from "./test-support/update-repos.js";
import { withUpdateWorktree } from "./update-branch.js";
import { workingTreeState } from "./working-tree-state.js";

const dirs = useScratchGitDirs();

function repo(): string {
  const dir = repoWithLockfile();
  dirs.push(dir);
  return dir;
}

/** The user's checkout: on a branch of their own, one commit ahead of main, with every kind of uncommitted change. */
function busyCheckout(): string {
  const dir = repo();
  git(dir, ["checkout", "--quiet", "-b", "work"]);
  writeFileSync(join(dir, "notes.txt"), "committed on work\n");
  git(dir, ["add", "notes.txt"]);
  git(dir, ["-c", "user.name=U", "-c", "user.email=u@x", "commit", "--quiet", "-m", "work"]);
  writeFileSync(join(dir, "package.json"), '{"name":"app","edited":true}\n');
  writeFileSync(join(dir, "staged.txt"), "staged\n");
  git(dir, ["add", "staged.txt"]);
  writeFileSync(join(dir, "untracked.txt"), "untracked\n");
  return dir;
}

function fileContents(dir: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

const BRANCH = "lockkeeper/left-pad-1.3.0";

describe("withUpdateWorktree", () => {
  it("commits on a new branch in a temporary worktree and leaves the user's checkout as it was", async () => {
    const dir = busyCheckout();
    const files = ["package.json", "package-lock.json", "notes.txt", "staged.txt", "untracked.txt"];
    const before = await workingTreeState(dir, TEST_GIT);
    const contentsBefore = fileContents(dir, files);
    expect(before.dirty).toEqual([" M package.json", "A  staged.txt", "?? untracked.txt"]);

    const seen = await withUpdateWorktree(
      dir,
      { base: "main", branch: BRANCH },
      worktreeContext(),
      async (worktree) => {
        const inWorktree = {
          branch: (await workingTreeState(worktree, TEST_GIT)).branch,
          packageJson: readFileSync(join(worktree, "package.json"), "utf8"),
          hasNotes: existsSync(join(worktree, "notes.txt")),
        };
        writeFileSync(join(worktree, "package-lock.json"), "lock v3\n");
        const commit = await commitAll(
          worktree,
          "chore(deps): update left-pad to 1.3.0\n\nFrom 1.1.0.\n",
          TEST_GIT,
        );
        return { worktree, inWorktree, commit };
      },
    );

    // The work ran on the base's files, on the new branch, outside the repository.
    expect(seen.inWorktree).toEqual({ branch: BRANCH, packageJson: '{"name":"app"}\n', hasNotes: false });
    expect(realpathSync(dirname(dirname(seen.worktree))).startsWith(realpathSync(tmpdir()))).toBe(true);
    expect(seen.worktree.startsWith(dir)).toBe(false);
    // Worktree and its temporary directory are gone.
    expect(existsSync(dirname(seen.worktree))).toBe(false);
    expect(worktreePaths(dir)).toEqual([realpathSync(dir)]);
    // One commit on top of main with only the lockfile change.
    expect(seen.commit).toEqual({ committed: true, sha: revParse(dir, BRANCH) });
    expect(revParse(dir, `${BRANCH}^`)).toBe(revParse(dir, "main"));
    expect(git(dir, ["log", "-1", "--format=%B", BRANCH])).toBe(
      "chore(deps): update left-pad to 1.3.0\n\nFrom 1.1.0.\n\n",
    );
    expect(git(dir, ["show", "--name-status", "--format=", BRANCH])).toBe("M\tpackage-lock.json\n");
    // The user's branch, HEAD, index and files are untouched.
    expect(await workingTreeState(dir, TEST_GIT)).toEqual(before);
    expect(fileContents(dir, files)).toEqual(contentsBefore);
  });

  it("passes the matching subdirectory when opened below the repository's root", async () => {
    const dir = repo();
    mkdirSync(join(dir, "packages", "web"), { recursive: true });
    writeFileSync(join(dir, "packages", "web", "package-lock.json"), "web lock\n");
    git(dir, ["add", "--all"]);
    git(dir, ["-c", "user.name=U", "-c", "user.email=u@x", "commit", "--quiet", "-m", "web"]);
    const lock = await withUpdateWorktree(
      join(dir, "packages", "web"),
      { base: "HEAD", branch: BRANCH },
      worktreeContext(),
      async (sub) => readFileSync(join(sub, "package-lock.json"), "utf8"),
    );
    expect(lock).toBe("web lock\n");
  });

  it("removes the worktree and the new branch when work fails, and passes the error on", async () => {
    const dir = repo();
    const before = await workingTreeState(dir, TEST_GIT);
    let worktree = "";
    await expect(
      withUpdateWorktree(dir, { base: "main", branch: BRANCH }, worktreeContext(), async (path) => {
        worktree = path;
        writeFileSync(join(path, "package-lock.json"), "half written");
        throw new Error("npm install failed");
      }),
    ).rejects.toThrow("npm install failed");
    expect(existsSync(dirname(worktree))).toBe(false);
    expect(worktreePaths(dir)).toEqual([realpathSync(dir)]);
    expect(localBranches(dir)).toEqual(["main"]);
    expect(await workingTreeState(dir, TEST_GIT)).toEqual(before);
  });

  it("deletes the branch again when work commits nothing", async () => {
    const dir = repo();
    const result = await withUpdateWorktree(
      dir,
      { base: "main", branch: BRANCH },
      worktreeContext(),
      (path) => commitAll(path, "chore(deps): nothing", TEST_GIT),
    );
    expect(result).toEqual({ committed: false, reason: "nothing to commit" });
    expect(localBranches(dir)).toEqual(["main"]);
  });

  it("refuses an existing branch without running work", async () => {
    const dir = repo();
    git(dir, ["branch", BRANCH, "main~1"]);
    let ran = false;
    await expect(
      withUpdateWorktree(dir, { base: "main", branch: BRANCH }, worktreeContext(), async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ code: "GIT", message: `the branch ${BRANCH} already exists` });
    expect(ran).toBe(false);
    expect(revParse(dir, BRANCH)).toBe(revParse(dir, "main~1"));
    expect(worktreePaths(dir)).toHaveLength(1);
  });

  it("recreates an existing branch from the base, replacing its commit", async () => {
    const dir = repo();
    git(dir, ["branch", BRANCH, "main~1"]);
    const old = revParse(dir, BRANCH);
    const commit = await withUpdateWorktree(
      dir,
      { base: "main", branch: BRANCH, recreate: true },
      worktreeContext(),
      async (path) => {
        expect(readFileSync(join(path, "package-lock.json"), "utf8")).toBe("lock v2\n");
        writeFileSync(join(path, "package-lock.json"), "lock v3\n");
        return commitAll(path, "chore(deps): again", TEST_GIT);
      },
    );
    expect(commit).toEqual({ committed: true, sha: revParse(dir, BRANCH) });
    expect(revParse(dir, `${BRANCH}^`)).toBe(revParse(dir, "main"));
    expect(revParse(dir, BRANCH)).not.toBe(old);
  });

  it("puts a recreated branch back where it was when work fails before committing", async () => {
    const dir = repo();
    git(dir, ["branch", BRANCH, "main~1"]);
    const old = revParse(dir, BRANCH);
    await expect(
      withUpdateWorktree(
        dir,
        { base: "main", branch: BRANCH, recreate: true },
        worktreeContext(),
        async () => {
          throw new Error("tests failed");
        },
      ),
    ).rejects.toThrow("tests failed");
    expect(revParse(dir, BRANCH)).toBe(old);
  });

  it("will not recreate the branch the user has checked out", async () => {
    const dir = busyCheckout();
    const before = await workingTreeState(dir, TEST_GIT);
    await expect(
      withUpdateWorktree(
        dir,
        { base: "main", branch: "work", recreate: true },
        worktreeContext(),
        async () => undefined,
      ),
    ).rejects.toMatchObject({ code: "GIT", message: expect.stringContaining("already checked out") });
    expect(await workingTreeState(dir, TEST_GIT)).toEqual(before);
    expect(worktreePaths(dir)).toHaveLength(1);
  });

  it.each([
    {
      name: "a directory outside any repository",
      dir: () => mkdtempSync(join(tmpdir(), "lk-plain-")),
      code: "GIT",
      message: /^not a git repository/,
    },
    {
      name: "a missing directory",
      dir: () => join(tmpdir(), "lk-no-such-dir"),
      code: "NOT_FOUND",
      message: /^no such directory/,
    },
    {
      name: "an unknown base",
      dir: repo,
      base: "no-such-branch",
      code: "GIT",
      message: /^unknown revision no-such-branch$/,
    },
    {
      name: "a base that looks like an option",
      dir: repo,
      base: "--all",
      code: "GIT",
      message: /^unknown revision --all$/,
    },
    {
      name: "an invalid branch name",
      dir: repo,
      branch: "bad..name",
      code: "USAGE",
      message: /^not a valid branch name: "bad..name"$/,
    },
    {
      name: "a branch that looks like an option",
      dir: repo,
      branch: "-f",
      code: "USAGE",
      message: /^not a valid branch name/,
    },
    {
      name: "a branch-name shorthand",
      dir: repo,
      branch: "@{-1}",
      code: "USAGE",
      message: /^not a valid branch name/,
    },
  ])("refuses $name", async ({ dir, base, branch, code, message }) => {
    const path = dir();
    dirs.push(path);
    let ran = false;
    const error = await withUpdateWorktree(
      path,
      { base: base ?? "main", branch: branch ?? BRANCH },
      worktreeContext(),
      async () => {
        ran = true;
      },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "LockkeeperError", code, message: expect.stringMatching(message) });
    expect(ran).toBe(false);
  });
});

describe("interruption clean-up", () => {
  it("holds each worktree's removal in the clean-up scope while it exists, and takes it back after", async () => {
    const dir = repo();
    const context = worktreeContext();
    const listeners = (): number[] => [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    const idle = listeners();
    const during: number[] = [];
    let release = (): void => undefined;
    const bothStarted = new Promise<void>((resolve) => {
      let started = 0;
      release = () => {
        started++;
        if (started === 2) resolve();
      };
    });
    // Two updates at once: their work waits until both worktrees exist.
    await Promise.all(
      ["lockkeeper/a-1.0.0", "lockkeeper/b-2.0.0"].map((branch) =>
        withUpdateWorktree(dir, { base: "main", branch }, context, async () => {
          release();
          await bothStarted;
          during.push(context.cleanup.size);
        }),
      ),
    );
    expect(during).toEqual([2, 2]);
    expect(context.cleanup.size).toBe(0);
    // Core installs no signal handler: the process's owner (the CLI) turns signals into cancellation.
    expect(listeners()).toEqual(idle);
  });

  it("running the scope removes the worktrees in use and their uncommitted branches at once", async () => {
    const dir = repo();
    const context = worktreeContext();
    const result = await withUpdateWorktree(dir, { base: "main", branch: BRANCH }, context, async (path) => {
      writeFileSync(join(path, "package-lock.json"), "changed\n");
      context.cleanup.runAll();
      return {
        exists: existsSync(path),
        worktrees: worktreePaths(dir),
        branches: localBranches(dir),
        pending: context.cleanup.size,
      };
    });
    expect(result).toEqual({ exists: false, worktrees: [realpathSync(dir)], branches: ["main"], pending: 0 });
  });

  it("removes the worktree when cancelled while a tool runs in it, after the tool is stopped", async () => {
    const dir = repo();
    const controller = new AbortController();
    const context = { ...worktreeContext(), signal: controller.signal };
    let worktree = "";
    const error = await withUpdateWorktree(dir, { base: "main", branch: BRANCH }, context, async (path) => {
      worktree = path;
      return runProcess("sh", ["-c", "echo started; exec sleep 30"], {
        cwd: path,
        env: process.env,
        signal: controller.signal,
        onLine: () => controller.abort("test"),
      });
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CANCELLED" });
    expect(existsSync(worktree)).toBe(false);
    expect(worktreePaths(dir)).toEqual([realpathSync(dir)]);
    expect(localBranches(dir)).toEqual(["main"]);
    expect(context.cleanup.size).toBe(0);
  });
});
