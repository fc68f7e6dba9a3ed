import { describe, expect, it } from "vitest";
import { parseFixture, readFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError } from "../../../errors.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { Snapshot } from "../../../model/types.js";
import { uvLockParser } from "./uv-lock.js";

const FIXTURE = { dir: "python/renovate-docs-uv", lockfile: "uv.lock" };
const snapshot = parseFixture(uvLockParser, FIXTURE);

function pkg(s: Snapshot, name: string, version?: string) {
  const found = s.packages.find((p) => p.name === name && (version === undefined || p.version === version));
  if (!found) throw new Error(`no ${name} ${version ?? ""}`);
  return found;
}

function parseMemory(files: Record<string, string>, path = "uv.lock"): Snapshot {
  return uvLockParser.parse({ path, content: files[path] ?? "", files: new MemoryFiles(files) });
}

// Numbers below were counted with Python's tomllib on the fixture, independently of this parser.
describe("uv.lock (renovatebot/renovate docs)", () => {
  it("describes the lock; version 1 revision 3 reads 1.3", () => {
    expect(snapshot.lockfile).toEqual({
      path: "uv.lock",
      format: "uv-lock",
      ecosystem: "pypi",
      formatVersion: "1.3",
      manifests: ["pyproject.toml"],
    });
  });

  it("turns the virtual project entry into the root, not a package", () => {
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "renovate-docs", version: "0.0.0" }]);
    expect(snapshot.packages.some((p) => p.name === "renovate-docs")).toBe(false);
  });

  it("counts the 33 other entries, all read", () => {
    expect(snapshot.coverage).toEqual({ entries: 33, parsed: 33, skipped: [], warnings: [] });
    expect(snapshot.packages).toHaveLength(33);
  });

  it("has 44 edges: 2 from the project (ranges from requires-dist) and 42 between packages", () => {
    expect(snapshot.edges).toHaveLength(44);
    expect(snapshot.edges.filter((e) => e.from === "root:.")).toEqual([
      { from: "root:.", to: "pypi:mkdocs-awesome-pages-plugin@2.10.1", kind: "prod", range: "==2.10.1" },
      { from: "root:.", to: "pypi:mkdocs-material@9.7.7", kind: "prod", range: "==9.7.7" },
    ]);
    expect(snapshot.edges.filter((e) => e.from === "pypi:mkdocs@1.6.1")).toHaveLength(13);
  });

  it("makes every package production: the project has no groups or extras", () => {
    expect(snapshot.packages.every((p) => p.scope === "prod")).toBe(true);
    expect(snapshot.packages.filter((p) => p.direct).map((p) => p.name)).toEqual([
      "mkdocs-awesome-pages-plugin",
      "mkdocs-material",
    ]);
  });

  it.each([
    ["babel", "2.18.0", 2, 5],
    ["charset-normalizer", "3.4.9", 67, 45],
    ["pyyaml", "6.0.3", 48, 427],
    ["watchdog", "6.0.0", 20, 542],
    ["python-dateutil", "2.9.0.post0", 2, 415],
  ])("reads %s %s with its sdist and wheel hashes (%i) at line %i", (name, version, count, line) => {
    const node = pkg(snapshot, name, version);
    expect(node.hashes).toHaveLength(count);
    expect(node.source).toEqual({ kind: "registry", url: "https://pypi.org/simple" });
    expect(node.locations).toEqual([{ line }]);
  });

  it("puts the sdist hash first", () => {
    expect(pkg(snapshot, "pyyaml").hashes[0]).toEqual({
      algorithm: "sha256",
      value: "d76623373421df22fb4cf8817020cbb7ef15c725b9d5e45f17e189bfc384190f",
    });
  });
});

const SHA = (c: string) => c.repeat(64);

