import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseFixture, readFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError } from "../../../errors.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { Snapshot } from "../../../model/types.js";
import { poetryLockParser } from "./poetry-lock.js";

const FIXTURE = { dir: "python/poetry-lock", lockfile: "poetry.lock" };
const snapshot = parseFixture(poetryLockParser, FIXTURE);

function pkg(s: Snapshot, name: string, version?: string) {
  const found = s.packages.find((p) => p.name === name && (version === undefined || p.version === version));
  if (!found) throw new Error(`no ${name} ${version ?? ""}`);
  return found;
}

function edge(s: Snapshot, from: string, to: string) {
  return s.edges.find((e) => e.from === from && e.to === to);
}

function parseMemory(files: Record<string, string>, path = "poetry.lock"): Snapshot {
  return poetryLockParser.parse({ path, content: files[path] ?? "", files: new MemoryFiles(files) });
}

// Numbers below were counted with Python's tomllib on the fixture, independently of this parser.
describe("poetry.lock 2.1 (python-poetry/poetry)", () => {
  it("describes the lock and the project", () => {
    expect(snapshot.lockfile).toEqual({
      path: "poetry.lock",
      format: "poetry-lock",
      ecosystem: "pypi",
      formatVersion: "2.1",
      manifests: ["pyproject.toml"],
    });
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "poetry", version: "2.5.0.dev0" }]);
  });

  it("reads all 78 entries with no skips or warnings", () => {
    expect(snapshot.coverage).toEqual({ entries: 78, parsed: 78, skipped: [], warnings: [] });
    expect(snapshot.packages).toHaveLength(78);
  });

  it("has 87 package edges (one per [package.dependencies] key) and 35 root edges", () => {
    // 36 declarations in pyproject.toml; dulwich is declared twice (main and test).
    expect(snapshot.edges.filter((e) => e.from === "root:.")).toHaveLength(35);
    expect(snapshot.edges.filter((e) => e.from !== "root:.")).toHaveLength(87);
    expect(snapshot.packages.filter((p) => p.direct)).toHaveLength(35);
  });

  it.each([
    ["anyio", "4.13.0", 2, "08b310f9e24a9594186fd75b4f73f4a4152069e3853f1ed8bfbf58369f4ad708", 3],
    ["cffi", "2.0.0", 84, "0cf2d91ecc3fcc0625c2c530fe004f82c110405f101548512cce44322fa8ac44", 98],
    [
      "charset-normalizer",
      "3.4.7",
      129,
      "cdd68a1fb318e290a2077696b7eb7a21a49163c455979c639bf5a5dcdc46617d",
      208,
    ],
    ["zstandard", "0.25.0", 99, "e59fdc271772f6686e01e1b3b74537259800f57e24280be3f29c8a0deb1904dd", 2159],
  ])("reads %s %s with its %i file hashes", (name, version, count, first, line) => {
    const node = pkg(snapshot, name, version);
    expect(node.hashes).toHaveLength(count);
    expect(node.hashes[0]).toEqual({ algorithm: "sha256", value: first });
    expect(node.source).toEqual({ kind: "registry" });
    expect(node.locations).toEqual([{ line }]);
    expect(node.purl).toBe(`pkg:pypi/${name}@${version}`);
  });

  it("counts 1105 file hashes over the whole lock", () => {
    expect(snapshot.packages.reduce((n, p) => n + p.hashes.length, 0)).toBe(1105);
  });

  it("reads the git source of poetry-core, declared as a direct reference", () => {
    const core = pkg(snapshot, "poetry-core");
    expect(core).toMatchObject({
      version: "2.4.1",
      source: {
        kind: "git",
        url: "git+https://github.com/python-poetry/poetry-core.git@e3998b0e111dc03e4aa721fd054c48e5c7de6fc5",
      },
      hashes: [],
      direct: true,
      scope: "prod",
    });
    expect(edge(snapshot, "root:.", core.id)?.range).toBeUndefined();
  });

  it("keeps package markers, joining per-group markers with or", () => {
    expect(pkg(snapshot, "zipp").markers).toBe('python_version < "3.12"');
    expect(pkg(snapshot, "colorama").markers).toBe('(os_name == "nt") or (sys_platform == "win32")');
    expect(snapshot.packages.filter((p) => p.markers)).toHaveLength(15);
  });

  it.each([
    ["root:.", "pypi:build@1.5.0", "prod", ">=1.2.1,<2.0.0"],
    ["root:.", "pypi:dulwich@1.2.1", "prod", ">=0.25.0,<2"],
    ["root:.", "pypi:pytest@9.0.3", "dev", ">=9.0"],
    ["root:.", "pypi:pytest-github-actions-annotate-failures@0.1.8", "dev", "^0.1.7"],
    ["pypi:keyring@25.7.0", "pypi:secretstorage@3.5.0", "prod", ">=3.2"],
    ["pypi:jaraco-context@6.1.2", "pypi:backports-tarfile@1.2.0", "prod", "*"],
    ["pypi:mypy@1.20.2", "pypi:typing-extensions@4.15.0", "prod", ">=4.6.0"],
    // Optional dependencies switched on by an extra someone asks for take the asker's kind:
    // cachecontrol[filecache] and pbs-installer[download,install] (project), coverage[toml]
    // (pytest-cov, a package) are prod; pytest-xdist[psutil] is asked for by the test group.
    ["pypi:cachecontrol@0.14.4", "pypi:filelock@3.29.0", "prod", ">=3.8.0"],
    ["pypi:pbs-installer@2026.4.7", "pypi:httpx@0.28.1", "prod", ">=0.27.0,<1"],
    ["pypi:pbs-installer@2026.4.7", "pypi:zstandard@0.25.0", "prod", ">=0.21.0"],
    ["pypi:pytest-xdist@3.8.0", "pypi:psutil@7.2.2", "dev", ">=3.0"],
    ["pypi:coverage@7.13.5", "pypi:tomli@2.4.1", "prod", "*"],
  ])("has the edge %s → %s (%s, %s)", (from, to, kind, range) => {
    expect(edge(snapshot, from, to)).toEqual({ from, to, kind, range });
  });

  it("derives the same scope as Poetry's own groups for all 78 packages", () => {
    // Poetry 2.1 records in `groups` which dependency groups need each package: a package is
    // production exactly when "main" is one of them. The graph-derived scope must agree.
    const raw = parse(readFixture(FIXTURE).content) as { package: { name: string; groups: string[] }[] };
    const disagreements = raw.package.flatMap((entry) => {
      const expected = entry.groups.includes("main") ? "prod" : "dev";
      const actual = pkg(snapshot, entry.name).scope;
      return actual === expected ? [] : [`${entry.name}: groups ${entry.groups.join(",")} but ${actual}`];
    });
    expect(disagreements).toEqual([]);
    // Every package is reached from the root, so these scopes come from the graph, not from the
    // `groups` hint the parser also passes for unreachable entries.
    const reached = new Set<string>(["root:."]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of snapshot.edges)
        if (reached.has(e.from) && !reached.has(e.to)) grew = reached.add(e.to) !== undefined;
    }
    expect(snapshot.packages.filter((p) => !reached.has(p.id))).toEqual([]);
    expect(snapshot.packages.filter((p) => p.scope === "prod")).toHaveLength(53);
    expect(snapshot.packages.filter((p) => p.scope === "dev")).toHaveLength(25);
  });

  it.each([
    ["httpx", "prod"], // only through pbs-installer[download]
    ["psutil", "dev"], // only through pytest-xdist[psutil] in the test group
    ["librt", "dev"], // typing group (mypy)
    ["cfgv", "dev"], // dev group (pre-commit)
    ["distlib", "prod"], // virtualenv (main) and pre-commit (dev)
  ])("gives %s the scope %s", (name, scope) => {
    expect(pkg(snapshot, name).scope).toBe(scope);
  });
});

