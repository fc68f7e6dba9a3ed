/**
 * yarn.lock on the two real fixtures. Expected counts were computed independently: classic with
 * a small Python line reader, berry with PyYAML, both resolving `name@range` against entry keys
 * and deriving scopes by their own breadth-first search from package.json.
 */
import { describe, expect, it } from "vitest";
import { parseFixture } from "../../../../test-support/parse-fixture.js";
import type { Edge, PackageNode, Snapshot } from "../../../model/types.js";
import { yarnLockParser } from "./yarn-lock.js";

const webpack = parseFixture(yarnLockParser, { dir: "yarn/webpack-v1", lockfile: "yarn.lock" });
const jest = parseFixture(yarnLockParser, { dir: "yarn/jest-berry", lockfile: "yarn.lock" });

function pkg(snapshot: Snapshot, nameAtVersion: string): PackageNode {
  const found = snapshot.packages.find((p) => p.id === `npm:${nameAtVersion}`);
  if (!found) throw new Error(`no package ${nameAtVersion}`);
  return found;
}

function edge(snapshot: Snapshot, from: string, to: string): Edge | undefined {
  const fromId = from.startsWith("root:") ? from : `npm:${from}`;
  return snapshot.edges.find((e) => e.from === fromId && e.to === `npm:${to}`);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe("yarn classic: webpack-v1", () => {
  it("reads the format version, manifest and every entry", () => {
    expect(webpack.lockfile.formatVersion).toBe("1");
    expect(webpack.lockfile.manifests).toEqual(["package.json"]);
    // 1397 entries; 4 aliases (prettier-2, string-width-cjs, …) share a node with their target.
    expect(webpack.coverage).toMatchObject({ entries: 1397, parsed: 1397, skipped: [], warnings: [] });
    expect(webpack.packages).toHaveLength(1393);
  });

  it("builds the graph and derives scopes from package.json", () => {
    expect(webpack.roots).toEqual([{ id: "root:.", path: ".", name: "webpack", version: "5.109.2" }]);
    expect(webpack.edges).toHaveLength(2963);
    expect(webpack.edges.filter((e) => e.from === "root:.")).toHaveLength(113);
    expect(webpack.edges.filter((e) => e.kind === "optional")).toHaveLength(55);
    expect(countBy(webpack.packages, (p) => p.scope)).toEqual({ prod: 63, dev: 1330 });
  });

  it.each([
    ["tapable@2.3.3", "prod", true],
    ["enhanced-resolve@5.24.5", "prod", true],
    ["caniuse-lite@1.0.30001809", "prod", false],
    ["source-map@0.6.1", "prod", false],
    ["eslint@9.39.4", "dev", true],
    ["@babel/core@8.0.1", "dev", true],
    ["@babel/core@7.29.7", "dev", false],
    ["@pkgjs/parseargs@0.11.0", "dev", false],
  ])("%s is %s (direct: %s)", (id, scope, direct) => {
    expect(pkg(webpack, id)).toMatchObject({ scope, direct });
  });

  it("keeps multi-descriptor entries as one package with the entry's line", () => {
    expect(pkg(webpack, "acorn@8.18.0").locations).toEqual([
      { key: "acorn@^8.15.0, acorn@^8.16.0, acorn@^8.5.0", line: 2867 },
    ]);
    expect(pkg(webpack, "@babel/code-frame@7.29.7").locations[0]?.line).toBe(14);
  });

  it("reads resolved #sha1 and integrity as hashes", () => {
    expect(pkg(webpack, "acorn@8.18.0").hashes).toContainEqual({
      algorithm: "sha1",
      value: "4faf01b2d6d326bfeed97aea1f52220b5f4c1940",
    });
    expect(
      pkg(webpack, "acorn@8.18.0")
        .hashes.map((h) => h.algorithm)
        .sort(),
    ).toEqual(["sha1", "sha512"]);
    expect(pkg(webpack, "acorn@8.18.0").source).toEqual({
      kind: "registry",
      url: "https://registry.yarnpkg.com/acorn/-/acorn-8.18.0.tgz",
    });
  });

  it("resolves npm: aliases to the real package", () => {
    const prettier = pkg(webpack, "prettier@2.8.8");
    expect(prettier.aliases).toEqual(["prettier-2"]);
    expect(prettier.locations.map((l) => l.key)).toEqual(["prettier-2@npm:prettier@^2", "prettier@^2.7.1"]);
    expect(pkg(webpack, "react-is@18.3.1").aliases).toEqual(["react-is-18"]);
    expect(webpack.packages.some((p) => p.name === "prettier-2")).toBe(false);
  });

  it("reads a GitHub dependency as git, without taking its commit for a hash", () => {
    expect(pkg(webpack, "tooling@1.28.1")).toMatchObject({
      source: {
        kind: "git",
        url: "https://codeload.github.com/webpack/tooling/tar.gz/4c13a00ac84cf0e2dd57c457cd1ce46faa9e456a",
      },
      hashes: [],
      scope: "dev",
      direct: true,
    });
  });

  it("links dependencies by exact name@range, optional ones as optional", () => {
    expect(edge(webpack, "root:.", "tapable@2.3.3")).toEqual({
      from: "root:.",
      to: "npm:tapable@2.3.3",
      kind: "prod",
      range: "^2.3.0",
    });
    expect(edge(webpack, "root:.", "@babel/core@8.0.1")?.kind).toBe("dev");
    expect(edge(webpack, "@babel/core@7.29.7", "@babel/code-frame@7.29.7")?.range).toBe("^7.29.7");
    expect(edge(webpack, "jackspeak@3.4.3", "@pkgjs/parseargs@0.11.0")?.kind).toBe("optional");
  });
});

describe("yarn berry: jest-berry", () => {
  it("reads the format version and every non-workspace entry", () => {
    expect(jest.lockfile.formatVersion).toBe("berry-10");
    // 2228 top-level blocks: __metadata, 71 workspaces and 2156 package entries, 2150 distinct name@version.
    expect(jest.coverage).toMatchObject({ entries: 2156, parsed: 2156, skipped: [] });
    expect(jest.packages).toHaveLength(2150);
  });

  it("makes every workspace a root, named from its lock entry", () => {
    expect(jest.roots).toHaveLength(71);
    expect(jest.roots.find((r) => r.path === ".")).toEqual({
      id: "root:.",
      path: ".",
      name: "@jest/monorepo",
      version: "0.0.0",
    });
    expect(jest.roots.find((r) => r.path === "packages/jest-console")).toEqual({
      id: "root:packages/jest-console",
      path: "packages/jest-console",
      name: "@jest/console",
    });
    expect(jest.packages.some((p) => p.name === "@jest/console" || p.name === "@jest/monorepo")).toBe(false);
  });

  it("warns that workspace manifests are missing and says what that means", () => {
    expect(jest.lockfile.manifests).toEqual(["package.json"]);
    const warning = jest.coverage.warnings.find((w) => w.startsWith("70 workspace manifest(s) not found"));
    expect(warning).toContain("packages/jest-console/package.json");
    expect(jest.coverage.warnings.some((w) => w.includes("match no yarn.lock entry"))).toBe(false);
  });

  it("builds the graph, applying root resolutions, and derives scopes", () => {
    expect(jest.edges).toHaveLength(5078);
    expect(jest.edges.filter((e) => e.from.startsWith("root:"))).toHaveLength(451);
    expect(jest.packages.filter((p) => p.direct)).toHaveLength(212);
    expect(countBy(jest.packages, (p) => p.scope)).toEqual({ prod: 1719, optional: 95, dev: 336 });
  });

  it.each([
    ["jest-silent-reporter@0.6.0", "dev", true],
    ["eslint@10.8.1", "dev", true],
    ["node-gyp@12.4.0", "dev", false],
    ["chalk@4.1.2", "prod", true],
    ["node-gyp@13.0.1", "prod", false],
    ["fsevents@2.3.3", "optional", false],
    ["@parcel/watcher-linux-x64-glibc@2.6.0", "optional", false],
  ])("%s is %s (direct: %s)", (id, scope, direct) => {
    expect(pkg(jest, id)).toMatchObject({ scope, direct });
  });

  it("reads optional dependencies from dependenciesMeta", () => {
    expect(edge(jest, "@parcel/watcher@2.6.0", "@parcel/watcher-linux-x64-glibc@2.6.0")?.kind).toBe(
      "optional",
    );
    expect(edge(jest, "@parcel/watcher@2.6.0", "picomatch@4.0.5")?.kind).toBe("prod");
  });

  it("matches npm:-prefixed keys against manifest ranges and writes ranges without npm:", () => {
    expect(edge(jest, "root:.", "jest-silent-reporter@0.6.0")).toEqual({
      from: "root:.",
      to: "npm:jest-silent-reporter@0.6.0",
      kind: "dev",
      range: "^0.6.0",
    });
  });

  it("follows resolutions: global, per parent and to a patch", () => {
    // "@types/node": "18.x" turns every `npm:*` request into the 18.x entry.
    expect(edge(jest, "@jest/types@29.6.3", "@types/node@18.19.130")?.range).toBe("*");
    // "ansi-escapes/type-fest": "^2.0.0" applies to ansi-escapes only.
    expect(edge(jest, "ansi-escapes@4.3.2", "type-fest@2.19.0")).toBeDefined();
    // "lru-cache@^10.0.1": "patch:lru-cache@npm:10.4.3#…": keyed by the patch descriptor.
    expect(edge(jest, "hosted-git-info@8.1.0", "lru-cache@10.4.3")?.range).toBe("^10.0.1");
  });

  it("keeps patched packages as their underlying registry package, patch in the location key", () => {
    const lru = pkg(jest, "lru-cache@10.4.3");
    expect(lru.source).toEqual({ kind: "registry" });
    expect(lru.locations.map((l) => l.line)).toEqual([15815, 15838]);
    expect(lru.locations[1]?.key).toMatch(/^lru-cache@patch:lru-cache@npm:10\.4\.3#/);
    const fsevents = pkg(jest, "fsevents@2.3.3");
    expect(fsevents.locations.map((l) => l.key)).toEqual([
      "fsevents@npm:~2.3.2",
      "fsevents@patch:fsevents@npm%3A~2.3.2#optional!builtin<compat/fsevents>",
    ]);
  });

  it("reads aliases from the resolution and multi-descriptor keys", () => {
    expect(pkg(jest, "@slorber/react-helmet-async@1.3.0").aliases).toEqual(["react-helmet-async"]);
    expect(pkg(jest, "@babel/core@8.0.1").aliases).toEqual(["@babel-8/core"]);
    expect(pkg(jest, "@babel/core@7.29.7").locations[0]).toEqual({
      key:
        "@babel/core@npm:7.29.7, @babel/core@npm:^7.21.3, @babel/core@npm:^7.23.9, @babel/core@npm:^7.24.4, " +
        "@babel/core@npm:^7.25.2, @babel/core@npm:^7.25.9, @babel/core@npm:^7.27.4",
      line: 451,
    });
  });

  it("stores the cache checksum as sha512", () => {
    expect(pkg(jest, "@11ty/gray-matter@1.0.0").hashes).toEqual([
      {
        algorithm: "sha512",
        value:
          "e3767a3c2eabe37ed14a4d5fccd50f3df9528113897d3c9a59a7de156866e3e4922a7b9c18582211cd0c79861fef7fcc7f1e50806680d2339d8aa34df9613f61",
      },
    ]);
    // The builtin patch entry has no checksum: the only hash is the unpatched archive's.
    expect(pkg(jest, "fsevents@2.3.3").hashes.map((h) => h.value.slice(0, 12))).toEqual(["4c1ade961ded"]);
  });

  it("does not link packages to workspaces they depend on", () => {
    // @jest/environment-jsdom-abstract@npm:^30.0.0 is a descriptor of the workspace entry.
    expect(jest.edges.some((e) => e.to.includes("@jest/environment-jsdom-abstract"))).toBe(false);
  });
});
