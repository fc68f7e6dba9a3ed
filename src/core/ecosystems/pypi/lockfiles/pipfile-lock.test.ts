import { describe, expect, it } from "vitest";
import { parseFixture, readFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError } from "../../../errors.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { PackageNode, Snapshot } from "../../../model/types.js";
import { pipfileLockParser } from "./pipfile-lock.js";

const fixture = { dir: "python/osv-schema-pipenv", lockfile: "Pipfile.lock" };

function pkg(snapshot: Snapshot, name: string): PackageNode {
  const found = snapshot.packages.filter((p) => p.name === name);
  const [only] = found;
  if (!only || found.length !== 1) throw new Error(`${name}: ${found.length} packages`);
  return only;
}

function parseText(content: string, files: Record<string, string> = {}): Snapshot {
  return pipfileLockParser.parse({ path: "Pipfile.lock", content, files: new MemoryFiles(files) });
}

describe("pipfile-lock: osv-schema's Pipfile.lock", () => {
  const snapshot = parseFixture(pipfileLockParser, fixture);

  it("reads default as prod and develop as dev", () => {
    // python: len(default) == 51, len(develop) == 8, no name in both.
    expect(snapshot.lockfile).toMatchObject({ formatVersion: "6", manifests: ["Pipfile"] });
    expect(snapshot.packages).toHaveLength(59);
    expect(snapshot.coverage).toMatchObject({ entries: 59, parsed: 59, skipped: [], warnings: [] });
    expect(snapshot.packages.filter((p) => p.scope === "prod")).toHaveLength(51);
    expect(snapshot.packages.filter((p) => p.scope === "dev").map((p) => p.name)).toEqual([
      "astroid",
      "dill",
      "isort",
      "mccabe",
      "platformdirs",
      "pylint",
      "tomlkit",
      "yapf",
    ]);
    expect(snapshot.edges).toEqual([]);
  });

  it("marks the Pipfile's packages direct", () => {
    expect(
      snapshot.packages
        .filter((p) => p.direct)
        .map((p) => `${p.name}@${p.version}:${p.scope}`)
        .sort(),
    ).toEqual(["osv@0.1.3:prod", "pylint@4.0.6:dev", "requests@2.34.2:prod", "yapf@0.43.0:dev"]);
  });

  it("keeps versions, hashes, markers and the entry's line", () => {
    // python: sum of len(hashes) over default == 694, develop == 16.
    expect(snapshot.packages.reduce((sum, p) => sum + p.hashes.length, 0)).toBe(710);
    expect(pkg(snapshot, "cffi").hashes).toHaveLength(84);
    expect(pkg(snapshot, "rpds-py").hashes).toHaveLength(115);
    expect(pkg(snapshot, "pylint")).toMatchObject({
      version: "4.0.6",
      markers: "python_full_version >= '3.10.0'",
      locations: [{ key: "develop/pylint", line: 1068 }],
      hashes: [
        { algorithm: "sha256", value: "52f19191bee08bf103f9705ad1a0ece4aa5a0a4ef2bdcbd969375a1e6f6579d5" },
        { algorithm: "sha256", value: "d11a0e1fdb7b1cd46ec5d6fc78fee8b95f28695b2d6140e5809925f61e32ea54" },
      ],
    });
    expect(pkg(snapshot, "cryptography").markers).toBe(
      "python_version >= '3.9' and python_full_version not in '3.9.0, 3.9.1'",
    );
    expect(pkg(snapshot, "packaging-legacy").markers).toBeUndefined();
    expect(pkg(snapshot, "opentelemetry-semantic-conventions").version).toBe("0.62b1");
  });

  it("counts everything as direct, with a warning, when the Pipfile is missing", () => {
    const { content } = readFixture(fixture);
    const alone = parseText(content);
    expect(alone.packages.every((p) => p.direct)).toBe(true);
    expect(alone.lockfile.manifests).toEqual([]);
    expect(alone.coverage.warnings).toEqual([
      "no Pipfile beside Pipfile.lock: every locked package is counted as direct",
    ]);
  });
});

