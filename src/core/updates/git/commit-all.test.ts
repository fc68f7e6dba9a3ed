import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../../history/test-support/git-repos.js";
import { commitAll } from "./commit-all.js";
import { repoWithLockfile, revParse, TEST_GIT, useScratchGitDirs } from "./test-support/update-repos.js";

const dirs = useScratchGitDirs();

/** A repository with a changed lockfile, ready to commit. */
function changedRepo(): string {
  const dir = repoWithLockfile();
  dirs.push(dir);
  writeFileSync(join(dir, "package-lock.json"), "lock v3\n");
  return dir;
}

const identities = (dir: string): string => git(dir, ["log", "-1", "--format=%an <%ae> | %cn <%ce>"]).trim();

describe("commitAll", () => {
  it("commits additions, edits and deletions in one commit with the message as written", async () => {
    const dir = changedRepo();
    const parent = revParse(dir, "HEAD");
    mkdirSync(join(dir, "patches"));
    writeFileSync(join(dir, "patches", "left-pad.patch"), "diff\n");
    rmSync(join(dir, "package.json"));
    const message = "chore(deps): update left-pad to 1.3.0\n\n# Release notes\n- fixes #12\n";
    const result = await commitAll(dir, message, TEST_GIT);
    expect(result).toEqual({ committed: true, sha: revParse(dir, "HEAD") });
    expect(revParse(dir, "HEAD^")).toBe(parent);
    expect(
      git(dir, ["show", "--name-status", "--format=", "HEAD"]).split("\n").filter(Boolean).sort(),
    ).toEqual(["A\tpatches/left-pad.patch", "D\tpackage.json", "M\tpackage-lock.json"]);
    expect(git(dir, ["log", "-1", "--format=%B"])).toBe(`${message}\n`);
    expect(git(dir, ["status", "--porcelain"])).toBe("");
  });

  it("reports an unchanged tree as nothing to commit, without a commit", async () => {
    const dir = repoWithLockfile();
    dirs.push(dir);
    const head = revParse(dir, "HEAD");
    expect(await commitAll(dir, "chore(deps): nothing", TEST_GIT)).toEqual({
      committed: false,
      reason: "nothing to commit",
    });
    expect(revParse(dir, "HEAD")).toBe(head);
  });

  it.each([
    {
      name: "falls back to Lockkeeper when git has no identity",
      config: {},
      author: undefined,
      expected: "Lockkeeper <lockkeeper@localhost> | Lockkeeper <lockkeeper@localhost>",
    },
    {
      name: "uses the repository's identity when configured",
      config: { "user.name": "Ada", "user.email": "ada@example.org" },
      author: undefined,
      expected: "Ada <ada@example.org> | Ada <ada@example.org>",
    },
    {
      name: "falls back when only half the identity is configured",
      config: { "user.name": "Ada" },
      author: undefined,
      expected: "Lockkeeper <lockkeeper@localhost> | Lockkeeper <lockkeeper@localhost>",
    },
    {
      name: "sets the given author, committing as the configured identity",
      config: { "user.name": "Ada", "user.email": "ada@example.org" },
      author: { name: "Bot", email: "bot@example.org" },
      expected: "Bot <bot@example.org> | Ada <ada@example.org>",
    },
    {
      name: "sets the given author, committing as Lockkeeper without identity",
      config: {},
      author: { name: "Bot", email: "bot@example.org" },
      expected: "Bot <bot@example.org> | Lockkeeper <lockkeeper@localhost>",
    },
  ])("$name", async ({ config, author, expected }) => {
    const dir = changedRepo();
    for (const [key, value] of Object.entries(config)) git(dir, ["config", key, value]);
    await commitAll(dir, "chore(deps): identity", TEST_GIT, { author });
    expect(identities(dir)).toBe(expected);
  });

  it("skips the commit hooks unless asked to run them", async () => {
    const dir = changedRepo();
    const hook = join(dir, ".git", "hooks", "pre-commit");
    writeFileSync(hook, "#!/bin/sh\necho 'lint-staged: command not found' >&2\nexit 1\n");
    chmodSync(hook, 0o755);
    await expect(
      commitAll(dir, "chore(deps): with hooks", TEST_GIT, { runHooks: true }),
    ).rejects.toMatchObject({
      code: "GIT",
    });
    expect(await commitAll(dir, "chore(deps): without hooks", TEST_GIT)).toMatchObject({ committed: true });
  });

  it("refuses an empty message", async () => {
    const dir = changedRepo();
    await expect(commitAll(dir, " \n", TEST_GIT)).rejects.toMatchObject({ code: "USAGE" });
  });
});
