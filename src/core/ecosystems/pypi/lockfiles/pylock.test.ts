import { describe, expect, it } from "vitest";
import { parseFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError } from "../../../errors.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { Snapshot } from "../../../model/types.js";
import { pylockParser } from "./pylock.js";

function pkg(s: Snapshot, name: string, version?: string) {
  const found = s.packages.find((p) => p.name === name && (version === undefined || p.version === version));
  if (!found) throw new Error(`no ${name} ${version ?? ""}`);
  return found;
}

function parseMemory(files: Record<string, string>, path = "pylock.toml"): Snapshot {
  return pylockParser.parse({ path, content: files[path] ?? "", files: new MemoryFiles(files) });
}

const hashCount = (s: Snapshot) => s.packages.reduce((sum, p) => sum + p.hashes.length, 0);

describe("pylock.toml file names", () => {
  it.each([
    ["pylock.toml", true],
    ["pylock.legacy.toml", true],
    ["pylock.dev-tools.toml", true],
    ["pylock.a.b.toml", false],
    ["pylock..toml", false],
    ["Pylock.toml", false],
    ["pylock.lock", false],
  ])("%s: %s", (name, claimed) => {
    expect(pylockParser.matchesFileName(name)).toBe(claimed);
  });
});

// Counts below were taken with Python's tomllib, independently of this parser.
describe("a multi-use pylock.toml with extras (pdm's demo project)", () => {
  const snapshot = parseFixture(pylockParser, { dir: "python/pdm-demo-pylock", lockfile: "pylock.toml" });

  it("describes the lock and names the root from pyproject.toml", () => {
    expect(snapshot.lockfile).toEqual({
      path: "pylock.toml",
      format: "pylock",
      ecosystem: "pypi",
      formatVersion: "1.0",
      manifests: ["pyproject.toml"],
    });
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "demo", version: "0.0.1" }]);
    expect(snapshot.coverage).toEqual({ entries: 10, parsed: 10, skipped: [], warnings: [] });
  });

  it("makes what the default group selects production and what only an extra selects optional", () => {
    expect(snapshot.packages.filter((p) => p.scope === "prod").map((p) => p.name)).toEqual([
      "chardet",
      "idna",
    ]);
    expect(snapshot.packages.filter((p) => p.scope === "optional")).toHaveLength(8);
    // `"default" in dependency_groups or "security" in extras`: the default install selects it.
    expect(pkg(snapshot, "idna").markers).toBe('"default" in dependency_groups or "security" in extras');
  });

  it("keeps the environment marker on the package and reads its sdist and wheel hashes", () => {
    expect(pkg(snapshot, "requests")).toEqual({
      id: "pypi:requests@2.27.1",
      ecosystem: "pypi",
      name: "requests",
      displayName: "requests",
      version: "2.27.1",
      purl: "pkg:pypi/requests@2.27.1",
      scope: "optional",
      direct: true,
      source: { kind: "registry" },
      hashes: [
        { algorithm: "sha256", value: "68d7c56fd5a8999887728ef304a6d12edc7be74f1cfa47714fc8b414525c9a61" },
        { algorithm: "sha256", value: "f22fa1e554c9ddfd16e6e41ac79759e17be9e492b3587efa038054674760e72d" },
      ],
      markers: 'python_version >= "3.6" and "security" in extras',
      locations: [{ line: 102 }],
    });
    expect(hashCount(snapshot)).toBe(20);
  });

  it("takes direct packages from pyproject.toml: its dependencies and extras", () => {
    expect(snapshot.packages.filter((p) => p.direct).map((p) => p.name)).toEqual([
      "chardet",
      "idna",
      "pytest",
      "requests",
    ]);
  });
});