const WORKSPACE_LOCK = `version = 1
revision = 2
requires-python = ">=3.10"
resolution-markers = [
    "python_full_version >= '3.12'",
    "python_full_version < '3.12'",
]

[manifest]
members = [
    "demo",
    "demo-lib",
]

[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "demo"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "demo-lib", extra = ["fast"] },
    { name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.12'" },
    { name = "numpy", version = "2.1.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.12'" },
    { name = "requests" },
]

[package.optional-dependencies]
git = [
    { name = "gitpkg" },
]
socks = [
    { name = "requests", extra = ["socks"] },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

[package.metadata]
requires-dist = [
    { name = "demo-lib", extras = ["fast"], editable = "packages/demo-lib" },
    { name = "gitpkg", marker = "extra == 'git'", git = "https://github.com/org/gitpkg?rev=v1.0" },
    { name = "numpy", specifier = ">=1.26" },
    { name = "requests", specifier = ">=2.31" },
    { name = "requests", extras = ["socks"], marker = "extra == 'socks'", specifier = ">=2.31" },
]
provides-extras = ["git", "socks"]

[package.metadata.requires-dev]
dev = [{ name = "pytest", specifier = ">=8" }]

[[package]]
name = "demo-lib"
source = { virtual = "packages/demo-lib" }
dependencies = [
    { name = "localwheel" },
    { name = "tarball" },
    { name = "vendored" },
]

[package.optional-dependencies]
fast = [
    { name = "orjson" },
]

[[package]]
name = "gitpkg"
version = "1.0.0"
source = { git = "https://github.com/org/gitpkg?rev=v1.0#0123456789abcdef0123456789abcdef01234567" }

[[package]]
name = "iniconfig"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "localwheel"
version = "0.2.0"
source = { path = "wheels/localwheel-0.2.0-py3-none-any.whl" }
wheels = [
    { filename = "localwheel-0.2.0-py3-none-any.whl", hash = "sha256:${SHA("a")}" },
]

[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }
resolution-markers = [
    "python_full_version < '3.12'",
]
sdist = { url = "https://files.pythonhosted.org/numpy-1.26.4.tar.gz", hash = "sha256:${SHA("c")}", size = 15786129 }

[[package]]
name = "numpy"
version = "2.1.0"
source = { registry = "https://pypi.org/simple" }
resolution-markers = [
    "python_full_version >= '3.12'",
]
wheels = [
    { url = "https://files.pythonhosted.org/numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl", hash = "sha256:${SHA("d")}", size = 1 },
]

[[package]]
name = "orjson"
version = "3.10.7"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pysocks"
version = "1.7.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "colorama", marker = "sys_platform == 'win32'" },
    { name = "iniconfig" },
]

[[package]]
name = "requests"
version = "2.32.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "urllib3" },
]

[package.optional-dependencies]
socks = [
    { name = "pysocks" },
]

[[package]]
name = "tarball"
version = "3.0"
source = { url = "https://example.com/tarball-3.0.tar.gz" }
sdist = { hash = "sha256:${SHA("b")}" }

[[package]]
name = "urllib3"
version = "2.2.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "vendored"
source = { directory = "vendor/vendored" }
`;