describe("pipfile-lock: sources, sections and bad entries", () => {
  const lock = {
    _meta: { "pipfile-spec": 6, sources: [{ name: "private", url: "https://pypi.example.org/simple" }] },
    default: {
      shared: { version: "==1.0", index: "private" },
      tool: { git: "https://github.com/org/tool.git", ref: "abc123", editable: true },
      local: { path: "./libs/local", editable: true },
      wheel: { file: "https://example.org/wheel-2.0-py3-none-any.whl", version: "==2.0" },
      loose: { version: ">=1" },
      broken: "not an object",
      badhash: { version: "==1", hashes: ["md4:zz", "sha256:ABCD"] },
    },
    develop: { shared: { version: "==1.0" }, pytest: { version: "==8.0", extras: 3 } },
  };
  const pipfile =
    '[packages]\nshared = "*"\ntool = {git = "https://github.com/org/tool.git"}\nmissing = "*"\n';
  const snapshot = parseText(JSON.stringify(lock, null, 4), { Pipfile: pipfile });

  it("reads git, path and file entries with their sources", () => {
    expect(pkg(snapshot, "tool")).toMatchObject({
      source: { kind: "git", url: "git+https://github.com/org/tool.git@abc123" },
      direct: true,
    });
    expect(pkg(snapshot, "tool").version).toBeUndefined();
    expect(pkg(snapshot, "local").source).toEqual({ kind: "file", url: "./libs/local" });
    expect(pkg(snapshot, "wheel")).toMatchObject({ version: "2.0", source: { kind: "url" } });
    expect(pkg(snapshot, "shared")).toMatchObject({
      scope: "prod",
      direct: true,
      source: { kind: "registry", url: "https://pypi.example.org/simple" },
    });
    expect(pkg(snapshot, "loose")).toMatchObject({ requirement: ">=1", direct: false });
  });

  it("skips malformed entries and warns about the rest", () => {
    expect(snapshot.coverage.entries).toBe(9);
    expect(snapshot.coverage.skipped).toEqual([
      { entry: "default/broken", line: 32, reason: "entry is not an object" },
      { entry: "develop/pytest", line: 45, reason: '"extras" is not a list of strings' },
    ]);
    expect(pkg(snapshot, "badhash").hashes).toEqual([{ algorithm: "sha256", value: "abcd" }]);
    expect(snapshot.coverage.warnings).toEqual([
      "default/tool: git package (git+https://github.com/org/tool.git@abc123), not pinned to a registry version",
      "default/local: file package (./libs/local), not pinned to a registry version",
      "default/wheel: url package (https://example.org/wheel-2.0-py3-none-any.whl), not pinned to a registry version",
      "default/loose: no pinned version (>=1)",
      "default/badhash: hash md4:zz is not a known algorithm:hex digest; ignored",
      "Pipfile declares packages Pipfile.lock does not lock (out of date?): missing",
    ]);
  });
});

describe("pipfile-lock: pipenv categories", () => {
  it("reads a custom category as dev, a package also in default as prod, and its Pipfile table as direct", () => {
    const lock = {
      _meta: { "pipfile-spec": 6 },
      default: { requests: { version: "==2.0" } },
      docs: { sphinx: { version: "==7.0" }, requests: { version: "==2.0" } },
    };
    const snapshot = parseText(JSON.stringify(lock), {
      Pipfile: '[packages]\nrequests = "*"\n\n[docs]\nsphinx = "*"\n',
    });
    expect(snapshot.packages.map((p) => [p.id, p.scope, p.direct])).toEqual([
      ["pypi:requests@2.0", "prod", true],
      ["pypi:sphinx@7.0", "dev", true],
    ]);
    expect(snapshot.coverage).toMatchObject({ entries: 3, parsed: 3 });
  });
});

describe("pipfile-lock: unreadable files", () => {
  const cases: [string, string, number, RegExp][] = [
    ["truncated JSON", '{\n    "_meta": {\n        "pipfile-spec": 6\n', 4, /invalid JSON/],
    ["a bad token", '{\n  "default": {\n    "a": nope\n  }\n}', 3, /invalid JSON/],
    ["an array", "[1, 2, 3]", 1, /top level is not a JSON object/],
    ["another JSON document", '{"name": "x"}', 1, /no _meta, default or develop/],
  ];
  for (const [what, content, line, message] of cases) {
    it(`rejects ${what} with the file and line`, () => {
      try {
        parseText(content);
        expect.unreachable();
      } catch (error: unknown) {
        expect(isLockkeeperError(error)).toBe(true);
        if (!isLockkeeperError(error)) return;
        expect({ code: error.code, file: error.file, line: error.line }).toEqual({
          code: "PARSE",
          file: "Pipfile.lock",
          line,
        });
        expect(error.message).toMatch(message);
      }
    });
  }
});
