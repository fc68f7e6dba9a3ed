import { describe, expect, it } from "vitest";
import { parseFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError } from "../../../errors.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { Snapshot } from "../../../model/types.js";
import { bunLockParser } from "./bun-lock.js";

function pkg(s: Snapshot, name: string, version?: string) {
  const found = s.packages.find((p) => p.name === name && (version === undefined || p.version === version));
  if (!found) throw new Error(`no ${name} ${version ?? ""}`);
  return found;
}

function parseMemory(files: Record<string, string>, path = "bun.lock"): Snapshot {
  return bunLockParser.parse({ path, content: files[path] ?? "", files: new MemoryFiles(files) });
}

function parseError(content: string, path = "bun.lock"): unknown {
  try {
    parseMemory({ [path]: content }, path);
  } catch (error: unknown) {
    return error;
  }
  return undefined;
}

// Counts below were taken from the files with JSON.parse (after dropping trailing commas) and
// grep, independently of this parser; hex digests with `base64 -d | xxd -p`.
describe("bun.lock of a workspace monorepo (t3-oss/t3-env)", () => {
  const snapshot = parseFixture(bunLockParser, { dir: "bun/t3-env-workspaces", lockfile: "bun.lock" });

  it("describes the lock and reads every workspace's package.json", () => {
    expect(snapshot.lockfile.format).toBe("bun-lock");
    expect(snapshot.lockfile.formatVersion).toBe("1");
    expect(snapshot.lockfile.manifests).toHaveLength(9);
    expect(snapshot.lockfile.manifests).toContain("packages/core/package.json");
  });

  it("makes each of the 9 workspaces a root, named and versioned as the lock records them", () => {
    expect(snapshot.roots.map((r) => r.path)).toEqual([
      ".",
      "docs",
      "examples/astro-arktype",
      "examples/astro-valibot",
      "examples/astro-zod",
      "examples/nextjs",
      "packages/core",
      "packages/nextjs",
      "packages/nuxt",
    ]);
    expect(snapshot.roots.find((r) => r.path === "packages/core")).toEqual({
      id: "root:packages/core",
      path: "packages/core",
      name: "@t3-oss/env-core",
      version: "0.13.8",
    });
  });

  it("reads all 1,024 package entries (the 8 workspace entries are roots) into 949 name@versions", () => {
    expect(snapshot.coverage).toEqual({ entries: 1024, parsed: 1024, skipped: [], warnings: [] });
    expect(snapshot.packages).toHaveLength(949);
    expect(snapshot.packages.some((p) => p.name === "@t3-oss/env-core")).toBe(false);
  });

  it("links a workspace:* dependency to the workspace, not to a package", () => {
    const fromNextjs = snapshot.edges.filter((e) => e.from === "root:packages/nextjs");
    expect(fromNextjs.some((e) => e.to.includes("@t3-oss/env-core"))).toBe(false);
    // zod is a devDependency and an optional peer there: the stronger kind counts.
    expect(fromNextjs).toContainEqual({
      from: "root:packages/nextjs",
      to: "npm:zod@4.1.5",
      kind: "optional",
      range: "4.1.5",
    });
  });

  it("reads a hoisted package with its integrity, line, scope and purl", () => {
    expect(pkg(snapshot, "zod", "4.1.5")).toMatchObject({
      purl: "pkg:npm/zod@4.1.5",
      scope: "prod",
      direct: true,
      source: { kind: "registry" },
      locations: [{ key: "zod", line: 1839 }],
      hashes: [
        {
          algorithm: "sha512",
          value:
            "adc51466a94b260042df7213dcf34c82c0aae93ccb4041bf122fca4c25343de7525913005e839437ee2dff41fe43c6dd9cb3dda94627bdba094f46e7ff6dbdaa",
        },
      ],
    });
  });

  it("keeps nested copies apart by version and merges copies of one version", () => {
    expect(pkg(snapshot, "zod", "3.25.56").locations).toEqual([
      { key: "astro/zod", line: 1981 },
      { key: "zod-to-json-schema/zod", line: 2079 },
      { key: "zod-to-ts/zod", line: 2081 },
    ]);
    expect(pkg(snapshot, "zod", "3.25.56").direct).toBe(false);
    expect(snapshot.packages.filter((p) => p.name === "semver").map((p) => p.version)).toEqual([
      "6.3.1",
      "7.6.3",
      "7.7.2",
      "7.7.3",
    ]);
  });

  it("follows a nested key's dependency to the nearest enclosing copy", () => {
    // next/sharp (0.34.5) needs its own semver and @img/sharp-linux-x64 copies, nested under it.
    expect(snapshot.edges).toContainEqual({
      from: "npm:sharp@0.34.5",
      to: "npm:semver@7.7.3",
      kind: "prod",
      range: "^7.7.3",
    });
    expect(snapshot.edges).toContainEqual({
      from: "npm:sharp@0.34.5",
      to: "npm:@img/sharp-linux-x64@0.34.5",
      kind: "optional",
      range: "0.34.5",
    });
    expect(pkg(snapshot, "@img/sharp-linux-x64", "0.34.5").scope).toBe("optional");
  });

  it("records npm: aliases under the real package name", () => {
    expect(pkg(snapshot, "string-width", "4.2.3")).toMatchObject({
      aliases: ["string-width-cjs"],
      locations: [
        { key: "string-width-cjs", line: 1655 },
        { key: "ansi-align/string-width", line: 1957 },
        { key: "wrap-ansi-cjs/string-width", line: 2077 },
      ],
    });
  });

  it("scopes development-only tools as dev", () => {
    expect(pkg(snapshot, "vitest")).toMatchObject({ version: "4.0.15", scope: "dev", direct: true });
  });
});