describe("uv.lock workspace with forks, extras, groups and non-registry sources", () => {
  const s = parseMemory({
    "uv.lock": WORKSPACE_LOCK,
    "pyproject.toml":
      '[project]\nname = "demo"\nversion = "0.1.0"\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
  });

  it("reads revision 2 and makes both workspace members roots", () => {
    expect(s.lockfile.formatVersion).toBe("1.2");
    expect(s.roots).toEqual([
      { id: "root:.", path: ".", name: "demo", version: "0.1.0" },
      { id: "root:packages/demo-lib", path: "packages/demo-lib", name: "demo-lib" },
    ]);
    // 15 entries, 2 of them workspace members.
    expect(s.coverage).toEqual({ entries: 13, parsed: 13, skipped: [], warnings: [] });
  });

  it.each([
    [
      "gitpkg",
      { kind: "git", url: "git+https://github.com/org/gitpkg@0123456789abcdef0123456789abcdef01234567" },
    ],
    ["localwheel", { kind: "file", url: "wheels/localwheel-0.2.0-py3-none-any.whl" }],
    ["tarball", { kind: "url", url: "https://example.com/tarball-3.0.tar.gz" }],
    ["vendored", { kind: "file", url: "vendor/vendored" }],
    ["urllib3", { kind: "registry", url: "https://pypi.org/simple" }],
  ])("reads the source of %s", (name, source) => {
    expect(pkg(s, name).source).toEqual(source);
  });

  it("keeps a local package without a version, and the hashes of path and url sources", () => {
    expect(pkg(s, "vendored").version).toBeUndefined();
    expect(pkg(s, "localwheel").hashes).toEqual([{ algorithm: "sha256", value: SHA("a") }]);
    expect(pkg(s, "tarball").hashes).toEqual([{ algorithm: "sha256", value: SHA("b") }]);
  });

  it("locks numpy twice, each with its resolution markers, and links the project to both", () => {
    expect(pkg(s, "numpy", "1.26.4").markers).toBe("python_full_version < '3.12'");
    expect(pkg(s, "numpy", "2.1.0").markers).toBe("python_full_version >= '3.12'");
    expect(s.edges.filter((e) => e.to.startsWith("pypi:numpy@"))).toEqual([
      { from: "root:.", to: "pypi:numpy@1.26.4", kind: "prod", range: ">=1.26" },
      { from: "root:.", to: "pypi:numpy@2.1.0", kind: "prod", range: ">=1.26" },
    ]);
  });

  it("gives the project's extras and groups their kinds, with ranges from metadata", () => {
    expect(s.edges.filter((e) => e.from === "root:.")).toEqual([
      { from: "root:.", to: "pypi:gitpkg@1.0.0", kind: "optional" },
      { from: "root:.", to: "pypi:numpy@1.26.4", kind: "prod", range: ">=1.26" },
      { from: "root:.", to: "pypi:numpy@2.1.0", kind: "prod", range: ">=1.26" },
      { from: "root:.", to: "pypi:pytest@8.3.3", kind: "dev", range: ">=8" },
      { from: "root:.", to: "pypi:requests@2.32.3", kind: "prod", range: ">=2.31" },
    ]);
  });

  it("links a member's dependencies from its own root, switching on the extra another member asks for", () => {
    expect(s.edges.filter((e) => e.from === "root:packages/demo-lib")).toEqual([
      { from: "root:packages/demo-lib", to: "pypi:localwheel@0.2.0", kind: "prod" },
      { from: "root:packages/demo-lib", to: "pypi:orjson@3.10.7", kind: "prod" },
      { from: "root:packages/demo-lib", to: "pypi:tarball@3.0", kind: "prod" },
      { from: "root:packages/demo-lib", to: "pypi:vendored@vendor/vendored", kind: "prod" },
    ]);
  });

  it("derives scopes: requests[socks] only through the socks extra leaves pysocks optional", () => {
    const scopes = Object.fromEntries(s.packages.map((p) => [`${p.name}@${p.version ?? ""}`, p.scope]));
    expect(scopes).toEqual({
      "colorama@0.4.6": "dev",
      "gitpkg@1.0.0": "optional",
      "iniconfig@2.0.0": "dev",
      "localwheel@0.2.0": "prod",
      "numpy@1.26.4": "prod",
      "numpy@2.1.0": "prod",
      "orjson@3.10.7": "prod",
      "pysocks@1.7.1": "optional",
      "pytest@8.3.3": "dev",
      "requests@2.32.3": "prod",
      "tarball@3.0": "prod",
      "urllib3@2.2.3": "prod",
      "vendored@": "prod",
    });
    expect(s.edges).toContainEqual({
      from: "pypi:requests@2.32.3",
      to: "pypi:pysocks@1.7.1",
      kind: "optional",
    });
  });
});