describe("single-use locks written by `uv pip compile` (0b01001001/spectree)", () => {
  const main = parseFixture(pylockParser, { dir: "python/spectree-pylock", lockfile: "pylock.toml" });
  const legacy = parseFixture(pylockParser, {
    dir: "python/spectree-pylock",
    lockfile: "pylock.legacy.toml",
  });

  it("reads the named lock pylock.legacy.toml as its own lockfile", () => {
    expect(legacy.lockfile.path).toBe("pylock.legacy.toml");
    expect(legacy.coverage).toEqual({ entries: 68, parsed: 68, skipped: [], warnings: [] });
    expect(main.coverage).toEqual({ entries: 71, parsed: 71, skipped: [], warnings: [] });
  });

  it("counts every package as production: without markers the lock installs all of it", () => {
    expect(main.packages.every((p) => p.scope === "prod")).toBe(true);
    expect(hashCount(main)).toBe(566);
    expect(hashCount(legacy)).toBe(511);
  });

  it("has the 17 packages pyproject.toml names as direct, with root edges of their sections' kinds", () => {
    expect(main.packages.filter((p) => p.direct)).toHaveLength(17);
    expect(main.edges).toHaveLength(17);
    expect(main.edges).toContainEqual({
      from: "root:.",
      to: "pypi:pydantic@2.11.7",
      kind: "prod",
      range: ">=1.2,<3",
    });
    expect(main.edges).toContainEqual({
      from: "root:.",
      to: "pypi:flask@3.1.2",
      kind: "optional",
      range: ">=2",
    });
    expect(pkg(main, "pydantic")).toMatchObject({ direct: true, scope: "prod", locations: [{ line: 482 }] });
  });
});

describe("a pylock.toml written by pdm, with groups in markers and pdm's dependencies (ldlite)", () => {
  const snapshot = parseFixture(pylockParser, { dir: "python/ldlite-pdm-pylock", lockfile: "pylock.toml" });

  it("reads 40 packages: 19 of the default group, 21 of the lint, test and types groups", () => {
    expect(snapshot.coverage).toEqual({ entries: 40, parsed: 40, skipped: [], warnings: [] });
    expect(snapshot.packages.filter((p) => p.scope === "prod")).toHaveLength(19);
    expect(snapshot.packages.filter((p) => p.scope === "dev")).toHaveLength(21);
    expect(pkg(snapshot, "mypy")).toMatchObject({ version: "1.17.0", scope: "dev", direct: true });
    expect(pkg(snapshot, "duckdb")).toMatchObject({ version: "1.3.2", scope: "prod", direct: true });
    expect(pkg(snapshot, "duckdb").hashes).toHaveLength(36);
  });

  it("counts a package selected by the default group in some environments as production", () => {
    expect(pkg(snapshot, "colorama")).toMatchObject({ scope: "prod", direct: false });
  });

  it("follows [packages.tool.pdm] dependencies to the locked packages, markers and all", () => {
    // tomli is declared for python_version < "3.11"; the lock has it (for pytest), so the edge stays.
    expect(snapshot.edges.filter((e) => e.from === "pypi:mypy@1.17.0")).toEqual([
      { from: "pypi:mypy@1.17.0", to: "pypi:mypy-extensions@1.1.0", kind: "prod", range: ">=1.0.0" },
      { from: "pypi:mypy@1.17.0", to: "pypi:pathspec@0.12.1", kind: "prod", range: ">=0.9.0" },
      { from: "pypi:mypy@1.17.0", to: "pypi:tomli@2.3.0", kind: "prod", range: ">=1.1.0" },
      { from: "pypi:mypy@1.17.0", to: "pypi:typing-extensions@4.15.0", kind: "prod", range: ">=4.6.0" },
    ]);
  });
});

