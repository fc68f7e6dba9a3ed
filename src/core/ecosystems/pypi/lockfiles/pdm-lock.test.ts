import { describe, expect, it } from "vitest";
import { parseFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError } from "../../../errors.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { Snapshot } from "../../../model/types.js";
import { pdmLockParser } from "./pdm-lock.js";

function pkg(s: Snapshot, name: string, version?: string) {
  const found = s.packages.find((p) => p.name === name && (version === undefined || p.version === version));
  if (!found) throw new Error(`no ${name} ${version ?? ""}`);
  return found;
}

function parseMemory(files: Record<string, string>, path = "pdm.lock"): Snapshot {
  return pdmLockParser.parse({ path, content: files[path] ?? "", files: new MemoryFiles(files) });
}

const scopes = (s: Snapshot) => {
  const counts: Record<string, number> = {};
  for (const p of s.packages) counts[p.scope] = (counts[p.scope] ?? 0) + 1;
  return counts;
};
const hashCount = (s: Snapshot) => s.packages.reduce((sum, p) => sum + p.hashes.length, 0);

// Counts below were taken with Python's tomllib (groups read by the same rule: default is
// production, a project extra optional, any other group development), independently of this parser.
describe("pdm.lock 4.5 with groups (pydantic/pydantic)", () => {
  const snapshot = parseFixture(pdmLockParser, { dir: "python/pydantic-pdm", lockfile: "pdm.lock" });

  it("describes the lock and names the root from pyproject.toml", () => {
    expect(snapshot.lockfile).toEqual({
      path: "pdm.lock",
      format: "pdm-lock",
      ecosystem: "pypi",
      formatVersion: "4.5.0",
      manifests: ["pyproject.toml"],
    });
    // pydantic's version is dynamic: pyproject.toml has none to give.
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "pydantic" }]);
  });

  it("reads all 112 entries; the 3 entries of extras are the same packages, 109 in all", () => {
    expect(snapshot.coverage).toEqual({ entries: 112, parsed: 112, skipped: [], warnings: [] });
    expect(snapshot.packages).toHaveLength(109);
    expect(pkg(snapshot, "coverage").locations).toEqual([{ line: 414 }, { line: 495 }]);
  });

  it("takes scopes from the groups: 3 production, 4 for the email and timezone extras, 102 development", () => {
    expect(scopes(snapshot)).toEqual({ prod: 3, optional: 4, dev: 102 });
    expect(snapshot.packages.filter((p) => p.scope === "prod").map((p) => p.name)).toEqual([
      "annotated-types",
      "pydantic-core",
      "typing-extensions",
    ]);
    expect(pkg(snapshot, "email-validator")).toMatchObject({ scope: "optional", direct: true });
    expect(pkg(snapshot, "tzdata")).toMatchObject({
      scope: "optional",
      markers: 'python_version >= "3.9" and sys_platform == "win32"',
    });
  });

  it("reads every file's hash, 1,155 in all", () => {
    expect(hashCount(snapshot)).toBe(1155);
    expect(pkg(snapshot, "email-validator").hashes[0]).toEqual({
      algorithm: "sha256",
      value: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("pins a git package to its resolved revision, with a vcs_url purl", () => {
    expect(pkg(snapshot, "pydantic-extra-types")).toMatchObject({
      version: "2.10.0",
      scope: "dev",
      direct: true,
      source: {
        kind: "git",
        url: "git+https://github.com/pydantic/pydantic-extra-types.git@f843f3779c6c514e32db2de6feb2a9f37d247acc",
      },
      purl: "pkg:pypi/pydantic-extra-types@2.10.0?vcs_url=git%2Bhttps://github.com/pydantic/pydantic-extra-types.git%40f843f3779c6c514e32db2de6feb2a9f37d247acc",
      locations: [{ line: 1680 }],
    });
  });

  it("links the project's declarations to the locked packages", () => {
    expect(snapshot.edges).toContainEqual({
      from: "root:.",
      to: "pypi:email-validator@2.2.0",
      kind: "optional",
      range: ">=2.0.0",
    });
    expect(snapshot.packages.filter((p) => p.direct)).toHaveLength(38);
  });
});

describe("pdm.lock 4.2 with [metadata.files] and no groups per package (pdm-project/pdm)", () => {
  const snapshot = parseFixture(pdmLockParser, { dir: "python/pdm-lock-v4.2", lockfile: "pdm.lock" });

  it("reads 116 entries into 113 packages, hashes from [metadata.files]", () => {
    expect(snapshot.lockfile.formatVersion).toBe("4.2");
    expect(snapshot.coverage).toEqual({ entries: 116, parsed: 116, skipped: [], warnings: [] });
    expect(snapshot.packages).toHaveLength(113);
    expect(hashCount(snapshot)).toBe(738);
    expect(pkg(snapshot, "cachecontrol").hashes).toEqual([
      { algorithm: "sha256", value: "95dedbec849f46dda3137866dc28b9d133fc9af55f5b805ab1291833e4457aa4" },
      { algorithm: "sha256", value: "f012366b79d2243a6118309ce73151bf52a38d4a5dac8ea57f09bd29087e506b" },
    ]);
  });

  it("takes scopes from pyproject.toml's declarations through the graph", () => {
    expect(scopes(snapshot)).toEqual({ prod: 32, optional: 43, dev: 38 });
    // A production dependency (`cachecontrol[filecache]`) switches on the extra's dependency.
    expect(pkg(snapshot, "cachecontrol")).toMatchObject({ scope: "prod", direct: true });
    expect(pkg(snapshot, "filelock")).toMatchObject({ scope: "prod", direct: false });
    // pytest is in the `pytest` extra and the `test` dev group (as `pdm[pytest]`): optional wins.
    expect(pkg(snapshot, "pytest")).toMatchObject({ scope: "optional", direct: true });
    expect(pkg(snapshot, "mkdocs-material")).toMatchObject({ scope: "dev", direct: true });
    expect(pkg(snapshot, "tomli")).toMatchObject({ scope: "prod", direct: true });
  });

  it("reads an extra's dependencies as edges that only that extra switches on", () => {
    expect(snapshot.edges).toContainEqual({
      from: "pypi:cachecontrol@0.13.1",
      to: "pypi:filelock@3.12.2",
      kind: "prod",
      range: ">=3.8.0",
    });
  });
});

describe("pdm.lock 4.5.1 of a project without production dependencies (frostming/marko)", () => {
  const snapshot = parseFixture(pdmLockParser, { dir: "python/marko-pdm", lockfile: "pdm.lock" });

  it("reads 50 entries into 49 packages: 4 for the project's extras, 45 for its dev groups", () => {
    expect(snapshot.coverage).toEqual({ entries: 50, parsed: 50, skipped: [], warnings: [] });
    expect(scopes(snapshot)).toEqual({ optional: 4, dev: 45 });
    expect(hashCount(snapshot)).toBe(471);
    expect(pkg(snapshot, "objprint")).toMatchObject({ version: "0.3.0", scope: "optional", direct: true });
  });
});

describe("pdm.lock problems", () => {
  it("guesses direct packages without pyproject.toml and still takes scopes from groups", () => {
    const snapshot = parseMemory({
      "pdm.lock": `[metadata]
groups = ["default", "dev"]
lock_version = "4.5.0"

[[package]]
name = "a"
version = "1.0"
groups = ["default"]
dependencies = ["b>=2", "missing>=1", "gone; sys_platform == 'win32'"]

[[package]]
name = "b"
version = "2.0"
groups = ["default"]
url = "https://example.com/b-2.0.tar.gz"

[[package]]
name = "c"
version = "3.0"
groups = ["dev"]
path = "./libs/c"

[[package]]
name = "no-version"
`,
    });
    expect(snapshot.packages.map((p) => [p.name, p.scope, p.direct, p.source.kind])).toEqual([
      ["a", "prod", true, "registry"],
      ["b", "prod", false, "url"],
      ["c", "dev", true, "file"],
    ]);
    expect(snapshot.coverage.skipped).toEqual([{ entry: "no-version", reason: "no version", line: 23 }]);
    expect(snapshot.coverage.warnings).toEqual([
      "pyproject.toml not found beside pdm.lock: direct dependencies are guessed as those no other package requires",
      "1 declared dependency is not in pdm.lock (stale lock, or groups not locked): pypi:a@1.0 → missing",
    ]);
  });

  it("refuses a TOML file that is not a pdm.lock", () => {
    let error: unknown;
    try {
      parseMemory({ "pdm.lock": '[[package]]\nname = "a"\n' });
    } catch (caught: unknown) {
      error = caught;
    }
    expect(isLockkeeperError(error) && error.describe()).toBe(
      "pdm.lock: not a pdm.lock: expected [metadata] with a lock_version, and [[package]] entries",
    );
  });
});
