import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../../history/test-support/git-repos.js";
import { repoWithLockfile, revParse, TEST_GIT, useScratchGitDirs } from "./test-support/update-repos.js";
import { workingTreeState } from "./working-tree-state.js";

const dirs = useScratchGitDirs();

describe("workingTreeState", () => {
  it("gives branch, HEAD and every kind of change", async () => {
    const dir = repoWithLockfile();
    dirs.push(dir);
    writeFileSync(join(dir, "package-lock.json"), "edited\n");
    git(dir, ["mv", "package.json", "manifest.json"]);
    writeFileSync(join(dir, "new file.txt"), "x\n");
    expect(await workingTreeState(dir, TEST_GIT)).toEqual({
      branch: "main",
      head: revParse(dir, "HEAD"),
      dirty: ["R  package.json -> manifest.json", " M package-lock.json", "?? new file.txt"],
    });
  });

  it("has no branch on a detached HEAD and no HEAD before the first commit", async () => {
    const dir = repoWithLockfile();
    const empty = mkdtempSync(join(tmpdir(), "lk-empty-"));
    dirs.push(dir, empty);
    git(dir, ["checkout", "--quiet", "--detach", "HEAD~1"]);
    git(empty, ["init", "--quiet", "--initial-branch=trunk"]);
    writeFileSync(join(empty, "b"), "b");
    expect(await workingTreeState(dir, TEST_GIT)).toEqual({
      branch: undefined,
      head: revParse(dir, "HEAD"),
      dirty: [],
    });
    expect(await workingTreeState(empty, TEST_GIT)).toEqual({
      branch: "trunk",
      head: undefined,
      dirty: ["?? b"],
    });
  });

  it("throws GIT outside a repository", async () => {
    const plain = mkdtempSync(join(tmpdir(), "lk-plain-"));
    dirs.push(plain);
    await expect(workingTreeState(plain, TEST_GIT)).rejects.toMatchObject({
      code: "GIT",
      message: `not a git repository: ${plain}`,
    });
  });
});