describe("pylock.toml sources, graph and problems", () => {
  const lock = `lock-version = "1.0"
created-by = "hand"
dependency-groups = ["dev"]
default-groups = []

[[packages]]
name = "app"
version = "1.0"
directory = { path = ".", editable = true }
dependencies = [{ name = "attrs" }, { name = "from-git" }]

[[packages]]
name = "attrs"
version = "25.1.0"
index = "https://pypi.example.com/simple"
sdist = { url = "https://pypi.example.com/attrs-25.1.0.tar.gz", hashes = { sha256 = "AB${"c".repeat(62)}" } }
dependencies = [{ name = "local" }]

[[packages]]
name = "from-git"
version = "0.1"
vcs = { type = "git", url = "https://example.com/from-git.git", requested-revision = "main", commit-id = "0123456789abcdef0123456789abcdef01234567", subdirectory = "py" }

[[packages]]
name = "local"
directory = { path = "libs/local" }

[[packages]]
name = "tarball"
version = "2.0"
archive = { url = "https://example.com/tarball-2.0.tar.gz", hashes = { sha512 = "${"e".repeat(128)}" } }
marker = "'dev' in dependency_groups"

[[packages]]
name = "hg-package"
vcs = { type = "hg", url = "https://hg.example.com/repo", commit-id = "abc123" }
marker = "python_version >= '3.8' and"

[[packages]]
name = "unpinned"

[[packages]]
name = "broken"
vcs = "git+https://example.com/broken"
`;
  const snapshot = parseMemory({ "pylock.toml": lock });

  it("turns the directory entry at '.' into the root and its dependencies into root edges", () => {
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "app", version: "1.0" }]);
    expect(snapshot.edges).toEqual([
      { from: "pypi:attrs@25.1.0", to: "pypi:local@libs/local", kind: "prod" },
      { from: "root:.", to: "pypi:attrs@25.1.0", kind: "prod" },
      { from: "root:.", to: "pypi:from-git@0.1", kind: "prod" },
    ]);
    expect(snapshot.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(["attrs", "from-git"]);
  });

  it("reads index, vcs, directory and archive sources, with purls saying where from", () => {
    expect(pkg(snapshot, "attrs")).toMatchObject({
      source: { kind: "registry", url: "https://pypi.example.com/simple" },
      hashes: [{ algorithm: "sha256", value: `ab${"c".repeat(62)}` }],
    });
    expect(pkg(snapshot, "from-git")).toMatchObject({
      source: {
        kind: "git",
        url: "git+https://example.com/from-git.git@0123456789abcdef0123456789abcdef01234567#subdirectory=py",
      },
      purl: "pkg:pypi/from-git@0.1?vcs_url=git%2Bhttps://example.com/from-git.git%400123456789abcdef0123456789abcdef01234567%23subdirectory%3Dpy",
    });
    expect(pkg(snapshot, "local").source).toEqual({ kind: "file", url: "libs/local" });
    expect(pkg(snapshot, "tarball")).toMatchObject({
      source: { kind: "url", url: "https://example.com/tarball-2.0.tar.gz" },
      purl: "pkg:pypi/tarball@2.0?download_url=https://example.com/tarball-2.0.tar.gz",
      hashes: [{ algorithm: "sha512", value: "e".repeat(128) }],
      scope: "dev",
    });
    expect(pkg(snapshot, "hg-package").source).toEqual({
      kind: "url",
      url: "hg+https://hg.example.com/repo@abc123",
    });
  });

  it("skips what it cannot read with the reason and line, and names markers it cannot read", () => {
    expect(snapshot.coverage.entries).toBe(7);
    expect(snapshot.coverage.skipped).toEqual([
      { entry: "unpinned", reason: "no version", line: 39 },
      { entry: "broken", reason: "vcs is not a table", line: 42 },
    ]);
    expect(snapshot.coverage.warnings).toEqual([
      "markers not understood, the packages counted as production: hg-package",
    ]);
    expect(pkg(snapshot, "hg-package").scope).toBe("prod");
  });

  it("guesses direct packages from the lock's own graph without pyproject.toml, and says so", () => {
    const withoutProject = parseMemory({
      "pylock.toml": `lock-version = "1.0"
created-by = "hand"

[[packages]]
name = "a"
version = "1"
dependencies = [{ name = "b" }]

[[packages]]
name = "b"
version = "2"
`,
    });
    expect(withoutProject.packages.map((p) => [p.name, p.direct])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    expect(withoutProject.coverage.warnings).toEqual([
      "no pyproject.toml beside the lock: the packages no other package depends on are counted as direct",
    ]);
  });

  it.each([
    [
      'lock-version = "2.0"\npackages = []\n',
      "pylock.toml: pylock.toml lock-version 2.0 is not supported (supported: 1.x)",
    ],
    ['created-by = "x"\n', "pylock.toml: not a pylock.toml: expected a `lock-version` and [[packages]]"],
    ['lock-version = "1.0"\n[[packages]\n', "pylock.toml:2: not valid TOML: "],
  ])("refuses %j", (content, message) => {
    let error: unknown;
    try {
      parseMemory({ "pylock.toml": content });
    } catch (caught: unknown) {
      error = caught;
    }
    expect(isLockkeeperError(error) && error.describe()).toContain(message);
  });
});
