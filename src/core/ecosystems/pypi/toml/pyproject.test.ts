import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCKFILES } from "../../../../test-support/fixtures.js";
import { isLockkeeperError } from "../../../errors.js";
import { type DeclaredDependency, readPyproject } from "./pyproject.js";

const poetryPyproject = readFileSync(join(LOCKFILES, "python/poetry-lock/pyproject.toml"), "utf8");

function find(list: DeclaredDependency[], name: string, section?: string): DeclaredDependency | undefined {
  return list.find((d) => d.name === name && (section === undefined || d.section === section));
}

describe("readPyproject on Poetry's own pyproject.toml", () => {
  const manifest = readPyproject("pyproject.toml", poetryPyproject, "poetry");

  it("reads the project name and version", () => {
    expect(manifest.name).toBe("poetry");
    expect(manifest.version).toBe("2.5.0.dev0");
    expect(manifest.problems).toEqual([]);
  });

  it("counts declarations per table (22 PEP 621, groups dev 1, test 10, typing 2, github-actions 1)", () => {
    const perSection = new Map<string, number>();
    for (const d of manifest.dependencies) perSection.set(d.section, (perSection.get(d.section) ?? 0) + 1);
    expect(Object.fromEntries(perSection)).toEqual({
      "project.dependencies": 22,
      "tool.poetry.group.dev.dependencies": 1,
      "tool.poetry.group.test.dependencies": 10,
      "tool.poetry.group.typing.dependencies": 2,
      "tool.poetry.group.github-actions.dependencies": 1,
    });
  });

  it("gives PEP 621 dependencies prod and every non-main group dev", () => {
    for (const d of manifest.dependencies)
      expect(d.kind, d.section).toBe(d.section === "project.dependencies" ? "prod" : "dev");
  });

  it.each([
    ["build", "project.dependencies", { range: ">=1.2.1,<2.0.0", extras: [] }],
    ["cachecontrol", "project.dependencies", { range: ">=0.14.0,<0.15.0", extras: ["filecache"] }],
    ["pbs-installer", "project.dependencies", { range: ">=2025.6.10", extras: ["download", "install"] }],
    ["xattr", "project.dependencies", { range: ">=1.0.0,<2.0.0", markers: "sys_platform == 'darwin'" }],
    ["pytest-xdist", "tool.poetry.group.test.dependencies", { range: ">=3.1", extras: ["psutil"] }],
    ["dulwich", "tool.poetry.group.test.dependencies", { range: ">=1.2.1" }],
    [
      "pytest-github-actions-annotate-failures",
      "tool.poetry.group.github-actions.dependencies",
      { range: "^0.1.7" },
    ],
  ])("reads %s from %s", (name, section, expected) => {
    expect(find(manifest.dependencies, name, section)).toMatchObject(expected);
  });

  it("keeps a direct reference without a range", () => {
    const core = find(manifest.dependencies, "poetry-core");
    expect(core?.range).toBeUndefined();
    expect(core?.kind).toBe("prod");
  });
});

describe("readPyproject on synthetic manifests", () => {
  it("reads old-style Poetry tables, skipping python and marking optional dependencies", () => {
    const manifest = readPyproject(
      "pyproject.toml",
      `[tool.poetry]
name = "legacy"
version = "1.0.0"
[tool.poetry.dependencies]
python = "^3.8"
requests = "^2.28"
psycopg2 = { version = "^2.9", optional = true }
numpy = [
  { version = "<1.25", python = "<3.9", markers = "python_version < '3.9'" },
  { version = "^1.25", python = ">=3.9" },
]
[tool.poetry.dev-dependencies]
pytest = "^7.0"
[tool.poetry.group.main.dependencies]
click = "*"
[tool.poetry.group.docs.dependencies]
sphinx = { version = "^5", extras = ["docs"] }
`,
      "poetry",
    );
    expect(manifest.name).toBe("legacy");
    expect(manifest.dependencies.map((d) => [d.name, d.kind, d.range])).toEqual([
      ["requests", "prod", "^2.28"],
      ["psycopg2", "optional", "^2.9"],
      ["numpy", "prod", "<1.25"],
      ["numpy", "prod", "^1.25"],
      ["pytest", "dev", "^7.0"],
      ["click", "prod", "*"],
      ["sphinx", "dev", "^5"],
    ]);
    expect(find(manifest.dependencies, "numpy")?.markers).toBe("python_version < '3.9'");
    expect(find(manifest.dependencies, "sphinx")?.extras).toEqual(["docs"]);
  });

  it("reads optional dependencies, PEP 735 groups with include-group, and uv's dev-dependencies", () => {
    const manifest = readPyproject(
      "pyproject.toml",
      `[project]
name = "app"
dependencies = ["httpx>=0.27"]
[project.optional-dependencies]
socks = ["httpx[socks]"]
[dependency-groups]
test = ["pytest>=8"]
dev = [{ include-group = "test" }, "ruff"]
[tool.uv]
dev-dependencies = ["mypy"]
[tool.poetry.dependencies]
ignored-by-uv = "*"
`,
      "uv",
    );
    expect(manifest.dependencies.map((d) => [d.name, d.kind, d.section])).toEqual([
      ["httpx", "prod", "project.dependencies"],
      ["httpx", "optional", "project.optional-dependencies.socks"],
      ["pytest", "dev", "dependency-groups.test"],
      ["pytest", "dev", "dependency-groups.dev"],
      ["ruff", "dev", "dependency-groups.dev"],
      ["mypy", "dev", "tool.uv.dev-dependencies"],
    ]);
    expect(manifest.dependencies[1]?.extras).toEqual(["socks"]);
  });

  it("lists what it cannot read instead of dropping it", () => {
    const manifest = readPyproject(
      "pyproject.toml",
      '[project]\ndependencies = ["ok", "not a requirement!", 3]\n[project.optional-dependencies]\nx = "nope"\n',
      "uv",
    );
    expect(manifest.dependencies.map((d) => d.name)).toEqual(["ok"]);
    expect(manifest.problems).toEqual([
      'project.dependencies: cannot read requirement "not a requirement!"',
      "project.dependencies: cannot read requirement 3",
      "project.optional-dependencies.x is not a list",
    ]);
  });

  it("throws a PARSE error with the line for invalid TOML", () => {
    try {
      readPyproject("sub/pyproject.toml", "[project]\nname = \n", "poetry");
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error) && [error.code, error.file, error.line]).toEqual([
        "PARSE",
        "sub/pyproject.toml",
        2,
      ]);
    }
  });
});