describe("uv.lock edge cases", () => {
  it("reads a lock without revision as format 1 and warns about a stale project name", () => {
    const { content } = readFixture(FIXTURE);
    const s = parseMemory({
      "uv.lock": content.replace("revision = 3\n", ""),
      "pyproject.toml": '[project]\nname = "renamed-docs"\n',
    });
    expect(s.lockfile.formatVersion).toBe("1");
    expect(s.coverage.warnings).toEqual([
      "pyproject.toml names the project renamed-docs but uv.lock locks renovate-docs (stale lock?)",
    ]);
  });

  it("takes the root from [manifest] requirements when no project is locked", () => {
    const s = parseMemory({
      "uv.lock": `version = 1
[manifest]
requirements = [{ name = "anyio", specifier = ">=4" }]
[manifest.dependency-groups]
dev = [{ name = "ruff" }]
[[package]]
name = "anyio"
version = "4.6.0"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "ruff"
version = "0.6.9"
source = { registry = "https://pypi.org/simple" }
`,
    });
    expect(s.roots).toEqual([{ id: "root:.", path: "." }]);
    expect(s.edges).toEqual([
      { from: "root:.", to: "pypi:anyio@4.6.0", kind: "prod", range: ">=4" },
      { from: "root:.", to: "pypi:ruff@0.6.9", kind: "dev" },
    ]);
  });

  it("falls back to pyproject.toml when the lock has no project entry", () => {
    const s = parseMemory({
      "uv.lock":
        'version = 1\n[[package]]\nname = "anyio"\nversion = "4.6.0"\nsource = { registry = "https://pypi.org/simple" }\n',
      "pyproject.toml": '[project]\nname = "tool"\ndependencies = ["anyio>=4"]\n',
    });
    expect(s.roots).toEqual([{ id: "root:.", path: ".", name: "tool" }]);
    expect(s.edges).toEqual([{ from: "root:.", to: "pypi:anyio@4.6.0", kind: "prod", range: ">=4" }]);
    expect(s.coverage.warnings).toEqual([
      "uv.lock has no project entry: direct dependencies come from pyproject.toml",
    ]);
  });

  it("skips unreadable entries with their lines and warns about references to nothing", () => {
    const s = parseMemory({
      "uv.lock": `version = 1

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "ghost" }, { name = "ok" }]

[[package]]
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "nover"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ok"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
`,
    });
    expect(s.coverage.entries).toBe(3);
    expect(s.coverage.skipped).toEqual([
      { entry: "package #2", reason: "no name", line: 9 },
      { entry: "nover", reason: "no version", line: 13 },
    ]);
    expect(s.coverage.warnings).toEqual(["root:. depends on ghost, which uv.lock does not lock"]);
    expect(s.packages.map((p) => p.id)).toEqual(["pypi:ok@1.0"]);
  });

  it.each([
    ["invalid TOML", 'version = 1\n[[package]]\nname = "a\n', /^not valid TOML/, 3],
    ["TOML that is not a lock", "[tool.ruff]\nline-length = 88\n", /^not a uv\.lock/, undefined],
    ["a lock without a version", '[[package]]\nname = "a"\n', /^not a uv\.lock/, undefined],
  ])("rejects %s with a PARSE error naming the file", (_label, content, message, line) => {
    try {
      parseMemory({ "sub/uv.lock": content }, "sub/uv.lock");
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error)).toBe(true);
      if (!isLockkeeperError(error)) return;
      expect([error.code, error.file, error.line]).toEqual(["PARSE", "sub/uv.lock", line]);
      expect(error.message).toMatch(message);
    }
  });
});

describe("uv.lock against its pyproject.toml", () => {
  const pyproject = (dependencies: string, dev: string) =>
    `[project]\nname = "demo"\nversion = "0.1.0"\ndependencies = [${dependencies}]\n` +
    `[project.optional-dependencies]\nsocks = ["requests[socks]>=2.31"]\n` +
    `[dependency-groups]\ndev = [${dev}]\n[tool.uv.workspace]\nmembers = ["packages/*"]\n`;

  it("matches when pyproject.toml declares what the lock recorded (clauses in any order)", () => {
    const s = parseMemory({
      "uv.lock": WORKSPACE_LOCK,
      "pyproject.toml": pyproject('"numpy >= 1.26", "requests>=2.31"', '"pytest>=8"'),
    });
    expect(s.coverage.warnings).toEqual([]);
  });

  it("takes pyproject.toml's ranges and warns once when the lock is out of date with it", () => {
    const s = parseMemory({
      "uv.lock": WORKSPACE_LOCK,
      "pyproject.toml": pyproject('"numpy>=1.26", "requests>=2.32,<3", "httpx>=0.27"', '"pytest>=8"'),
    });
    expect(s.coverage.warnings).toEqual([
      "out of date with pyproject.toml (uv lock updates it): requests is >=2.32,<3 there, >=2.31 in the lock; httpx >=0.27 (project.dependencies) is not in the lock",
    ]);
    const requests = s.edges.find((e) => e.from === "root:." && e.to.startsWith("pypi:requests@"));
    expect(requests?.range).toBe(">=2.32,<3");
  });
});
