import { describe, expect, it } from "vitest";
import { parseFixture } from "../../test-support/parse-fixture.js";
import { packageLockParser } from "../ecosystems/npm/lockfiles/package-lock.js";
import { requirementsParser } from "../ecosystems/pypi/lockfiles/requirements.js";
import type { Inventory, Snapshot } from "../model/types.js";
import { diffInventories } from "./inventory-changes.js";

const npmV1 = parseFixture(packageLockParser, { dir: "npm/nodegoat-v1", lockfile: "package-lock.json" });
const npmV2 = parseFixture(packageLockParser, { dir: "npm/nodegoat-v2", lockfile: "package-lock.json" });
const warehouseMain = parseFixture(requirementsParser, {
  dir: "python/warehouse-pip-compile",
  lockfile: "requirements/main.txt",
});

const inventory = (...snapshots: Snapshot[]): Inventory => ({ target: "test", snapshots });

describe("diffInventories", () => {
  it("pairs lockfiles by path; one that appears or goes lists all its packages", () => {
    const diffs = diffInventories(inventory(npmV1, warehouseMain), inventory(npmV2));
    expect(diffs.map((d) => `${d.status} ${d.lockfile}`)).toEqual([
      "modified package-lock.json",
      "removed requirements/main.txt",
    ]);
    const removed = diffs[1];
    expect(removed?.changes.length).toBe(warehouseMain.packages.length);
    expect(removed?.changes.every((c) => c.kind === "removed")).toBe(true);
  });

  it("pairs the only lockfile of each side whatever its path, and says where it was", () => {
    const moved = { ...npmV1, lockfile: { ...npmV1.lockfile, path: "old/package-lock.json" } };
    const [only] = diffInventories(inventory(moved), inventory(npmV2));
    expect(only).toMatchObject({
      lockfile: "package-lock.json",
      baseLockfile: "old/package-lock.json",
      status: "modified",
    });
    expect(only?.changes.find((c) => c.name === "marked")?.kind).toBe("downgraded");
  });

  it("marks a lockfile with the same packages unchanged", () => {
    expect(diffInventories(inventory(npmV2), inventory(npmV2))).toEqual([
      {
        lockfile: "package-lock.json",
        status: "unchanged",
        format: "package-lock",
        changes: [],
        licenceChanges: [],
        introducedLicences: [],
      },
    ]);
  });
});