describe("bun.lock of a single project with devDependencies only (honojs/hono)", () => {
  const snapshot = parseFixture(bunLockParser, { dir: "bun/hono", lockfile: "bun.lock" });

  it("reads 1,152 entries into 1,012 packages, all dev", () => {
    expect(snapshot.coverage).toEqual({ entries: 1152, parsed: 1152, skipped: [], warnings: [] });
    expect(snapshot.packages).toHaveLength(1012);
    expect(snapshot.packages.every((p) => p.scope === "dev")).toBe(true);
  });

  it("names the root from package.json, which has the version bun.lock leaves out", () => {
    expect(snapshot.roots).toEqual([{ id: "root:.", path: ".", name: "hono", version: "4.13.3" }]);
  });

  it("has the 24 devDependencies as the direct packages", () => {
    expect(snapshot.packages.filter((p) => p.direct)).toHaveLength(24);
    expect(pkg(snapshot, "zod", "3.23.8")).toMatchObject({
      direct: true,
      locations: [{ key: "zod", line: 1568 }],
      hashes: [
        {
          algorithm: "sha512",
          value:
            "5c1c7d01785792d8d4aa77a9813884e5f95c2886168bfae67b411a8fee58d257edb8606afa3c91bbf99de169eec6a80fd6e6dda4d0ac60460fc6bcd51c3f1dea",
        },
      ],
    });
  });
});

