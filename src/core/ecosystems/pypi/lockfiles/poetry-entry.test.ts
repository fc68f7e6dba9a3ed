import { describe, expect, it } from "vitest";
import {
  extrasByDependency,
  extrasInMarker,
  LegacyHashes,
  poetryConstraints,
  poetryMarkers,
  poetrySource,
} from "./poetry-entry.js";

const SHA = (c: string) => c.repeat(64);

describe("poetrySource", () => {
  it.each([
    [undefined, { kind: "registry" }],
    [
      { type: "legacy", url: "https://pypi.example.com/simple", reference: "private" },
      {
        kind: "registry",
        url: "https://pypi.example.com/simple",
      },
    ],
    [
      {
        type: "git",
        url: "https://github.com/python-poetry/poetry-core.git",
        reference: "HEAD",
        resolved_reference: "e3998b0",
      },
      { kind: "git", url: "git+https://github.com/python-poetry/poetry-core.git@e3998b0" },
    ],
    [
      { type: "git", url: "https://github.com/org/mono.git", reference: "v1", subdirectory: "libs/a" },
      { kind: "git", url: "git+https://github.com/org/mono.git@v1#subdirectory=libs/a" },
    ],
    [
      { type: "url", url: "https://example.com/pkg-1.0.tar.gz" },
      { kind: "url", url: "https://example.com/pkg-1.0.tar.gz" },
    ],
    [
      { type: "file", url: "dist/pkg-1.0-py3-none-any.whl" },
      { kind: "file", url: "dist/pkg-1.0-py3-none-any.whl" },
    ],
    [
      { type: "directory", url: "../lib" },
      { kind: "file", url: "../lib" },
    ],
  ])("reads %j", (table, expected) => {
    expect(poetrySource(table).source).toEqual(expected);
  });

  it("reads an unknown type as a registry and names the type", () => {
    expect(poetrySource({ type: "hg", url: "https://x" })).toEqual({
      source: { kind: "registry", url: "https://x" },
      unknownType: "hg",
    });
  });
});

describe("LegacyHashes (lock-version 1.x)", () => {
  const metadata = {
    files: {
      Flask: [{ file: "Flask-2.0.1-py3-none-any.whl", hash: `sha256:${SHA("a")}` }],
      numpy: [
        { file: "numpy-1.21.6-cp37-cp37m-manylinux1_x86_64.whl", hash: `sha256:${SHA("1")}` },
        { file: "numpy-1.21.6.zip", hash: `sha256:${SHA("2")}` },
        { file: "numpy-1.24.4-cp38-cp38-manylinux1_x86_64.whl", hash: `sha256:${SHA("3")}` },
        { file: "numpy-1.24.4.tar.gz", hash: `sha256:${SHA("4")}` },
      ],
    },
    hashes: { oldpkg: [SHA("B"), "not-a-hash"] },
  };
  const hashes = new LegacyHashes(
    metadata,
    new Map([
      ["numpy", 2],
      ["flask", 1],
      ["oldpkg", 1],
    ]),
  );

  it("finds a name's files whatever its spelling", () => {
    expect(hashes.hashesFor("flask", "2.0.1")).toEqual([{ algorithm: "sha256", value: SHA("a") }]);
  });

  it("splits a name locked at two versions by file name", () => {
    expect(hashes.hashesFor("numpy", "1.21.6").map((h) => h.value)).toEqual([SHA("1"), SHA("2")]);
    expect(hashes.hashesFor("numpy", "1.24.4").map((h) => h.value)).toEqual([SHA("3"), SHA("4")]);
  });

  it("reads the bare sha256 digests of [metadata.hashes] and ignores anything else", () => {
    expect(hashes.hashesFor("OldPkg", "0.1")).toEqual([{ algorithm: "sha256", value: SHA("b") }]);
  });
});

describe("poetryMarkers", () => {
  it.each([
    ['python_version < "3.12"', 'python_version < "3.12"'],
    [
      { main: 'os_name == "nt"', test: 'sys_platform == "win32"', dev: 'os_name == "nt"' },
      '(os_name == "nt") or (sys_platform == "win32")',
    ],
    [{ main: 'sys_platform == "linux"' }, 'sys_platform == "linux"'],
    ["", undefined],
    [3, undefined],
  ])("reads %j", (value, expected) => {
    expect(poetryMarkers(value)).toBe(expected);
  });
});

describe("extrasByDependency", () => {
  it("maps each optional dependency to the extras naming it, following self-references", () => {
    const extras = {
      filecache: ["filelock (>=3.8.0)"],
      redis: ["redis (>=2.10.5)"],
      dev: ["CacheControl[filecache,redis]", "pytest"],
    };
    expect(Object.fromEntries(extrasByDependency(extras, "cachecontrol"))).toEqual({
      filelock: ["filecache", "dev"],
      redis: ["redis", "dev"],
      pytest: ["dev"],
    });
  });

  it("reads extras named in markers for locks without [package.extras]", () => {
    expect(extrasInMarker('python_version < "3.11" and extra == "Toml" or extra == \'yaml\'')).toEqual([
      "toml",
      "yaml",
    ]);
    expect(extrasInMarker(undefined)).toEqual([]);
  });
});

describe("poetryConstraints", () => {
  it("reads strings, tables and lists of tables", () => {
    expect(poetryConstraints(">=2.8")).toEqual([{ range: ">=2.8", optional: false, extras: [] }]);
    expect(
      poetryConstraints({
        version: ">=3.8.0",
        optional: true,
        markers: 'extra == "filecache"',
        extras: ["x"],
      }),
    ).toEqual([{ range: ">=3.8.0", optional: true, extras: ["x"], markers: 'extra == "filecache"' }]);
    expect(
      poetryConstraints([
        { version: ">=4.6.0", markers: 'python_version < "3.15"' },
        { version: ">=4.14.0", markers: 'python_version >= "3.15"' },
      ])?.map((c) => c.range),
    ).toEqual([">=4.6.0", ">=4.14.0"]);
    expect(poetryConstraints(3)).toBeUndefined();
  });
});
