import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closedPortUrl } from "../../ecosystems/registry/test-support/fake-registry.js";
import { git } from "../../history/test-support/git-repos.js";
import { commitAll } from "./commit-all.js";
import { pushBranch } from "./push-branch.js";
import {
  repoWithLockfile,
  revParse,
  TEST_GIT,
  useScratchGitDirs,
  worktreeContext,
} from "./test-support/update-repos.js";
import { withUpdateWorktree } from "./update-branch.js";

const dirs = useScratchGitDirs();

const BRANCH = "lockkeeper/left-pad-1.3.0";

/** A repository whose `origin` is a new bare repository holding main. */
function repoWithRemote(): { repo: string; bare: string } {
  const repo = repoWithLockfile();
  const bare = mkdtempSync(join(tmpdir(), "lk-bare-"));
  dirs.push(repo, bare);
  git(bare, ["init", "--quiet", "--bare"]);
  git(repo, ["remote", "add", "origin", bare]);
  git(repo, ["push", "--quiet", "origin", "main"]);
  return { repo, bare };
}

/** Makes (or remakes) the update branch with a lockfile change and returns its commit. */
async function updateBranch(repo: string, lock: string, recreate = false): Promise<string> {
  const result = await withUpdateWorktree(
    repo,
    { base: "main", branch: BRANCH, recreate },
    worktreeContext(),
    async (dir) => {
      writeFileSync(join(dir, "package-lock.json"), lock);
      return commitAll(dir, `chore(deps): ${lock.trim()}`, TEST_GIT);
    },
  );
  if (!result.committed) throw new Error("expected a commit");
  return result.sha;
}

const remoteTip = (bare: string): string =>
  git(bare, ["ls-remote", bare, `refs/heads/${BRANCH}`]).split("\t")[0] ?? "";

describe("pushBranch", () => {
  it("pushes the update branch to a bare remote", async () => {
    const { repo, bare } = repoWithRemote();
    const sha = await updateBranch(repo, "lock v3\n");
    await pushBranch(repo, "origin", BRANCH, TEST_GIT);
    expect(remoteTip(bare)).toBe(sha);
  });

  it("replaces the remote branch with a recreated one", async () => {
    const { repo, bare } = repoWithRemote();
    await updateBranch(repo, "lock v3\n");
    await pushBranch(repo, "origin", BRANCH, TEST_GIT);
    const second = await updateBranch(repo, "lock v4\n", true);
    await pushBranch(repo, "origin", BRANCH, TEST_GIT);
    expect(remoteTip(bare)).toBe(second);
  });

  it("refuses to overwrite a branch someone else pushed to, with git's explanation", async () => {
    const { repo, bare } = repoWithRemote();
    await updateBranch(repo, "lock v3\n");
    await pushBranch(repo, "origin", BRANCH, TEST_GIT);
    // A maintainer adds a commit to the update branch from their own clone.
    const other = mkdtempSync(join(tmpdir(), "lk-clone-"));
    dirs.push(other);
    git(tmpdir(), ["clone", "--quiet", "--branch", BRANCH, bare, other]);
    writeFileSync(join(other, "fix.txt"), "manual fix\n");
    git(other, ["add", "fix.txt"]);
    git(other, ["-c", "user.name=M", "-c", "user.email=m@x", "commit", "--quiet", "-m", "manual fix"]);
    git(other, ["push", "--quiet", "origin", BRANCH]);
    const theirs = revParse(other, "HEAD");

    await updateBranch(repo, "lock v4\n", true);
    const error = await pushBranch(repo, "origin", BRANCH, TEST_GIT).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "GIT",
      message: expect.stringMatching(/^origin rejected the push of lockkeeper\/left-pad-1\.3\.0:\n/),
    });
    expect((error as Error).message).toContain("[rejected]");
    expect((error as Error).message).toContain("(stale info)");
    expect((error as Error).message).not.toMatch(/\n$/);
    expect(remoteTip(bare)).toBe(theirs);
  });

  it("names the remotes there are when the one asked for does not exist", async () => {
    const { repo } = repoWithRemote();
    await updateBranch(repo, "lock v3\n");
    await expect(pushBranch(repo, "upstream", BRANCH, TEST_GIT)).rejects.toMatchObject({
      code: "GIT",
      message: `no remote named "upstream" in ${repo}`,
      hint: "the remotes are: origin",
    });
  });

  it("reports a remote that cannot be reached, without the credentials of its URL", async () => {
    const { repo } = repoWithRemote();
    await updateBranch(repo, "lock v3\n");
    const url = (await closedPortUrl()).replace("http://", "http://lockkeeper:s3cret-token@");
    git(repo, ["remote", "add", "mirror", `${url}/app.git`]);
    const error = await pushBranch(repo, "mirror", BRANCH, TEST_GIT).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "GIT",
      message: expect.stringMatching(
        /^git push of lockkeeper\/left-pad-1\.3\.0 to mirror failed:\n.*127\.0\.0\.1/,
      ),
    });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain("s3cret-token");
  });
});