const LOCK_1_1 = `[[package]]
name = "Flask"
version = "2.0.1"
description = "A simple framework for building complex web applications."
category = "main"
optional = false
python-versions = ">=3.6"

[package.dependencies]
asgiref = {version = ">=3.2", optional = true, markers = "extra == \\"async\\""}
click = ">=7.1.2"
Werkzeug = ">=2.0"

[package.extras]
async = ["asgiref (>=3.2)"]
dotenv = ["python-dotenv"]

[[package]]
name = "asgiref"
version = "3.4.1"
description = "ASGI specs, helper code, and adapters"
category = "main"
optional = true
python-versions = ">=3.6"

[[package]]
name = "click"
version = "8.0.1"
description = "Composable command line interface toolkit"
category = "main"
optional = false
python-versions = ">=3.6"

[package.dependencies]
colorama = {version = "*", markers = "platform_system == \\"Windows\\""}
importlib-metadata = {version = "*", markers = "python_version < \\"3.8\\""}

[[package]]
name = "colorama"
version = "0.4.4"
description = "Cross-platform colored terminal text."
category = "main"
optional = false
python-versions = ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*"

[[package]]
name = "werkzeug"
version = "2.0.1"
description = "The comprehensive WSGI web application library."
category = "main"
optional = false
python-versions = ">=3.6"

[[package]]
name = "pytest"
version = "6.2.4"
description = "pytest: simple powerful testing with Python"
category = "dev"
optional = false
python-versions = ">=3.6"

[package.dependencies]
py = ">=1.8.2"

[[package]]
name = "py"
version = "1.10.0"
description = "library with cross-python path, ini-parsing, io, code, log facilities"
category = "dev"
optional = false
python-versions = ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*"

[[package]]
name = "internal-lib"
version = "0.3.0"
description = "From the company index"
category = "main"
optional = false
python-versions = "*"

[package.source]
type = "legacy"
url = "https://pypi.internal.example/simple"
reference = "internal"

[metadata]
lock-version = "1.1"
python-versions = "^3.8"
content-hash = "${"c".repeat(64)}"

[metadata.files]
flask = [
    {file = "Flask-2.0.1-py3-none-any.whl", hash = "sha256:${"a".repeat(64)}"},
    {file = "Flask-2.0.1.tar.gz", hash = "sha256:${"b".repeat(64)}"},
]
asgiref = []
click = [
    {file = "click-8.0.1-py3-none-any.whl", hash = "sha256:${"d".repeat(64)}"},
]
colorama = []
werkzeug = []
pytest = []
py = []
internal-lib = [
    {file = "internal_lib-0.3.0-py3-none-any.whl", hash = "sha256:${"e".repeat(64)}"},
]
`;