describe("bun.lock with peer and optional peer dependencies (elysiajs/elysia)", () => {
  const snapshot = parseFixture(bunLockParser, { dir: "bun/elysia", lockfile: "bun.lock" });

  it("reads 291 entries into 287 packages", () => {
    expect(snapshot.coverage.entries).toBe(291);
    expect(snapshot.coverage.parsed).toBe(291);
    expect(snapshot.packages).toHaveLength(287);
  });

  it("reports the one range package.json has changed since the lock was written", () => {
    expect(snapshot.coverage.warnings).toEqual([
      "out of date with package.json (bun install updates it): exact-mirror is >= 0.0.9 there, ^0.2.6 in the lock",
    ]);
  });

  it("gives the project's dependencies, peers and optional peers their kinds", () => {
    const fromRoot = (name: string) =>
      snapshot.edges.find((e) => e.from === "root:." && e.to.startsWith(`npm:${name}@`));
    expect(fromRoot("cookie")).toEqual({
      from: "root:.",
      to: "npm:cookie@1.1.1",
      kind: "prod",
      range: "^1.1.1",
    });
    expect(fromRoot("@sinclair/typebox")?.kind).toBe("peer");
    // typescript is a devDependency and an optional peer: the stronger kind counts.
    expect(fromRoot("typescript")?.kind).toBe("optional");
    expect(pkg(snapshot, "cookie", "1.1.1")).toMatchObject({ scope: "prod", direct: true });
    // Also an optional peer of exact-mirror, a production dependency: optional beats peer.
    expect(pkg(snapshot, "@sinclair/typebox")).toMatchObject({ scope: "optional", direct: true });
  });

  it("reads the copy of cookie nested under the elysia package a dev tool pulls in", () => {
    expect(pkg(snapshot, "cookie", "1.1.0")).toMatchObject({
      scope: "dev",
      direct: false,
      locations: [
        { key: "@types/cookie/cookie", line: 610 },
        { key: "elysia/cookie", line: 614 },
      ],
    });
  });
});

