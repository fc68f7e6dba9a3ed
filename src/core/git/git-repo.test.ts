import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockkeeperError } from "../errors.js";
import { cloneBundle, git, removeDir, TEST_GIT } from "../history/test-support/git-repos.js";
import { watchedPathspecs } from "../history/watched-paths.js";
import { GitRepo } from "./git-repo.js";

let nodegoat: string;
let warehouse: string;

beforeAll(() => {
  nodegoat = cloneBundle("nodegoat-npm.bundle", "dependency-history");
  warehouse = cloneBundle("warehouse-requirements.bundle", "requirements-history");
}, 120_000);

afterAll(() => {
  removeDir(nodegoat);
  removeDir(warehouse);
});

async function gitError(promise: Promise<unknown>): Promise<LockkeeperError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof LockkeeperError))
    throw new Error(`expected a LockkeeperError, got ${String(error)}`);
  return error;
}

describe("GitRepo errors", () => {
  it("names a directory outside any repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-not-a-repo-"));
    const error = await gitError(GitRepo.open(dir, TEST_GIT));
    expect(error.code).toBe("GIT");
    expect(error.message).toBe(`not a git repository: ${dir}`);
    removeDir(dir);
  });

  it.each(["no-such-branch", "0123456789abcdef0123456789abcdef01234567", "HEAD~999", "--output=/tmp/x"])(
    "rejects the unknown revision %s",
    async (revision) => {
      const repo = await GitRepo.open(nodegoat, TEST_GIT);
      const error = await gitError(repo.revParse(revision));
      expect(error.code).toBe("GIT");
      expect(error.message).toBe(`unknown revision ${revision}`);
    },
  );

  it("says so when git is not installed", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const error = await gitError(GitRepo.open(nodegoat, TEST_GIT));
      expect(error.code).toBe("GIT");
      expect(error.message).toBe("git is not installed or not on the PATH");
    } finally {
      process.env.PATH = path;
    }
  });

  it("reports a missing directory as NOT_FOUND", async () => {
    const error = await gitError(GitRepo.open(join(nodegoat, "no-such-dir"), TEST_GIT));
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe("GitRepo on the NodeGoat history", () => {
  it("resolves revisions to full commit ids", async () => {
    const repo = await GitRepo.open(nodegoat, TEST_GIT);
    expect(await repo.revParse("8fe8d3b")).toBe("8fe8d3b55fbed7e207e8a644d57c159147081c42");
    expect(await repo.revParse("HEAD")).toBe(git(nodegoat, ["rev-parse", "HEAD"]).trim());
  });

  it("lists every commit oldest first with authors, dates, pull requests and blob ids, in one process", async () => {
    const repo = await GitRepo.open(nodegoat, TEST_GIT);
    const commits = await repo.log(watchedPathspecs(repo.prefix));
    expect(commits.length).toBe(36);
    expect(commits[0]?.info).toMatchObject({
      hash: expect.stringMatching(/^fd7a88d/),
      authorName: "Chetan Karande",
      authorDate: "2013-11-17T18:34:40-05:00",
    });
    expect(commits[0]?.changes).toEqual([
      { status: "A", path: "package.json", oid: git(nodegoat, ["rev-parse", "fd7a88d:package.json"]).trim() },
    ]);
    const crossEnv = commits.find((c) => c.info.hash.startsWith("8fe8d3b"));
    expect(crossEnv?.info).toEqual({
      hash: "8fe8d3b55fbed7e207e8a644d57c159147081c42",
      authorName: "Liran Tal",
      authorEmail: "liran.tal@gmail.com",
      authorDate: "2020-11-13T22:52:48+02:00",
      subject: "Merge pull request #217 from karlhorky/patch-2",
      pullRequest: 217,
    });
    expect(crossEnv?.changes.map((c) => [c.status, c.path, c.oid])).toEqual([
      ["M", "package-lock.json", git(nodegoat, ["rev-parse", "8fe8d3b:package-lock.json"]).trim()],
      ["M", "package.json", git(nodegoat, ["rev-parse", "8fe8d3b:package.json"]).trim()],
    ]);
  });

  it("reads many blobs through one cat-file process, missing ones as undefined", async () => {
    const repo = await GitRepo.open(nodegoat, TEST_GIT);
    const reader = repo.blobReader();
    try {
      const [lock, missing, manifest] = await reader.readMany([
        "HEAD:package-lock.json",
        "HEAD:no-such-file",
        "45eed7e:package.json",
      ]);
      expect(lock?.toString("utf8")).toBe(git(nodegoat, ["show", "HEAD:package-lock.json"]));
      expect(missing).toBeUndefined();
      expect(manifest?.toString("utf8")).toBe(git(nodegoat, ["show", "45eed7e:package.json"]));
      // The process stays up between batches.
      expect((await reader.read("HEAD:package.json"))?.length).toBe(
        git(nodegoat, ["show", "HEAD:package.json"]).length,
      );
    } finally {
      reader.close();
    }
    expect(await repo.showFile("fd7a88d", "package-lock.json")).toBeUndefined();
  });
});

describe("GitRepo on the warehouse history", () => {
  it("follows renames (-M) and keeps both paths", async () => {
    const repo = await GitRepo.open(warehouse, TEST_GIT);
    const commits = await repo.log(watchedPathspecs(repo.prefix));
    expect(commits.length).toBe(3370);
    const restructure = commits.find((c) => c.info.hash.startsWith("1f9a683b61"));
    expect(restructure?.info.pullRequest).toBe(12953);
    expect(
      restructure?.changes.filter((c) => c.status === "R").map((c) => `${c.oldPath} → ${c.path}`),
    ).toEqual([
      "requirements/docs.in → requirements/docs/dev.in",
      "requirements/docs.txt → requirements/docs/dev.txt",
    ]);
  });

  it("opens a subdirectory with its prefix and maps paths both ways", async () => {
    const repo = await GitRepo.open(join(warehouse, "requirements"), TEST_GIT);
    expect(repo.prefix).toBe("requirements/");
    expect(repo.fromRootPath("requirements/main.txt")).toBe("main.txt");
    expect(repo.fromRootPath("README.md")).toBeUndefined();
    expect(repo.toRootPath("../setup.cfg")).toBe("setup.cfg");
    expect(repo.toRootPath("../../etc/passwd")).toBeUndefined();
    const tree = await repo.listTree("HEAD");
    expect(tree.map((e) => e.path)).toContain("requirements/main.txt");
    expect(tree.every((e) => e.path.startsWith("requirements/"))).toBe(true);
  });
});