const PYPROJECT_1_1 = `[tool.poetry]
name = "legacy-app"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.8"
Flask = {version = "^2.0", extras = ["async"]}
internal-lib = {version = "^0.3", source = "internal"}

[tool.poetry.dev-dependencies]
pytest = "^6.2"
`;

describe("poetry.lock 1.1 (category and [metadata.files])", () => {
  const withManifest = parseMemory(
    { "app/poetry.lock": LOCK_1_1, "app/pyproject.toml": PYPROJECT_1_1 },
    "app/poetry.lock",
  );

  it("reads lock-version, the manifest beside the lock and the project root", () => {
    expect(withManifest.lockfile.formatVersion).toBe("1.1");
    expect(withManifest.lockfile.manifests).toEqual(["app/pyproject.toml"]);
    expect(withManifest.roots).toEqual([{ id: "root:.", path: ".", name: "legacy-app", version: "0.1.0" }]);
    expect(withManifest.coverage).toEqual({ entries: 8, parsed: 8, skipped: [], warnings: [] });
  });

  it("takes hashes from [metadata.files] and keeps the lock's spelling for display", () => {
    const flask = pkg(withManifest, "flask");
    expect(flask.displayName).toBe("Flask");
    expect(flask.hashes).toEqual([
      { algorithm: "sha256", value: "a".repeat(64) },
      { algorithm: "sha256", value: "b".repeat(64) },
    ]);
    expect(pkg(withManifest, "click").hashes).toHaveLength(1);
    expect(pkg(withManifest, "werkzeug").hashes).toEqual([]);
  });

  it("reads a legacy source as a private registry", () => {
    expect(pkg(withManifest, "internal-lib").source).toEqual({
      kind: "registry",
      url: "https://pypi.internal.example/simple",
    });
  });

  it("derives scopes from pyproject.toml, switching on asgiref through flask[async]", () => {
    const scopes = Object.fromEntries(withManifest.packages.map((p) => [p.name, [p.scope, p.direct]]));
    expect(scopes).toEqual({
      asgiref: ["prod", false],
      click: ["prod", false],
      colorama: ["prod", false],
      flask: ["prod", true],
      "internal-lib": ["prod", true],
      py: ["dev", false],
      pytest: ["dev", true],
      werkzeug: ["prod", false],
    });
    expect(edge(withManifest, "root:.", "pypi:flask@2.0.1")).toMatchObject({ kind: "prod", range: "^2.0" });
    expect(edge(withManifest, "pypi:flask@2.0.1", "pypi:werkzeug@2.0.1")?.range).toBe(">=2.0");
  });

  it("leaves marker-guarded dependencies Poetry did not lock out of the warnings", () => {
    // click → importlib-metadata (python_version < "3.8") is not in the lock; that is expected.
    expect(withManifest.coverage.warnings).toEqual([]);
  });

  it("falls back to category without pyproject.toml, and says so", () => {
    const alone = parseMemory({ "poetry.lock": LOCK_1_1 });
    expect(alone.roots).toEqual([{ id: "root:.", path: "." }]);
    expect(alone.lockfile.manifests).toEqual([]);
    expect(alone.coverage.warnings).toHaveLength(1);
    expect(alone.coverage.warnings[0]).toMatch(/pyproject\.toml not found/);
    const scopes = Object.fromEntries(alone.packages.map((p) => [p.name, [p.scope, p.direct]]));
    expect(scopes).toEqual({
      // asgiref is `optional = true`: only an extra of the project installs it.
      asgiref: ["optional", false],
      click: ["prod", false],
      colorama: ["prod", false],
      flask: ["prod", true],
      "internal-lib": ["prod", true],
      py: ["dev", false],
      pytest: ["dev", true],
      werkzeug: ["prod", false],
    });
  });
});

