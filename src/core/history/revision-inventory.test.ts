import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitRepo } from "../git/git-repo.js";
import { loadInventory } from "../inventory/load-inventory.js";
import type { Snapshot } from "../model/types.js";
import { inventoryAtRevision } from "./revision-inventory.js";
import { cloneBundle, git, removeDir, scriptedRepo, TEST_GIT } from "./test-support/git-repos.js";

let warehouse: string;
let checkout: string;

beforeAll(() => {
  warehouse = cloneBundle("warehouse-requirements.bundle", "requirements-history");
  // A second working tree of the same clone at an old commit: the disk truth to compare with.
  checkout = `${warehouse}-cbeec9d`;
  git(warehouse, ["worktree", "add", "--quiet", "--detach", checkout, "cbeec9d9865a"]);
}, 120_000);

afterAll(() => {
  removeDir(checkout);
  removeDir(warehouse);
});

/** What a parser derives (warnings name files differently: `rev:path` against a disk path). */
function essence(snapshot: Snapshot) {
  return {
    lockfile: snapshot.lockfile,
    roots: snapshot.roots,
    packages: snapshot.packages,
    edges: snapshot.edges,
    entries: snapshot.coverage.entries,
    skipped: snapshot.coverage.skipped,
  };
}

describe("inventoryAtRevision", () => {
  it("reads every lockfile of a commit exactly as a checkout of it reads from disk, pip-tools layers included", async () => {
    const repo = await GitRepo.open(warehouse, TEST_GIT);
    const { inventory, commit } = await inventoryAtRevision(repo, "cbeec9d9865a");
    expect(commit).toBe("cbeec9d9865a7a7fb5abaebc9359ec2e916a83e9");
    const disk = loadInventory(checkout, { cwd: checkout });
    expect(inventory.snapshots.map((s) => s.lockfile.path)).toEqual(
      disk.snapshots.map((s) => s.lockfile.path),
    );
    expect(inventory.snapshots.map(essence)).toEqual(disk.snapshots.map(essence));
    // dev.txt is layered on main.txt and reads dev.in: both served from the commit.
    const dev = inventory.snapshots.find((s) => s.lockfile.path === "requirements/dev.txt");
    expect(dev?.lockfile.manifests).toEqual(["requirements/dev.in", "requirements/main.txt"]);
  });

  it("reads a subdirectory with paths relative to it", async () => {
    const repo = await GitRepo.open(join(warehouse, "requirements"), TEST_GIT);
    const { inventory } = await inventoryAtRevision(repo, "cbeec9d9865a");
    const disk = loadInventory(join(checkout, "requirements"), { cwd: join(checkout, "requirements") });
    expect(inventory.snapshots.map(essence)).toEqual(disk.snapshots.map(essence));
    expect(inventory.snapshots.map((s) => s.lockfile.path)).toContain("main.txt");
  });

  it("gives an empty inventory for a revision without lockfiles and names the revision in parse errors", async () => {
    const nodegoat = cloneBundle("nodegoat-npm.bundle", "dependency-history");
    try {
      const repo = await GitRepo.open(nodegoat, TEST_GIT);
      expect((await inventoryAtRevision(repo, "fd7a88d")).inventory.snapshots).toEqual([]);
      expect((await inventoryAtRevision(repo, "45eed7e")).inventory.snapshots[0]?.lockfile).toMatchObject({
        path: "package-lock.json",
        formatVersion: "1",
      });
    } finally {
      removeDir(nodegoat);
    }
    const broken = scriptedRepo([
      { files: { "package-lock.json": '{"lockfileVersion": 2, "packages": {' }, message: "truncated" },
    ]);
    try {
      const error = await inventoryAtRevision(await GitRepo.open(broken, TEST_GIT), "HEAD").catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: "PARSE", file: "HEAD:package-lock.json" });
    } finally {
      removeDir(broken);
    }
  });
});