describe("bun.lock sources, keys and problems", () => {
  const lock = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "lib-dom": "github:alii/lib-dom-bun-testing",
        "from-git": "git+https://example.com/team/from-git.git#v1",
        "remote": "https://example.com/remote-1.0.0.tgz",
        "local": "./local-2.0.0.tgz",
        "folder": "file:./vendor/folder",
        "linked": "link:linked",
        "shared": "workspace:*",
        "gone": "^1.0.0",
      },
    },
    "packages/shared": {
      "name": "shared",
      "version": "0.1.0",
      "dependencies": { "left-pad": "^1.3.0" },
    },
  },
  "packages": {
    "lib-dom": ["@oven/lib-dom@github:alii/lib-dom-bun-testing#9ed8ccd", {}, "alii-lib-dom-bun-testing-9ed8ccd"],

    "from-git": ["from-git@git+https://example.com/team/from-git.git#v1", { "dependencies": { "left-pad": "^1.0.0" } }, "0123456789abcdef0123456789abcdef01234567"],

    "remote": ["remote@https://example.com/remote-1.0.0.tgz", {}],

    "local": ["local@./local-2.0.0.tgz", {}],

    "folder": ["folder@file:./vendor/folder", {}],

    "linked": ["linked@link:linked", {}],

    "shared": ["shared@workspace:packages/shared"],

    "left-pad": ["left-pad@1.3.0", "https://npm.example.com/", {}, "sha1-W6fPcBnMvYhbcKFEGO0t7yP5TDA="],

    "shared/left-pad": ["left-pad@1.2.0", "", {}, "sha512-AAAA"],

    "broken": "not an array",
  }
}
`;
  const snapshot = parseMemory({ "bun.lock": lock });
  const byName = (name: string) => pkg(snapshot, name);

  it("pins github: and git+ packages to the commit Bun resolved, with a vcs_url purl", () => {
    expect(byName("@oven/lib-dom")).toMatchObject({
      source: { kind: "git", url: "github:alii/lib-dom-bun-testing#9ed8ccd" },
      aliases: ["lib-dom"],
      purl: "pkg:npm/%40oven/lib-dom?vcs_url=github:alii/lib-dom-bun-testing%239ed8ccd",
    });
    expect(byName("from-git").source).toEqual({
      kind: "git",
      url: "git+https://example.com/team/from-git.git#0123456789abcdef0123456789abcdef01234567",
    });
  });

  it("tells remote tarballs (download_url), local tarballs, folders and links apart", () => {
    expect(byName("remote")).toMatchObject({
      source: { kind: "url", url: "https://example.com/remote-1.0.0.tgz" },
      purl: "pkg:npm/remote?download_url=https://example.com/remote-1.0.0.tgz",
    });
    expect(byName("local").source).toEqual({ kind: "file", url: "./local-2.0.0.tgz" });
    expect(byName("folder").source).toEqual({ kind: "file", url: "./vendor/folder" });
    expect(byName("linked").source).toEqual({ kind: "link", url: "linked" });
  });

  it("keeps a registry other than the default, and sha1 integrity", () => {
    expect(pkg(snapshot, "left-pad", "1.3.0")).toMatchObject({
      source: { kind: "registry", url: "https://npm.example.com/" },
      hashes: [{ algorithm: "sha1", value: "5ba7cf7019ccbd885b70a14418ed2def23f94c30" }],
    });
  });

  it("resolves a workspace's dependency to the copy keyed under its name first", () => {
    expect(snapshot.edges).toContainEqual({
      from: "root:packages/shared",
      to: "npm:left-pad@1.2.0",
      kind: "prod",
      range: "^1.3.0",
    });
    expect(snapshot.edges).toContainEqual({
      from: "npm:from-git@git+https://example.com/team/from-git.git#0123456789abcdef0123456789abcdef01234567",
      to: "npm:left-pad@1.3.0",
      kind: "prod",
      range: "^1.0.0",
    });
  });

  it("skips an unreadable entry with its reason and line, and names a dependency that leads nowhere", () => {
    expect(snapshot.coverage.entries).toBe(9);
    expect(snapshot.coverage.skipped).toEqual([
      { entry: "broken", reason: "entry is not an array", line: 42 },
    ]);
    expect(snapshot.coverage.warnings).toContain(
      "1 dependency reference(s) point at no package entry: . → gone",
    );
  });

  it("reads trailing commas and comments, but not commas inside strings", () => {
    const commented = parseMemory({
      "bun.lock": `// written by hand
{
  "lockfileVersion": 1, /* the format */
  "workspaces": { "": { "name": "a,}", "dependencies": { "x": "^1", }, }, },
  "packages": { "x": ["x@1.0.0", "", {}, "sha512-AAAA",], },
}`,
    });
    expect(commented.roots).toEqual([{ id: "root:.", path: ".", name: "a,}" }]);
    expect(commented.packages.map((p) => p.id)).toEqual(["npm:x@1.0.0"]);
  });

  it("points a syntax error at its line", () => {
    const error = parseError(
      '{\n  "lockfileVersion": 1,\n  "packages": {\n    "x": ["x@1.0.0" "" ],\n  },\n}\n',
    );
    expect(isLockkeeperError(error) && error.line).toBe(4);
    expect(isLockkeeperError(error) && error.code).toBe("PARSE");
  });

  it("refuses a lockfileVersion it does not know, naming its line", () => {
    const error = parseError('{\n  "lockfileVersion": 7,\n  "packages": {}\n}\n');
    expect(isLockkeeperError(error) && error.describe()).toBe(
      "bun.lock:2: bun.lock lockfileVersion 7 is not supported (supported: 0 and 1)",
    );
  });
});

describe("bun.lockb", () => {
  it("is claimed, left out beside a bun.lock, and reported as not readable with the command that converts it", () => {
    expect(bunLockParser.matchesFileName("bun.lockb")).toBe(true);
    expect(bunLockParser.replacedBy?.("bun.lockb")).toBe("bun.lock");
    expect(bunLockParser.replacedBy?.("bun.lock")).toBeUndefined();
    const error = parseError("\u0000binary", "app/bun.lockb");
    expect(isLockkeeperError(error) && error.code).toBe("UNREADABLE");
    expect(isLockkeeperError(error) && error.describe()).toBe(
      "app/bun.lockb: Bun's binary lockfile cannot be read; `bun install --save-text-lockfile` writes the text bun.lock, which can",
    );
  });
});