describe("poetry.lock edge cases", () => {
  it("falls back to the 2.x groups without pyproject.toml", () => {
    const { content } = readFixture(FIXTURE);
    const alone = parseMemory({ "poetry.lock": content });
    const raw = parse(content) as { package: { name: string; groups: string[] }[] };
    for (const entry of raw.package)
      expect(pkg(alone, entry.name).scope, entry.name).toBe(entry.groups.includes("main") ? "prod" : "dev");
  });

  it("chooses among several locked versions by the declared range", () => {
    const lock = `[[package]]
name = "numpy"
version = "1.24.4"
optional = false
python-versions = ">=3.8"
groups = ["main"]
markers = "python_version < \\"3.9\\""
files = []

[[package]]
name = "numpy"
version = "2.0.2"
optional = false
python-versions = ">=3.9"
groups = ["main"]
markers = "python_version >= \\"3.9\\""
files = []

[[package]]
name = "pandas"
version = "2.0.3"
optional = false
python-versions = ">=3.8"
groups = ["main"]
files = []

[package.dependencies]
numpy = [
    {version = ">=1.20.3,<1.25", markers = "python_version < \\"3.9\\""},
    {version = ">=2.0", markers = "python_version >= \\"3.9\\""},
]

[metadata]
lock-version = "2.1"
python-versions = ">=3.8"
content-hash = "x"
`;
    const s = parseMemory({
      "poetry.lock": lock,
      "pyproject.toml":
        '[project]\nname = "p"\ndependencies = ["pandas", "numpy (>=2.0) ; python_version >= \'3.9\'"]\n',
    });
    expect(s.edges).toEqual([
      { from: "pypi:pandas@2.0.3", to: "pypi:numpy@1.24.4", kind: "prod", range: ">=1.20.3,<1.25" },
      { from: "pypi:pandas@2.0.3", to: "pypi:numpy@2.0.2", kind: "prod", range: ">=2.0" },
      { from: "root:.", to: "pypi:numpy@2.0.2", kind: "prod", range: ">=2.0" },
      { from: "root:.", to: "pypi:pandas@2.0.3", kind: "prod" },
    ]);
  });

  it("skips entries it cannot read, with their lines, and keeps the rest", () => {
    const lock = `[[package]]
name = "ok"
version = "1.0"

[[package]]
version = "2.0"

[[package]]
name = "noversion"
`;
    const s = parseMemory({ "poetry.lock": lock });
    expect(s.coverage.entries).toBe(3);
    expect(s.coverage.skipped).toEqual([
      { entry: "package #2", reason: "no name", line: 5 },
      { entry: "noversion", reason: "no version", line: 8 },
    ]);
    // A non-table entry cannot be written as [[package]]; an inline array can hold one.
    const inline = parseMemory({ "poetry.lock": 'package = [1, {name = "a", version = "1"}]\n' });
    expect(inline.coverage.skipped).toEqual([{ entry: "package #1", reason: "not a table" }]);
    expect(inline.packages.map((p) => p.id)).toEqual(["pypi:a@1"]);
  });

  it("reads an empty lock (package = [])", () => {
    const s = parseMemory({ "poetry.lock": 'package = []\n\n[metadata]\nlock-version = "2.0"\n' });
    expect(s.lockfile.formatVersion).toBe("2.0");
    expect(s.packages).toEqual([]);
    expect(s.coverage.entries).toBe(0);
  });

  it.each([
    ["invalid TOML", '[[package]]\nname = "a"\nversion = \n', /^not valid TOML/, 3],
    ["TOML that is not a lock", "[tool.black]\nline-length = 88\n", /^not a poetry\.lock/, undefined],
  ])("rejects %s with a PARSE error naming the file", (_label, content, message, line) => {
    try {
      parseMemory({ "sub/poetry.lock": content }, "sub/poetry.lock");
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error)).toBe(true);
      if (!isLockkeeperError(error)) return;
      expect([error.code, error.file, error.line]).toEqual(["PARSE", "sub/poetry.lock", line]);
      expect(error.message).toMatch(message);
    }
  });

  it("warns about an unreadable pyproject.toml and falls back to the groups", () => {
    const { content } = readFixture(FIXTURE);
    const s = parseMemory({ "poetry.lock": content, "pyproject.toml": "[project\n" });
    expect(s.coverage.warnings).toHaveLength(1);
    expect(s.coverage.warnings[0]).toMatch(
      /^pyproject\.toml:1: not valid TOML: .+; scopes come from the lock's groups\/category instead$/,
    );
    expect(pkg(s, "pytest").scope).toBe("dev");
  });

  it("scopes entries no declaration reaches by their groups (a stale lock)", () => {
    const { content } = readFixture(FIXTURE);
    const s = parseMemory({
      "poetry.lock": content,
      "pyproject.toml": '[project]\nname = "p"\ndependencies = ["pytest-cov"]\n',
    });
    // coverage is reached through pytest-cov (declared as prod here); cleo and pre-commit are
    // not reached and fall back to their groups, main and dev.
    expect([pkg(s, "coverage").scope, pkg(s, "cleo").scope, pkg(s, "pre-commit").scope]).toEqual([
      "prod",
      "prod",
      "dev",
    ]);
    expect(pkg(s, "cleo").direct).toBe(false);
  });

  it("warns when pyproject.toml declares a dependency the lock does not have", () => {
    const { content } = readFixture(FIXTURE);
    const s = parseMemory({
      "poetry.lock": content,
      "pyproject.toml": '[project]\nname = "p"\ndependencies = ["requests", "left-pad (>=1)"]\n',
    });
    expect(s.coverage.warnings).toEqual([
      "pyproject.toml declares left-pad, which poetry.lock does not lock (stale lock?)",
    ]);
  });
});
